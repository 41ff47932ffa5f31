package io.stamprelease.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.cli.StampCommand;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp sim")
class SimCommandTest {

  @Test
  @DisplayName("bad input is refused with exit 2, naming every bad option, and starts nothing")
  void badInput(@TempDir Path dir) {
    CliRunner r = CliRunner.run("sim", "--hubs", "0", "--dir", dir.toString(), "--speed", "warp", "--faults", "explode:1");
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("--hubs: must be between 1 and 12 (was 0)").contains("--speed: must be demo or fast")
        .contains("--faults: unknown fault 'explode' (allowed: throttle, 5xx, reset, latency, lro-fail)");
    assertThat(dir.resolve("hubs.yaml")).doesNotExist();
  }

  @Test
  @DisplayName("starts 2 hubs whose clusters real kubectl sees Ready, then stops and deletes the credentials it wrote")
  void runsHubsForKubectl(@TempDir Path dir) throws Exception {
    // Given `stamp sim` running in the background, its JSON summary piped to us
    PipedWriter pipe = new PipedWriter();
    BufferedReader summary = new BufferedReader(new PipedReader(pipe, 1 << 16));
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread sim = new Thread(() -> exitCode.set(StampCommand.run(new PrintWriter(pipe, true), new PrintWriter(new StringWriter(), true),
        "sim", "--hubs", "2", "--dir", dir.toString(), "--speed", "fast", "--duration", "120s", "--output", "json")), "stamp-sim-under-test");
    sim.start();
    // When the summary arrives (printed only once every hub is ready)
    StringBuilder json = new StringBuilder();
    for (String line = summary.readLine(); line != null && !line.equals("}"); line = summary.readLine()) {
      json.append(line).append('\n');
    }
    JsonNode doc = new ObjectMapper().readTree(json.append("}").toString());
    // Then
    assertThat(doc.path("hubs")).hasSize(2);
    assertThat(doc.at("/hubs/0/readyNodes").asInt()).isEqualTo(6);
    assertThat(doc.path("trafficManagerProfileId").asText()).contains("/trafficManagerProfiles/stamp-release-app");
    assertThat(Files.readString(dir.resolve("hubs.yaml"))).contains("name: seattle").contains("name: denver");
    Path kubeconfig = dir.resolve("seattle.kubeconfig");
    if (kubectlOnPath()) {
      String nodes = kubectl(dir, kubeconfig, "get", "nodes", "--no-headers");
      assertThat(nodes.lines()).hasSize(6).allMatch(l -> l.contains(" Ready "));
    } else {
      System.out.println("kubectl not on PATH: the kubectl part of this test was not run");
    }
    // And when the simulation is interrupted it stops and removes its credential files
    sim.interrupt();
    sim.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(sim.isAlive()).isFalse();
    assertThat(exitCode.get()).isEqualTo(ExitCode.OK);
    assertThat(kubeconfig).doesNotExist();
    assertThat(dir.resolve("secrets/seattle.client-secret")).doesNotExist();
  }

  static boolean kubectlOnPath() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  static String kubectl(Path work, Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        work.resolve("kubectl-cache").toString(), "--request-timeout=10s"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", work.toString());
    pb.environment().remove("KUBECONFIG");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
