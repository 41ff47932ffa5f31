package io.stamprelease.core.release;

import static io.stamprelease.core.release.FakeTraffic.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.traffic.EndpointSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a stamp with a cluster: converge and scale before the drain, journaled and resumable, a failure leaves it serving (fakes)")
class StampClusterPhasesTest {
  static final Path SAMPLES = Path.of("..", "samples", "clusters").toAbsolutePath().normalize();
  /** StampProcedureTest's plan with seattle given a cluster: a saved CONVERGING or SCALING phase is then one the plan explains. */
  static final ReleasePlan PLAN = new ReleasePlan(StampProcedureTest.PLAN.name(), StampProcedureTest.PLAN.app(), List.of(
      new ReleasePlan.Stamp("seattle", "seattle", "seattle", "hub-seattle", new ReleasePlan.Cluster("clusters/seattle/azuredeploy.json",
          "clusters/seattle/azuredeploy.parameters.json", "clusters/seattle/apimodel.json", "stamp-seattle", Map.of())),
      StampProcedureTest.PLAN.stamps().get(1)), StampProcedureTest.PLAN.waves(), StampProcedureTest.PLAN.traffic(),
      StampProcedureTest.PLAN.maxFailedStamps());

  @TempDir
  Path dir;
  FakeTraffic traffic;
  StampProcedureTest.FakeRollout rollout;
  FakeCluster cluster;
  StampProcedureTest.MovingClock clock;
  Engine.Cancellation cancellation;
  ReleaseStateFile file;
  ReleaseStateStore store;
  List<String> lines;
  Path kubeconfig;

  /**
   * A cluster in memory: converge journals the akseDeploy phases (NEW → SUBMITTED) and ends as told; scale journals one
   * checkpoint per node it adds, and a pool already at its count ends at once without a checkpoint, as the real seam does.
   * It records what it was called with, and what traffic had been sent at that moment.
   */
  final class FakeCluster implements StampCluster {
    final List<String> calls = new ArrayList<>();
    final Map<String, Integer> pools = new LinkedHashMap<>(Map.of("linuxpool", 3));
    String failDeploy;
    Runnable during = () -> { };

    @Override
    public Outcome<AkseDeployState> converge(String hub, AkseDeployRequest request, Engine engine, Checkpoint<AkseDeployState> from,
        String stamp, Engine.Cancellation cancellation, Consumer<Checkpoint<AkseDeployState>> journal) {
      calls.add("converge " + hub + " " + request.name() + (from == null ? "" : " from task " + from.taskIndex()) + " after " + traffic.sent.size()
          + " traffic change(s)");
      List<AkseDeployState> states = List.of(AkseDeployState.initial(request.name()), new AkseDeployState(request.name(),
          AkseDeployState.Phase.SUBMITTED,
          new io.stamprelease.core.clients.arm.LroOperation("https://arm/op/1", null, null, null, StampProcedureTest.T0, 0, null), "corr-1", StampProcedureTest.T0, -1, null));
      AkseDeployState last = states.get(0);
      for (int i = from == null ? 0 : from.taskIndex(); i < states.size(); i++) {
        last = states.get(i);
        journal.accept(new Checkpoint<>(i, last, StampProcedureTest.T0.plusSeconds(1800), 0, 0, StampProcedureTest.T0, Map.of()));
        during.run();
        if (cancellation.isCancelled()) {
          return new Outcome<>(Outcome.Status.CANCELLED, last, "cancelled", Map.of(), Duration.ZERO);
        }
      }
      if (failDeploy != null) {
        return new Outcome<>(Outcome.Status.FAILED, last, failDeploy, Map.of("result", "deployed"), Duration.ZERO);
      }
      return new Outcome<>(Outcome.Status.SUCCEEDED, last, "6/6 nodes Ready (master 3/3, linuxpool 3/3)", Map.of("result", "deployed",
          "readyNodes", 6, "expectedNodes", 6, "nodesPerPool", Map.of("master", 3, "linuxpool", 3)), Duration.ZERO);
    }

