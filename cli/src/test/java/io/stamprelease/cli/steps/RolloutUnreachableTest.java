package io.stamprelease.cli.steps;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp rollout against a cluster it cannot reach exits 3, saying which API server and what failed")
class RolloutUnreachableTest {
  static final String CHART = Path.of("..", "samples", "charts", "demo").toString();

  @TempDir
  Path dir;

  Path kubeconfig(String server) throws Exception {
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: '%s'}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """.formatted(server));
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @DisplayName("TCP: exit 3 (not 1 with a raw KubernetesClientException), the API server named, the network asked about")
  void refused() throws Exception {
    int port = closedPort();

    CliRunner r = CliRunner.run("rollout", "--kubeconfig", kubeconfig("https://127.0.0.1:" + port).toString(), "--release", "web", "-n",
        "apps", "--chart", CHART);

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(r.out()).contains("Kubernetes API server https://127.0.0.1:" + port + " (TCP): cannot run task plan of release web in apps",
        "is this agent inside the hub's network").doesNotContain("KubernetesClientException", "unexpected error");
  }

  @Test
  @DisplayName("DNS, in a dry run (Helm's error): exit 3 on stderr, naming the host")
  void unknownHostDryRun() throws Exception {
    CliRunner r = CliRunner.run("rollout", "--kubeconfig", kubeconfig("https://api.no-such-stamp.invalid:6443").toString(), "--release",
        "web", "-n", "apps", "--chart", CHART, "--dry-run");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(r.err()).contains("Kubernetes API server https://api.no-such-stamp.invalid:6443 (DNS): cannot helm upgrade --dry-run=server: "
        + "its host name does not resolve", "is this agent inside the hub's network?");
  }
}
