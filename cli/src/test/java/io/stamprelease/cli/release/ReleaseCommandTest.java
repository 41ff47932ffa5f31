package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.release.ReleaseListener;
import io.stamprelease.core.release.ReleaseOptions;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.release.ReleaseState;
import io.stamprelease.core.release.ReleaseStateFile;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.arm.JournalEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp release")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseCommandTest {
  static final Path CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize();
  static final String[] FAST = {"--dns-wait", "100ms", "--poll", "100ms", "--timeout", "1m", "--auto-approve"};
  static final ObjectMapper JSON = new ObjectMapper();

  SimulatedCloud cloud;
  SimConfigFiles files;
  HubsFile hubs;
  TrafficManagerProvider traffic;
  String user = PromptGate.currentUser();

  @TempDir
  Path dir;

  @BeforeAll
  void startCloud(@TempDir Path simDir) {
    cloud = SimulatedCloud.startWithClusters(3, HubSettings.fast(), s -> { });
    files = cloud.writeConfig(simDir);
    hubs = HubsFile.load(files.hubsYaml(), Map.of());
    traffic = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(),
        hubs.trafficManagerProfileId().orElseThrow());
    HelmProcessEnvironment.prepare();
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void everyStampEnabledAtEqualWeight() throws IOException {
    TrafficState s = traffic.read();
    traffic.apply(s, TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500), "austin",
        EndpointSetting.enabled(500)), "test", "reset"));
    cloud.publicRegion().arm().journal().clear();
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /** A plan for namespace {@code ns}: the demo chart, the given waves (YAML list), stamp values and gate. */
  Path plan(String ns, String waves, String stampValues) throws IOException {
    Files.writeString(dir.resolve("release-values.yaml"), "web: {image: {tag: '1.1.0'}}\napi: {image: {tag: '1.1.0'}}\n");
    return Files.writeString(dir.resolve("stamps.yaml"), """
        name: %s
        app:
          release: demo
          namespace: %s
          chart: %s
          valuesFiles: [release-values.yaml]
          stampValues: {%s}
          smokePath: /healthz
        stamps:
          - {name: seattle, hub: seattle}
          - {name: denver, hub: denver}
          - {name: austin, hub: austin}
        waves:
        %s
        traffic:
          provider: azure-traffic-manager
          profile: stamp-release-app
          restoreSteps: [10, 50, 100]
          bake: 200ms
        maxFailedStamps: 1
        """.formatted(ns, ns, CHART, stampValues, waves.indent(2)));
  }

  static final String TWO_WAVES = """
      - name: canary
        stamps: [seattle]
        gate: {approvers: [alice, bob], minApprovals: 1, timeout: 1h}
      - name: rest
        stamps: [denver, austin]
        maxParallel: 2
      """;

  /** Version 1.0.0 in {@code ns} on every stamp, and every endpoint Online: production before the release. */
  void production(String ns) {
    cloud.hubs().parallelStream().forEach(hub -> {
      HelmRolloutRequest r = new HelmRolloutInput().kubeconfigContents(cloud.hub(hub.name()).cluster().kubeconfig("default")).release("demo")
          .namespace(ns).chart(CHART.toString()).createNamespace(true).set(List.of("host=" + hub.appHost(SimulatedCloud.APP))).timeout("1m")
          .validate();
      try (HelmRollout rollout = new HelmRollout(r)) {
        Engine engine = Engine.system(e -> { });
        Outcome<HelmRolloutState> o = engine.run(rollout.step(), engine.start(rollout.step(), rollout.initialState()), hub.name(),
            new Engine.Cancellation());
        assertThat(o.status()).as(o.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      }
    });
    Await.until("every stamp Online", Duration.ofSeconds(20), () -> traffic.read().endpoints().stream().allMatch(e -> e.serving()));
    cloud.publicRegion().arm().journal().clear();
  }

  List<Secret> helmRecords(String stamp, String ns) {
    return cloud.hub(stamp).cluster().client().secrets().inNamespace(ns).withLabels(Map.of("owner", "helm", "name", "demo")).list().getItems();
  }

  String helmStatus(String stamp, String ns, int revision) {
    return helmRecords(stamp, ns).stream().filter(s -> s.getMetadata().getLabels().get("version").equals(String.valueOf(revision)))
        .map(s -> s.getMetadata().getLabels().get("status")).findFirst().orElse("absent");
  }

  /** Accepted Traffic Manager PUTs that took {@code endpoint} from enabled to disabled: the drains it saw (412s are not changes). */
  long drainsOf(String endpoint) throws IOException {
    boolean enabled = true;
    long drains = 0;
    for (JournalEntry e : cloud.publicRegion().arm().journal().writes().stream().filter(w -> w.status() < 300).toList()) {
      for (JsonNode ep : JSON.readTree(e.body()).at("/properties/endpoints")) {
        if (ep.path("name").asText().equals(endpoint)) {
          boolean now = ep.at("/properties/endpointStatus").asText().equals("Enabled");
          drains += enabled && !now ? 1 : 0;
          enabled = now;
        }
      }
    }
    return drains;
  }

  JsonNode releaseJson() throws IOException {
    return JSON.readTree(dir.resolve("release.json").toFile());
  }

  static JsonNode stamp(JsonNode record, String name) {
    for (JsonNode s : record.path("stamps")) {
      if (s.path("stamp").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no stamp " + name + " in " + record);
  }

  CliRunner release(Path plan, String... more) {
    List<String> args = new ArrayList<>(List.of("release", "--plan", plan.toString(), "--config", files.hubsYaml().toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  // ---- tests ---------------------------------------------------------------------------------------------------

  @Test
  @DisplayName("an invalid plan is refused with exit 2 naming every problem, and nothing is written anywhere")
  void invalidPlan() throws Exception {
    // Given
    Path plan = Files.writeString(dir.resolve("bad.yaml"), """
        app: {release: demo, chart: %s}
        stamps:
          - {name: seattle, hub: seattle}
          - {name: denver, hub: nowhere}
        waves:
          - {name: one, stamps: [seattle, paris]}
        traffic: {restoreSteps: [50, 10]}
        """.formatted(CHART));

    // When
    CliRunner r = release(plan, FAST);

    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("unknown hub 'nowhere'", "unknown stamp 'paris'", "stamp 'denver' is in no wave", "traffic.restoreSteps");
    assertThat(dir.resolve("release-state.json")).doesNotExist();
    assertThat(dir.resolve("release.json")).doesNotExist();
    assertThat(cloud.publicRegion().arm().journal().writes()).isEmpty();
  }

  @Test
  @DisplayName("a state file changed after it was written is refused with exit 2 naming it, left byte for byte, and nothing is written")
  void damagedState() throws Exception {
    // Given: the state a release of this plan starts from, saved, then one value edited by hand
    Path plan = plan("damaged", TWO_WAVES, "");
    String digest = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(plan)));
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    file.write(io.stamprelease.core.release.ReleaseStart.prepare(io.stamprelease.core.release.ReleasePlanFile.load(plan,
        Set.of("seattle", "denver", "austin"), Set.of()), plan.toString(), digest, file, user, null, "test", java.time.Instant.now()));
    Files.writeString(file.path(), Files.readString(file.path()).replace("\"PENDING\"", "\"SUCCEEDED\""));
    byte[] before = Files.readAllBytes(file.path());

    // When
    CliRunner r = release(plan, FAST);

    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("'" + file.path() + "' does not match its checksum");
    assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
    assertThat(dir.resolve("release.json")).doesNotExist();
    assertThat(cloud.publicRegion().arm().journal().writes()).isEmpty();
    assertThat(cloud.hubs()).allSatisfy(h -> assertThat(helmRecords(h.name(), "damaged")).isEmpty());
  }

  @Test
  @DisplayName("a 3-stamp release with --auto-approve deploys every stamp and restores traffic to all of them")
  void threeStampsSucceed() throws Exception {
    // Given
    production("ok");
    Path plan = plan("ok", TWO_WAVES, "");

    // When
    CliRunner r = release(plan, FAST);

    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    for (String s : List.of("seattle", "denver", "austin")) {
      assertThat(helmStatus(s, "ok", 2)).as(s).isEqualTo("deployed");
      assertThat(drainsOf(s)).as(s).isEqualTo(1);
    }
    assertThat(traffic.read().settings()).containsOnly(Map.entry("seattle", EndpointSetting.enabled(500)),
        Map.entry("denver", EndpointSetting.enabled(500)), Map.entry("austin", EndpointSetting.enabled(500)));
    JsonNode record = releaseJson();
    assertThat(record.path("result").asText()).isEqualTo("SUCCEEDED");
    assertThat(stamp(record, "seattle").path("phases").findValuesAsText("phase")).containsExactly("drain", "rollout", "smoke", "restore");
    assertThat(stamp(record, "denver").path("nodeCounts").path("agentpool1").asInt()).isEqualTo(3);
    assertThat(stamp(record, "austin").path("images").toString()).contains("registry.local/demo-web:1.1.0", "registry.local/demo-api:1.1.0");
    assertThat(record.path("gates").get(0).path("approvals").get(0).path("user").asText()).isEqualTo("auto-approve (" + user + ")");
    assertThat(record.path("trafficChanges").size()).isEqualTo(3 * 5); // per stamp: drain, probe, 10 %, 50 %, 100 %
    assertThat(r.err()).contains("seattle    canary   RESTORING");
  }

  @Test
  @DisplayName("a crashing stamp in wave 2 with maxFailedStamps 1 is rolled back and stays drained, wave 3 is frozen, the release halts")
  void crashHaltsTheRelease() throws Exception {
    // Given: three waves; denver (wave 2) gets the chart's crash toggle
    production("crash");
    Path plan = plan("crash", """
        - {name: one, stamps: [seattle]}
        - {name: two, stamps: [denver]}
        - {name: three, stamps: [austin]}
        """, "denver: {crash: 'true'}");

    // When
    CliRunner r = release(plan, FAST);

    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAILED);
    assertThat(helmStatus("denver", "crash", 2)).isEqualTo("failed");
    assertThat(helmStatus("denver", "crash", 3)).isEqualTo("deployed"); // the rollback to revision 1
    assertThat(helmRecords("austin", "crash")).hasSize(1); // frozen: never touched
    TrafficState now = traffic.read();
    assertThat(now.endpoint("denver").orElseThrow().enabled()).isFalse();
    assertThat(now.serving()).extracting(e -> e.name()).containsExactlyInAnyOrder("seattle", "austin");
    JsonNode record = releaseJson();
    assertThat(record.path("result").asText()).isEqualTo("HALTED");
    assertThat(stamp(record, "denver").path("result").asText()).isEqualTo("FAILED");
    assertThat(stamp(record, "denver").path("failureReasons").toString()).contains("CrashLoopBackOff");
    assertThat(stamp(record, "denver").path("phases").findValuesAsText("phase")).containsExactly("drain", "rollout", "rollback");
    assertThat(stamp(record, "austin").path("result").asText()).isEqualTo("HALTED");
    assertThat(stamp(record, "seattle").path("result").asText()).isEqualTo("SUCCEEDED");
    assertThat(r.out()).contains("blast-radius budget reached", "austin     three    FROZEN");
  }

  @Test
  @DisplayName("killed after wave 1, a re-run with the same state file continues: no second helm revision and no second drain of seattle")
  void resumesAfterKill() throws Exception {
    // Given: a run stopped as soon as the state file says wave canary is done
    production("resume");
    Path plan = plan("resume", TWO_WAVES, "");
    Path stateFile = dir.resolve("release-state.json");
    ReleaseSetup setup = ReleaseSetup.load(plan, hubs, w -> { });
    Engine.Cancellation kill = new Engine.Cancellation();
    List<String> stateAtKill = new ArrayList<>();
    ReleaseListener stopAfterCanary = new ReleaseListener() {
      @Override
      public void stampChanged(StampStatus status) {
      }

      @Override
      public void line(String message) {
        if (message.equals("wave canary done")) {
          stateAtKill.add(new ReleaseStateFile(stateFile).read().waves.get("canary").phase.name());
          kill.cancel();
        }
      }
    };
    Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ReleaseOptions fast = new ReleaseOptions("100ms", "100ms", "1m", 5, "200ms");
    CommandResult first = ReleaseCommand.run(quiet, stopAfterCanary, setup, stateFile, dir, GateAnswers.AUTO_APPROVE, user, null, fast, kill);
    assertThat(stateAtKill).containsExactly("DONE");
    assertThat(first.json().path("result").asText()).isEqualTo("RUNNING");
    assertThat(helmRecords("seattle", "resume")).hasSize(2);
    assertThat(helmRecords("denver", "resume")).hasSize(1);

    // When
    CliRunner second = release(plan, FAST);

    // Then
    assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCode.OK);
    assertThat(second.err()).contains("continuing release resume from " + stateFile);
    assertThat(helmRecords("seattle", "resume")).hasSize(2);
    assertThat(drainsOf("seattle")).isEqualTo(1);
    assertThat(drainsOf("denver")).isEqualTo(1);
    assertThat(helmStatus("denver", "resume", 2)).isEqualTo("deployed");
    ReleaseState end = new ReleaseStateFile(stateFile).read();
    assertThat(end.result).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(end.stamps.values()).allSatisfy(s -> assertThat(s.checkpoint).isNull());
    assertThat(Files.readString(stateFile)).doesNotContain("client-secret", "BEGIN CERTIFICATE", "token");
  }

  @Nested
  @DisplayName("gates")
  class GatesFromFiles {
    @Test
    @DisplayName("an --approvals file in which the requester approves is refused with exit 2 before anything runs")
    void requesterMayNotApprove() throws Exception {
      // Given
      Path plan = plan("gate-requester", TWO_WAVES.replace("[alice, bob]", "[alice, " + user + "]"), "");
      Path approvals = Files.writeString(dir.resolve("approvals.yaml"), "- {wave: canary, user: " + user + ", decision: approve, comment: mine}\n");

      // When
      CliRunner r = release(plan, "--approvals", approvals.toString(), "--dns-wait", "100ms");

      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(r.err()).contains(user + " started this release and may not approve it");
      assertThat(dir.resolve("release-state.json")).doesNotExist();
      assertThat(cloud.publicRegion().arm().journal().writes()).isEmpty();
    }

    @Test
    @DisplayName("a rejection at the gate halts the release: the next wave is frozen and the answer is recorded")
    void rejectionHalts() throws Exception {
      // Given
      production("gate-reject");
      Path plan = plan("gate-reject", TWO_WAVES, "");
      Path approvals = Files.writeString(dir.resolve("approvals.yaml"), """
          - {wave: canary, user: bob, decision: reject, comment: error budget spent}
          """);

      // When
      CliRunner r = release(plan, "--approvals", approvals.toString(), "--dns-wait", "100ms", "--poll", "100ms");

      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAILED);
      assertThat(helmStatus("seattle", "gate-reject", 2)).isEqualTo("deployed");
      assertThat(helmRecords("denver", "gate-reject")).hasSize(1);
      JsonNode record = releaseJson();
      assertThat(record.path("result").asText()).isEqualTo("HALTED");
      assertThat(record.path("gates").get(0).path("decision").asText()).isEqualTo("REJECTED");
      assertThat(record.path("gates").get(0).path("approvals").get(0).path("comment").asText()).isEqualTo("error budget spent");
      assertThat(stamp(record, "denver").path("result").asText()).isEqualTo("HALTED");
    }
  }
}