    @Override
    public Outcome<ScaleState> scale(String hub, ScaleRequest request, Engine engine, Checkpoint<ScaleState> from, String stamp,
        Engine.Cancellation cancellation, Consumer<Checkpoint<ScaleState>> journal) {
      String pool = request.pool();
      int before = from != null ? from.state().before() : pools.getOrDefault(pool, 0);
      calls.add("scale " + pool + " to " + request.targetCount() + (from == null ? "" : " from its checkpoint"));
      if (from == null && before == request.targetCount()) {
        return new Outcome<>(Outcome.Status.SUCCEEDED, state(pool, before, before, List.of()), "nothing to do", Map.of(), Duration.ZERO);
      }
      List<String> added = new ArrayList<>();
      for (int i = before; i < request.targetCount(); i++) {
        added.add("k8s-" + pool + "-88404701-" + i);
        if (from != null && added.size() <= from.state().added().size()) {
          continue; // already journaled before the crash
        }
        journal.accept(new Checkpoint<>(0, state(pool, before, request.targetCount(), added), StampProcedureTest.T0.plusSeconds(1800), 0, 0,
            StampProcedureTest.T0, Map.of()));
        pools.put(pool, i + 1);
        during.run();
        if (cancellation.isCancelled()) {
          return new Outcome<>(Outcome.Status.CANCELLED, state(pool, before, request.targetCount(), added), "cancelled", Map.of(), Duration.ZERO);
        }
      }
      return new Outcome<>(Outcome.Status.SUCCEEDED, state(pool, before, request.targetCount(), added), "scaled", Map.of(), Duration.ZERO);
    }

    ScaleState state(String pool, int before, int target, List<String> added) {
      return new ScaleState("stamp-seattle", pool, "88404701", target, before, before == target ? ScaleState.Mode.NONE : ScaleState.Mode.SCALE_OUT,
          before, target, null, null, added, List.of(), List.of());
    }
  }

