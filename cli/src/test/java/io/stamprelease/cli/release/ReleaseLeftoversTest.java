package io.stamprelease.cli.release;

import io.stamprelease.cli.StampCommand;
import io.stamprelease.cli.support.Production;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.release.ReleaseStateFile;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.ChildJvm;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
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

/**
 * What a `stamp release` killed with SIGKILL leaves — its run directory (Helm's private home, and during a Helm call the
 * kubeconfig copy with the cluster's token) and, killed during a state write, AtomicFile's temporary sibling of the state
 * file — is removed by the next run of the release: the temporaries once it holds the state file's lock, the run
 * directory because its process is gone. A live process's run directory is left alone.
 */
@DisplayName("The next stamp release removes what a SIGKILLed run left: its run directory with the kubeconfig copy, the state's temporary files")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseLeftoversTest {
  static final Path CHART = Production.CHART;
  static final String USER = System.getProperty("user.name");

  SimulatedCloud cloud;
  SimConfigFiles files;

  @BeforeAll
  void startCloud(@TempDir Path simDir) {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    files = cloud.writeConfig(simDir);
    HelmProcessEnvironment.prepare();
    Production.install(cloud, "leftovers");
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  ChildJvm release(Path home, Path tmp, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
    for (String buildOnly : List.of("KUBECONFIG", "HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
        "XDG_DATA_HOME", "KUBECACHEDIR")) {
      env.put(buildOnly, null);
    }
    return ChildJvm.start(StampCommand.class, List.of("-Djava.io.tmpdir=" + tmp), env, (Path) null, args);
  }

  @Test
  @DisplayName("Given a release killed with SIGKILL at its gate, a kubeconfig copy of a Helm call and a state write it was in, when the "
      + "release runs again, then it ends SUCCEEDED and none of them is left; a live process's run directory stays")
  void nextRunSweeps(@TempDir Path root) throws Exception {
    // Given: the release in a child JVM under a fresh HOME and java.io.tmpdir, held at the canary gate, then killed
    Path home = Files.createDirectories(root.resolve("home"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Path dir = Files.createDirectories(root.resolve("release"));
    Files.writeString(dir.resolve("values.yaml"), "web: {image: {tag: '1.1.0'}}\napi: {image: {tag: '1.1.0'}}\n");
    Path plan = Files.writeString(dir.resolve("stamps.yaml"), """
        name: leftovers
        app: {release: demo, namespace: leftovers, chart: %s, valuesFiles: [values.yaml], smokePath: /healthz}
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
    Path runs = tmp.resolve("stamp-release-" + USER);
    Path killedRun;
    try (ChildJvm first = release(home, tmp, args)) {
      Await.until("the first run waits at the canary gate", Duration.ofSeconds(90),
          () -> Files.exists(stateFile) && new ReleaseStateFile(stateFile).read().waves.get("canary").gateOpened != null);
      killedRun = runDirectoryOf(runs, first.pid());
      assertThat(killedRun).as("the run's private directory, Helm's home inside").isNotNull();
      assertThat(killedRun.resolve("helm").resolve("home")).isDirectory();

      // When killed (an aborted CI job, kill -9): no shutdown hook runs
      first.kill();
    }
    assertThat(killedRun).isDirectory();
    // what a kill inside a Helm call leaves in that directory: the rollout's private directory with the kubeconfig copy
    String kubeconfig = Files.readString(files.dir().resolve("seattle.kubeconfig"));
    Path helmDir = Files.createDirectory(killedRun.resolve("helm-demo-4711"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Files.writeString(Files.createFile(helmDir.resolve("kubeconfig"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))), kubeconfig);
    // what a kill between AtomicFile's temporary write and its rename leaves beside the state file
    Path stateTemporary = Files.writeString(dir.resolve(".release-state.json.8815209331472.tmp"), "{\"release\": \"leftovers\", \"sta");
    // a run directory of a live process (this JVM), as another stamp command running now has
    ProcessHandle self = ProcessHandle.current();
    Path liveRun = Files.createDirectory(runs.resolve("run-" + self.pid() + "-" + self.info().startInstant().map(Instant::toEpochMilli)
        .orElseThrow()));
    Files.writeString(liveRun.resolve("in-use"), "a live run's file");

    // When: the release runs again
    try (ChildJvm second = release(home, tmp, append(args, "--auto-approve"))) {
      int exit = second.awaitExit(Duration.ofMinutes(3));

      // Then
      assertThat(exit).as(second.output()).isZero();
      assertThat(second.output()).contains("continuing release leftovers from " + stateFile);
    }
    assertThat(new ReleaseStateFile(stateFile).read().result).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(stateTemporary).as("AtomicFile's temporary of the killed write").doesNotExist();
    assertThat(killedRun).as("the killed run's directory, with the kubeconfig copy").doesNotExist();
    assertThat(liveRun.resolve("in-use")).as("a live process's run directory").exists();
    try (Stream<Path> left = Files.list(runs)) {
      assertThat(left).containsExactly(liveRun);
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("stamps.yaml", "values.yaml", "release-state.json",
          "release.json", "release-report.html");
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no stamp-helm-*, helm-java* or other temporary directory")
          .containsExactly("stamp-release-" + USER);
    }
    String token = kubeconfig.lines().filter(l -> l.strip().startsWith("token:")).findFirst().orElseThrow().strip().substring(6).strip();
    assertThat(filesContaining(root, token)).as("files holding the cluster's token").isEmpty();
  }

  static Path runDirectoryOf(Path runs, long pid) throws Exception {
    try (Stream<Path> all = Files.list(runs)) {
      return all.filter(p -> p.getFileName().toString().startsWith("run-" + pid + "-")).findFirst().orElse(null);
    }
  }

  static List<Path> filesContaining(Path dir, String secret) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(p -> {
        try {
          return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(secret);
        } catch (Exception e) {
          return false;
        }
      }).toList();
    }
  }

  static String[] append(String[] args, String... more) {
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
