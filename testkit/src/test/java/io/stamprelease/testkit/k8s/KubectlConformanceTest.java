package io.stamprelease.testkit.k8s;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Real kubectl works against a simulated cluster")
class KubectlConformanceTest {

  private static SimulatedCluster cluster;

  @TempDir
  static Path tmp;

  private static Path kubeconfig;

  @BeforeAll
  static void startCluster() throws IOException {
    boolean available = kubectlOnPath();
    if (!available) {
      System.out.println("kubectl not on PATH: skipping the kubectl conformance tests");
    }
    assumeTrue(available, "kubectl not on PATH");
    cluster = SimulatedCluster.start("kubectl-stamp");
    kubeconfig = tmp.resolve("kubeconfig");
    Files.createFile(kubeconfig, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(kubeconfig, cluster.kubeconfig("ns1"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("kubectl get nodes lists a Node created through the client, verifying TLS with the kubeconfig's CA data")
  void getNodes() throws Exception {
    // Given
    cluster.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-0").endMetadata().build()).create();

    // When
    Result result = kubectl("get", "nodes", "-o", "name");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("node/node-0");
  }

  @Test
  @DisplayName("kubectl get deploy resolves the short name through discovery and lists the namespace's Deployments")
  void getDeployments() throws Exception {
    // Given
    cluster.client().apps().deployments().inNamespace("ns1").resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();

    // When
    Result result = kubectl("get", "deploy", "-n", "ns1");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("web");
  }

  @Test
  @DisplayName("client-side apply twice creates then strategic-merge-patches a ConfigMap, and delete removes it")
  void applyTwiceThenDelete() throws Exception {
    // Given
    Path manifest = tmp.resolve("cm.yaml");
    Files.writeString(manifest, configMap("1"));
    Result created = kubectl("apply", "-f", manifest.toString());
    Files.writeString(manifest, configMap("2"));
    cluster.journal().clear();

    // When
    Result patched = kubectl("apply", "-f", manifest.toString());

    // Then
    assertThat(created.exitCode()).as(created.output()).isZero();
    assertThat(patched.exitCode()).as(patched.output()).isZero();
    assertThat(cluster.journal().count(e -> e.method().equals("PATCH")
        && e.contentType().startsWith("application/strategic-merge-patch+json") && e.status() == 200)).isEqualTo(1);
    assertThat(cluster.client().configMaps().inNamespace("ns1").withName("cfg").get().getData()).containsEntry("a", "2");

    // When
    Result deleted = kubectl("delete", "configmap", "cfg", "-n", "ns1");

    // Then
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();
    assertThat(cluster.client().configMaps().inNamespace("ns1").withName("cfg").get()).isNull();
  }

  private static String configMap(String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: ns1\ndata:\n  a: \"" + value + "\"\n";
  }

  private record Result(int exitCode, String output) {
  }

  private static Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", tmp.resolve("kubectl-cache").toString(), "--request-timeout=10s"));
    command.addAll(List.of(args));
    // output goes to a file so that a hung kubectl cannot block us past the timeout on a pipe read
    Path output = Files.createTempFile(tmp, "kubectl", ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Path home = Files.createDirectories(tmp.resolve("home"));
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, Files.readString(output) + "\n(kubectl timed out)");
    }
    return new Result(process.exitValue(), Files.readString(output));
  }

  private static boolean kubectlOnPath() {
    try {
      Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