  @BeforeEach
  void world() throws Exception {
    traffic = new FakeTraffic(endpoint("seattle", true, 500), endpoint("denver", true, 500));
    rollout = new StampProcedureTest.FakeRollout();
    cluster = new FakeCluster();
    clock = new StampProcedureTest.MovingClock();
    cancellation = new Engine.Cancellation();
    lines = new ArrayList<>();
    kubeconfig = Files.writeString(dir.resolve("seattle.kubeconfig"), "apiVersion: v1\nclusters: []\n");
    file = new ReleaseStateFile(dir.resolve("release-state.json"));
    store = new ReleaseStateStore(file, ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test",
        StampProcedureTest.T0));
  }

  StampTarget seattle(Map<String, Integer> nodes) {
    Path files = SAMPLES.resolve("seattle");
    return new StampTarget("seattle", "seattle", StampProcedureTest.SEATTLE.kubeconfig(), null, null, new ClusterTarget("seattle", "stamp-seattle",
        files.resolve("azuredeploy.json"), files.resolve("azuredeploy.parameters.json"), files.resolve("apimodel.json"), kubeconfig, nodes));
  }

  ReleaseContext context() {
    Sleeper instant = (when, cancelled) -> clock.advanceTo(when);
    ReleaseListener listener = new ReleaseListener() {
      @Override
      public void stampChanged(StampStatus status) {
      }

      @Override
      public void line(String message) {
        lines.add(message);
      }
    };
    return new ReleaseContext(PLAN, dir, traffic, FakeTraffic.PROFILE, ReleaseOptions.defaults(), store, listener, clock,
        instant, cancellation, rollout, target -> Map.of("linuxpool", cluster.pools.get("linuxpool"), "master", 3), cluster);
  }

  /** Marks the stamps' wave running, as ReleaseRun does before its stamps run (a re-run judges the saved phases by it). */
  void waveRunning() {
    store.update(s -> s.waves.get("one").phase = ReleaseState.WavePhase.RUNNING);
  }

  StampRecord record() {
    return store.record().stamps().get(0);
  }

  ReleaseState.StampProgress progress() {
    return store.read(s -> s.stamps.get("seattle"));
  }

  @Test
  @DisplayName("the cluster is converged, then scaled, before anything touches traffic; then drain, rollout, restore, each its own lane phase")
  void clusterFirst() {
    // When
    new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 4))).run();
    // Then
    assertThat(cluster.calls).containsExactly("converge seattle " + deploymentName() + " after 0 traffic change(s)", "scale linuxpool to 4");
    assertThat(progress().phase).isEqualTo(StampPhase.SUCCEEDED);
    assertThat(record().phases()).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactly(
        tuple("cluster", ReleaseRecord.Result.SUCCEEDED), tuple("scale", ReleaseRecord.Result.SUCCEEDED), tuple("drain", ReleaseRecord.Result.SUCCEEDED),
        tuple("rollout", ReleaseRecord.Result.SUCCEEDED), tuple("restore", ReleaseRecord.Result.SUCCEEDED));
    assertThat(record().phases().get(0).message()).isEqualTo("deployment " + deploymentName() + ": deployed, 6/6 nodes Ready");
    assertThat(record().phases().get(1).message()).startsWith("linuxpool: 3 -> 4 nodes; added k8s-linuxpool-88404701-3");
    assertThat(record().nodeCounts()).as("counted after the scale, before the drain").containsEntry("linuxpool", 4);
  }

  @Test
  @DisplayName("killed before each write of the state file and each traffic change of a whole run, in turn, a re-run from the state file "
      + "ends SUCCEEDED with each lane phase once: cluster, scale, drain, rollout, restore")
  void killedAnywhere() throws Exception {
    // Given a whole run, and the clock readings at which what a kill would leave changed
    List<String> seen = new ArrayList<>();
    clock.onReading = () -> seen.add(leftByAKill());
    new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 4))).run();
    List<Integer> killPoints = new ArrayList<>();
    for (int reading = 1; reading <= seen.size(); reading++) {
      if (reading == 1 || !seen.get(reading - 1).equals(seen.get(reading - 2))) {
        killPoints.add(reading);
      }
    }
    assertThat(killPoints).hasSizeGreaterThan(10);
    for (int killAt : killPoints) {
      // When a fresh run is killed at that reading, and run again from what the state file holds
      Files.deleteIfExists(file.path());
      world();
      waveRunning();
      clock.killAt = killAt;
      try {
        new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 4))).run();
      } catch (StampProcedureTest.Killed expected) {
        // the process died here
      }
      clock.killAt = -1;
      store = new ReleaseStateStore(file, file.read());
      new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 4))).run();
      // Then
      assertThat(progress().phase).as("killed at clock reading %d: %s", killAt, progress().message).isEqualTo(StampPhase.SUCCEEDED);
      assertThat(record().phases()).as("killed at clock reading %d", killAt).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactly(
          tuple("cluster", ReleaseRecord.Result.SUCCEEDED), tuple("scale", ReleaseRecord.Result.SUCCEEDED), tuple("drain",
              ReleaseRecord.Result.SUCCEEDED), tuple("rollout", ReleaseRecord.Result.SUCCEEDED), tuple("restore", ReleaseRecord.Result.SUCCEEDED));
      assertThat(cluster.pools).containsEntry("linuxpool", 4);
      assertThat(traffic.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.enabled(500));
    }
  }

  /** What survives a kill now: the state file's content, the traffic changes sent, the pool's size. */
  String leftByAKill() {
    try {
      return (Files.exists(file.path()) ? Files.readString(file.path()) : "") + "|" + traffic.sent.size() + "|" + cluster.pools;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("a pool already at its count: the scale phase ends with nothing done and nothing journaled")
  void scaleAtCount() {
    // Given
    List<String> journaled = new ArrayList<>();
    cluster.during = () -> journaled.add(progress().checkpoint);
    // When
    new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 3))).run();
    // Then
    assertThat(cluster.calls).containsExactly("converge seattle " + deploymentName() + " after 0 traffic change(s)", "scale linuxpool to 3");
    assertThat(journaled).as("checkpoints: the converge's two only").hasSize(2);
    assertThat(record().phases().get(1)).satisfies(p -> {
      assertThat(p.phase()).isEqualTo("scale");
      assertThat(p.message()).isEqualTo("linuxpool: 3 -> 3 nodes (already at the target; nothing changed)");
    });
  }

  @Test
  @DisplayName("a failed converge fails the stamp with ARM's reason, sends no traffic change, and leaves the app untouched")
  void convergeFails() {
    // Given
    cluster.failDeploy = "deployment seattle-0123456789 in resource group stamp-seattle on hub seattle ended Failed (DeploymentFailed: At "
        + "least one resource deployment operation failed.); failed operations:\n  Microsoft.Compute/virtualMachines k8s-master-88404701-0: "
        + "VMExtensionProvisioningError: … exit status=50";
    // When
    new StampProcedure(context(), "seattle", seattle(Map.of("linuxpool", 4))).run();
    // Then
    assertThat(progress().phase).isEqualTo(StampPhase.FAILED);
    assertThat(traffic.sent).isEmpty();
    assertThat(traffic.endpoint("seattle").setting()).isEqualTo(EndpointSetting.enabled(500));
    assertThat(rollout.calls).hasValue(0);
    assertThat(cluster.calls).as("no scale after a failed converge").hasSize(1);
    assertThat(record().phases()).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactly(tuple("cluster", ReleaseRecord.Result.FAILED));
    assertThat(record().failureReasons()).anySatisfy(r -> assertThat(r).contains("k8s-master-88404701-0", "VMExtensionProvisioningError",
        "seattle was not drained and serves as before"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("seattle FAILED: deployment seattle-0123456789"));
  }

  @Test
  @DisplayName("killed during the converge, a new process reading the saved state continues the deployment from its checkpoint")
  void convergeResumes() {
    // Given: the process dies right after the converge journaled its submitted deployment
    java.util.concurrent.atomic.AtomicInteger journaled = new java.util.concurrent.atomic.AtomicInteger();
    cluster.during = () -> {
      if (journaled.incrementAndGet() == 2) {
        cancellation.cancel();
      }
    };
    waveRunning();
    new StampProcedure(context(), "seattle", seattle(Map.of())).run();
    assertThat(file.read().stamps.get("seattle").phase).isEqualTo(StampPhase.CONVERGING);

    // When a new process starts from the state file alone
    store = new ReleaseStateStore(file, ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test",
        StampProcedureTest.T0));
    cancellation = new Engine.Cancellation();
    cluster.during = () -> { };
    new StampProcedure(context(), "seattle", seattle(Map.of())).run();

    // Then
    assertThat(cluster.calls).containsExactly("converge seattle " + deploymentName() + " after 0 traffic change(s)",
        "converge seattle " + deploymentName() + " from task 1 after 0 traffic change(s)");
    assertThat(progress().phase).isEqualTo(StampPhase.SUCCEEDED);
    assertThat(record().phases()).extracting(PhaseRecord::phase).containsExactly("cluster", "drain", "rollout", "restore");
  }

  @Test
  @DisplayName("killed during the scale of the second pool, the re-run continues that pool from its checkpoint and does not redo the first")
  void scaleResumesAtItsPool() throws Exception {
    // Given: two pools; the process dies after the second pool's first node was journaled
    cluster.pools.put("gpupool", 1);
    Map<String, Integer> nodes = new LinkedHashMap<>();
    nodes.put("linuxpool", 4);
    nodes.put("gpupool", 3);
    StampTarget target = twoPools(nodes);
    cluster.during = () -> {
      if (cluster.calls.size() == 3 && cluster.pools.get("gpupool") == 2) {
        cancellation.cancel();
      }
    };
    waveRunning();
    new StampProcedure(context(), "seattle", target).run();
    assertThat(file.read().stamps.get("seattle").phase).isEqualTo(StampPhase.SCALING);

    // When
    store = new ReleaseStateStore(file, ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test",
        StampProcedureTest.T0));
    cancellation = new Engine.Cancellation();
    cluster.during = () -> { };
    new StampProcedure(context(), "seattle", target).run();

    // Then
    assertThat(cluster.calls.get(0)).startsWith("converge seattle seattle-");
    assertThat(cluster.calls.subList(1, cluster.calls.size())).containsExactly("scale linuxpool to 4", "scale gpupool to 3",
        "scale gpupool to 3 from its checkpoint");
    assertThat(cluster.pools).containsEntry("linuxpool", 4).containsEntry("gpupool", 3);
    assertThat(progress().phase).isEqualTo(StampPhase.SUCCEEDED);
  }

  @Test
  @DisplayName("in a release, a stamp whose cluster fails spends the budget: later waves are frozen and traffic was never touched")
  void clusterFailureHaltsTheRelease() {
    // Given
    cluster.failDeploy = "deployment failed: Microsoft.Compute/virtualMachines k8s-master-88404701-0: VMExtensionProvisioningError";
    ReleasePlan plan = new ReleasePlan("web", StampProcedureTest.PLAN.app(), List.of(new ReleasePlan.Stamp("seattle", "seattle", "seattle",
        "hub-seattle"), new ReleasePlan.Stamp("denver", "denver", "denver", "hub-denver")), List.of(new ReleasePlan.Wave("canary",
        List.of("seattle"), 1, null), new ReleasePlan.Wave("rest", List.of("denver"), 1, null)), StampProcedureTest.PLAN.traffic(), 1);
    store = new ReleaseStateStore(file, ReleaseStart.prepare(plan, "stamps.yaml", "sha256:2", file, "carol", null, "test", StampProcedureTest.T0));
    ReleaseContext c = context();
    ReleaseContext ctx = new ReleaseContext(plan, dir, traffic, FakeTraffic.PROFILE, ReleaseOptions.defaults(), store, c.listener(), clock,
        c.sleeper(), cancellation, rollout, c.nodes(), cluster);
    // When
    ReleaseState end = new ReleaseRun(ctx, Map.of("seattle", seattle(Map.of()), "denver", new StampTarget("denver", "denver", StampProcedureTest.SEATTLE.kubeconfig(),
        null, null)), GateAnswers.AUTO_APPROVE, r -> { }).run();
    // Then
    assertThat(end.result).isEqualTo(ReleaseRecord.Result.HALTED);
    assertThat(end.stamps.get("seattle").phase).isEqualTo(StampPhase.FAILED);
    assertThat(end.stamps.get("denver").phase).isEqualTo(StampPhase.FROZEN);
    assertThat(traffic.sent).isEmpty();
    assertThat(rollout.calls).hasValue(0);
    assertThat(end.message).contains("maxFailedStamps 1", "seattle");
  }

  /** The seattle sample with a second pool {@code gpupool} of 1 node declared and given. */
  StampTarget twoPools(Map<String, Integer> nodes) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Path files = SAMPLES.resolve("seattle");
    var template = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(files.resolve("azuredeploy.json").toFile());
    var declared = (com.fasterxml.jackson.databind.node.ObjectNode) template.get("parameters");
    declared.putObject("gpupoolCount").put("type", "int").put("defaultValue", 1);
    declared.putObject("gpupoolOffset").put("type", "int").put("defaultValue", 0);
    declared.putObject("gpupoolVMSize").put("type", "string").put("defaultValue", "Standard_NC6");
    var parameters = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(files.resolve("azuredeploy.parameters.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) parameters.get("parameters")).putObject("gpupoolCount").put("value", 1);
    Path t = dir.resolve("azuredeploy.json");
    Path p = dir.resolve("azuredeploy.parameters.json");
    json.writeValue(t.toFile(), template);
    json.writeValue(p.toFile(), parameters);
    return new StampTarget("seattle", "seattle", StampProcedureTest.SEATTLE.kubeconfig(), null, null, new ClusterTarget("seattle", "stamp-seattle", t, p, null,
        kubeconfig, nodes));
  }

  String deploymentName() {
    return seattle(Map.of()).cluster().deployInput(ReleaseOptions.defaults()).validate().name();
  }
}
