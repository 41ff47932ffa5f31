package io.stamprelease.cli.release;

import io.stamprelease.cli.StampCommand;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.cli.support.Production;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.release.ReleaseState;
import io.stamprelease.core.release.ReleaseStateFile;
import io.stamprelease.core.release.ReleaseStateStore;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.ChildJvm;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp release has one writer per state file: a second run is refused, a killed run does not block")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseWriterLockTest {
  static final Path CHART = Production.CHART;

  SimulatedCloud cloud;
  SimConfigFiles files;

  @BeforeAll
  void startCloud(@TempDir Path simDir) {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    files = cloud.writeConfig(simDir);
    HelmProcessEnvironment.prepare();
    Production.install(cloud, "lock");
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  @Test
  @DisplayName("Given a release waiting at its gate in another process, when the same release starts again, then it exits 2 naming "
      + "that process and writes nothing; once that process is killed with SIGKILL, the release continues")
  void secondWriterRefusedUntilTheFirstIsKilled(@TempDir Path dir, @TempDir Path childHome) throws Exception {
    // Given: the release in a child JVM, held at the canary gate (it asks on its stdin, which nobody answers)
    Files.writeString(dir.resolve("values.yaml"), "web: {image: {tag: '1.1.0'}}\napi: {image: {tag: '1.1.0'}}\n");
    Path plan = Files.writeString(dir.resolve("stamps.yaml"), """
        name: lock
        app: {release: demo, namespace: lock, chart: %s, valuesFiles: [values.yaml], smokePath: /healthz}
        stamps:
          - {name: seattle, hub: seattle}
          - {name: denver, hub: denver}
        waves:
          - {name: canary, stamps: [seattle], gate: {approvers: [alice], minApprovals: 1, timeout: 1h}}
          - {name: rest, stamps: [denver]}
        traffic: {provider: azure-traffic-manager, profile: stamp-release-app, restoreSteps: [100], bake: 100ms}
        """.formatted(CHART));
    Path stateFile = dir.resolve("release-state.json");
    String[] args = {"release", "--plan", plan.toString(), "--config", files.hubsYaml().toString(), "--dns-wait", "100ms", "--poll", "100ms",
        "--timeout", "1m"};
    try (ChildJvm first = ChildJvm.start(StampCommand.class, Map.of("HOME", childHome.toString()), args)) {
      Await.until("the first run waits at the canary gate", Duration.ofSeconds(90),
          () -> new ReleaseStateFile(stateFile).read().waves.get("canary").gateOpened != null);
      Map<String, String> before = snapshot(dir);
      cloud.publicRegion().arm().journal().clear();
      cloud.hubs().forEach(h -> h.arm().journal().clear());

      // When
      CliRunner second = CliRunner.run(append(args, "--auto-approve"));

      // Then
      assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(second.err()).contains("'" + stateFile + "' is in use by another run of this release: pid " + first.pid() + " on host ",
          "(stamp release, since ");
      assertThat(snapshot(dir)).as("every file of the release's directory, byte for byte").isEqualTo(before)
          .containsKeys("release-state.json", "release-state.json.lock");
      assertThat(cloud.publicRegion().arm().journal().writes()).isEmpty();

      // When: the first run is killed (an aborted CI job, kill -9)
      first.kill();
    }
    assertThat(Files.readString(ReleaseStateStore.lockFile(stateFile))).as("the dead run's lock file is left").contains("pid=");

    // Then: its lock file does not block; the release continues where it stopped
    CliRunner third = CliRunner.run(append(args, "--auto-approve"));
    assertThat(third.exitCode()).as(third.err()).isEqualTo(ExitCode.OK);
    assertThat(third.err()).contains("continuing release lock from " + stateFile);
    ReleaseState end = new ReleaseStateFile(stateFile).read();
    assertThat(end.result).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(ReleaseStateStore.lockFile(stateFile)).doesNotExist();
  }

  /** Every file under {@code dir} with its content's SHA-256. */
  static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> files = new java.util.TreeMap<>();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(p))));
      }
    }
    return files;
  }

  static String[] append(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
