package io.stamprelease.cli.steps;

import io.stamprelease.cli.StampCommand;
import io.stamprelease.testkit.ChildJvm;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A stamp rollout stopped with SIGTERM or SIGKILL leaves no private Helm directory or kubeconfig copy behind")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutLeftoversTest {
  static final String CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize().toString();
  static final String USER = System.getProperty("user.name");

  SimulatedCloud cloud;
  SimConfigFiles files;
  String token;

  @BeforeAll
  void startCloud(@TempDir Path simDir) throws Exception {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    files = cloud.writeConfig(simDir);
    String kubeconfig = Files.readString(simDir.resolve("seattle.kubeconfig"));
    token = kubeconfig.lines().filter(l -> l.strip().startsWith("token:")).findFirst().orElseThrow().strip().substring("token:".length()).strip();
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  /** `stamp rollout` of pods that never get Ready, as a new user: it is tracking (the rollout's private directory exists) when this returns. */
  ChildJvm rolloutInProgress(Path home, Path tmp, String namespace) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
    env.put("KUBECONFIG", null);
    ChildJvm child = ChildJvm.start(StampCommand.class, List.of("-Djava.io.tmpdir=" + tmp), env, (Path) null, "rollout", "--kubeconfig",
        files.dir().resolve("seattle.kubeconfig").toString(), "--release", "slow", "-n", namespace, "--create-namespace", "--chart", CHART,
        "--set", "behavior=never-ready", "--timeout", "2m", "--no-rollback");
    child.awaitLine(l -> l.contains("upgrade: helm upgrade --install created revision"), Duration.ofMinutes(2));
    return child;
  }

  static Path runDirectoryOf(Path tmp, long pid) throws Exception {
    try (Stream<Path> runs = Files.list(tmp.resolve("stamp-release-" + USER))) {
      return runs.filter(p -> p.getFileName().toString().startsWith("run-" + pid + "-")).findFirst().orElse(null);
    }
  }

  /** Every file under {@code dir} whose content holds the cluster's token. */
  List<Path> filesWithToken(Path dir) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(p -> {
        try {
          return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(token);
        } catch (Exception e) {
          return false;
        }
      }).toList();
    }
  }

  @Test
  @DisplayName("SIGTERM (Ctrl-C, a CI abort) during tracking: the run directory is deleted by the shutdown hook")
  void sigterm(@TempDir Path root) throws Exception {
    // Given a rollout tracking pods that never get Ready, its private directory in place
    Path home = Files.createDirectories(root.resolve("home"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    try (ChildJvm rollout = rolloutInProgress(home, tmp, "leftovers-term")) {
      Path run = runDirectoryOf(tmp, rollout.pid());
      try (Stream<Path> inside = Files.list(run)) {
        assertThat(inside.map(p -> p.getFileName().toString())).contains("helm").anyMatch(n -> n.startsWith("helm-slow-"));
      }

      // When
      rollout.terminate();

      // Then
      assertThat(run).doesNotExist();
      assertThat(filesWithToken(tmp)).isEmpty();
      assertThat(filesWithToken(home)).isEmpty();
    }
  }

  @Test
  @DisplayName("SIGKILL during tracking: the run directory stays, and the next stamp command sweeps it")
  void sigkill(@TempDir Path root) throws Exception {
    // Given a rollout tracking pods that never get Ready
    Path home = Files.createDirectories(root.resolve("home"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Path run;
    try (ChildJvm rollout = rolloutInProgress(home, tmp, "leftovers-kill")) {
      run = runDirectoryOf(tmp, rollout.pid());

      // When
      rollout.kill();
    }
    assertThat(run).as("SIGKILL runs no shutdown hook").isDirectory();

    // Then: the next command (here a dry run) sweeps it
    Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
    env.put("KUBECONFIG", null);
    try (ChildJvm next = ChildJvm.start(StampCommand.class, List.of("-Djava.io.tmpdir=" + tmp), env, (Path) null, "rollout", "--kubeconfig",
        files.dir().resolve("seattle.kubeconfig").toString(), "--release", "slow", "-n", "leftovers-kill", "--chart", CHART, "--dry-run")) {
      assertThat(next.awaitExit(Duration.ofMinutes(2))).as(next.output()).isZero();
    }
    assertThat(run).doesNotExist();
    try (Stream<Path> left = Files.list(tmp.resolve("stamp-release-" + USER))) {
      assertThat(left).isEmpty();
    }
    assertThat(filesWithToken(tmp)).isEmpty();
  }
}
