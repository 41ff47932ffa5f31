package io.stamprelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release's cluster phases with the real steps against bare simulated hubs and the sample clusters
 * ({@code samples/clusters}): the files deploy as they are, a converge ARM finds unchanged sends no PUT, a scale to the
 * current count writes nothing, a failing deployment stops the stamp before its traffic, and a release killed in its
 * cluster phases continues from its state file to one deployment and no orphan.
 */
@DisplayName("the release's cluster phases against bare simulated hubs, with the sample clusters")
class ReleaseClustersSimulationTest {
  static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
  static final Clock CLOCK = Clock.systemUTC();

  @TempDir
  Path dir;
  SimulatedCloud cloud;
  SimConfigFiles files;
  HubsFile hubs;

  @BeforeEach
  void start() {
    cloud = SimulatedCloud.startBare(2, HubSettings.fast());
    cloud.createTrafficRouting(false);
    files = cloud.writeConfig(dir);
    hubs = HubsFile.load(files.hubsYaml(), Map.of());
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  ClusterTarget sample(String stamp, Map<String, Integer> nodes) {
    Path f = SAMPLES.resolve("clusters").resolve(stamp);
    return new ClusterTarget(stamp, "stamp-" + stamp, f.resolve("azuredeploy.json"), f.resolve("azuredeploy.parameters.json"),
        f.resolve("apimodel.json"), dir.resolve(stamp + ".kubeconfig"), nodes);
  }

  static Engine engine() {
    return new Engine(CLOCK, Sleeper.system(CLOCK), e -> { });
  }

  static List<JournalEntry> puts(SimulatedHub hub) {
    return hub.arm().journal().entries().stream().filter(e -> e.method().equals("PUT")).toList();
  }

  @Test
  @DisplayName("the sample deploys as it is; converged again ARM finds it unchanged (no PUT); a scale to the current count writes nothing")
  void unchangedAndAtCount() throws Exception {
    // Given
    SimulatedHub seattle = cloud.hub("seattle");
    StampCluster clusters = StampCluster.arm(hubs::hub, w -> { });
    ClusterTarget target = sample("seattle", Map.of("linuxpool", 3));
    AkseDeployRequest request = target.deployInput(new ReleaseOptions(null, null, null, null, null, "100ms")).validate();
    Outcome<AkseDeployState> first = clusters.converge("seattle", request, engine(), null, "seattle", new Engine.Cancellation(), cp -> { });
    assertThat(first.status()).as(first.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(AkseDeployResult.of("seattle", request, first).nodesPerPool()).isEqualTo(Map.of("master", 3, "linuxpool", 3));
    seattle.arm().journal().clear();
    seattle.cluster().journal().clear();

    // When
    Outcome<AkseDeployState> again = clusters.converge("seattle", request, engine(), null, "seattle", new Engine.Cancellation(), cp -> { });
    List<JournalEntry> convergeRequests = List.copyOf(seattle.arm().journal().entries());
    List<JournalEntry> convergeWrites = List.copyOf(seattle.arm().journal().writes());
    seattle.arm().journal().clear();
    ScaleRequest scale = target.scaleInput("linuxpool", 3, seattle.cluster().kubeconfig("default"), ReleaseOptions.defaults()).validate();
    Outcome<ScaleState> atCount = clusters.scale("seattle", scale, engine(), null, "seattle", new Engine.Cancellation(), cp -> { });

    // Then
    assertThat(AkseDeployResult.of("seattle", request, again).result()).isEqualTo("unchanged");
    assertThat(convergeRequests).as("no PUT").noneMatch(e -> e.method().equals("PUT"));
    assertThat(convergeWrites).as("no write but ARM's side-effect-free validate").allMatch(e -> e.path().endsWith("/validate"));
    assertThat(atCount.succeeded()).isTrue();
    assertThat(atCount.state().noOp()).isTrue();
    assertThat(seattle.arm().journal().writes()).as("ARM writes of the scale").isEmpty();
    assertThat(seattle.cluster().journal().writes()).as("Kubernetes writes of both").isEmpty();
  }

  /** A stamps.yaml of {@code stamps} (each with its sample cluster and {@code nodes}), one wave each, the demo chart. */
  Path plan(Map<String, Integer> nodes, String... stamps) throws Exception {
    StringBuilder yaml = new StringBuilder("name: clusters\napp: {release: demo, namespace: demo, chart: " + SAMPLES.resolve("charts/demo")
        + ", smokePath: /healthz}\nstamps:\n");
    for (String s : stamps) {
      Path f = SAMPLES.resolve("clusters").resolve(s);
      yaml.append("  - name: ").append(s).append("\n    cluster:\n      template: ").append(f.resolve("azuredeploy.json"))
          .append("\n      parameters: ").append(f.resolve("azuredeploy.parameters.json")).append("\n      apimodel: ").append(f.resolve("apimodel.json"))
          .append("\n      nodes: {");
      yaml.append(String.join(", ", nodes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())).append("}\n");
    }
    yaml.append("waves:\n");
    for (String s : stamps) {
      yaml.append("  - {name: wave-").append(s).append(", stamps: [").append(s).append("]}\n");
    }
    yaml.append("traffic: {provider: azure-traffic-manager, restoreSteps: [50, 100], bake: 200ms}\nmaxFailedStamps: 1\n");
    return Files.writeString(dir.resolve("stamps.yaml"), yaml.toString());
  }

  /** One "process": the state file as it is on disk, a new store, context and run. */
  ReleaseState runRelease(ReleaseSetup setup, StampCluster clusters, Engine.Cancellation cancellation) {
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    ReleaseState state = ReleaseStart.prepare(setup.plan(), setup.planFile().toString(), setup.planDigest(), file, "carol", null, "test",
        CLOCK.instant());
    ReleaseOptions options = new ReleaseOptions("100ms", "100ms", "1m", 10, "200ms", "100ms");
    ReleaseContext ctx = new ReleaseContext(setup.plan(), setup.planFile().getParent(), setup.traffic(), setup.profile(), options,
        new ReleaseStateStore(file, state), ReleaseListener.NONE, CLOCK, Sleeper.system(CLOCK), cancellation, StampRollout.HELM,
        NodeCounter.KUBERNETES, clusters);
    return new ReleaseRun(ctx, setup.targets(), GateAnswers.AUTO_APPROVE, r -> { }).run();
  }

  @Test
  @DisplayName("a deployment failing with the CSE's exit 50 names the VM and ARM's code, leaves traffic untouched, and freezes the next wave")
  void deploymentFails() throws Exception {
    // Given
    cloud.hub("seattle").arm().faults().failNextDeploymentWithCseExit50();
    ReleaseSetup setup = ReleaseSetup.load(plan(Map.of("linuxpool", 3), "seattle", "denver"), hubs, w -> { });
    String profileBefore = setup.traffic().read().endpoints().toString();
    // When
    ReleaseState end = runRelease(setup, StampCluster.arm(hubs::hub, w -> { }), new Engine.Cancellation());
    // Then
    assertThat(end.result).isEqualTo(ReleaseRecord.Result.HALTED);
    assertThat(end.stamps.get("seattle").phase).isEqualTo(StampPhase.FAILED);
    assertThat(end.stamps.get("seattle").message).contains("Microsoft.Compute/virtualMachines k8s-master-88404701-0: VMExtensionProvisioningError",
        "exit status=50", "seattle was not drained and serves as before");
    assertThat(end.stamps.get("denver").phase).isEqualTo(StampPhase.FROZEN);
    assertThat(cloud.publicRegion().arm().journal().writes()).as("no traffic change").isEmpty();
    assertThat(setup.traffic().read().endpoints().toString()).isEqualTo(profileBefore);
    assertThat(puts(cloud.hub("denver"))).as("denver's cluster not touched").isEmpty();
    assertThat(end.toRecord().stamps().get(0).phases()).extracting(PhaseRecord::phase).containsExactly("cluster");
  }

  /**
   * The real cluster steps, but the "process" dies once at the first checkpoint {@code crashAt} matches: that checkpoint is
   * never journaled (the state file keeps the one before), as with a kill -9 between a request and its journal write.
   */
  static final class DyingOnce implements StampCluster {
    final StampCluster real;
    final Engine.Cancellation kill;
    final Predicate<Object> crashAt;
    final AtomicBoolean died = new AtomicBoolean();

    DyingOnce(StampCluster real, Engine.Cancellation kill, Predicate<Object> crashAt) {
      this.real = real;
      this.kill = kill;
      this.crashAt = crashAt;
    }

    <S> Consumer<Checkpoint<S>> dying(Consumer<Checkpoint<S>> journal) {
      return cp -> {
        if (!died.get() && crashAt.test(cp.state())) {
          died.set(true);
          kill.cancel();
          return;
        }
        if (!kill.isCancelled()) {
          journal.accept(cp);
        }
      };
    }

    @Override
    public Outcome<AkseDeployState> converge(String hub, AkseDeployRequest request, Engine engine, Checkpoint<AkseDeployState> from,
        String stamp, Engine.Cancellation cancellation, Consumer<Checkpoint<AkseDeployState>> journal) {
      return real.converge(hub, request, engine, from, stamp, cancellation, dying(journal));
    }

    @Override
    public Outcome<ScaleState> scale(String hub, ScaleRequest request, Engine engine, Checkpoint<ScaleState> from, String stamp,
        Engine.Cancellation cancellation, Consumer<Checkpoint<ScaleState>> journal) {
      return real.scale(hub, request, engine, from, stamp, cancellation, dying(journal));
    }
  }

  @Test
  @DisplayName("killed after the deployment's PUT and again mid scale-in, each re-run continues from the state file: one deployment, no orphan NIC, disk or Node, and the release converges")
  void killedInTheClusterPhases() throws Exception {
    // Given: seattle's plan wants 2 nodes in linuxpool where its files deploy 3 (a scale-in after the converge)
    SimulatedHub seattle = cloud.hub("seattle");
    ReleaseSetup setup = ReleaseSetup.load(plan(Map.of("linuxpool", 2), "seattle"), hubs, w -> { });
    StampCluster real = StampCluster.arm(hubs::hub, w -> { });

    // When the first process dies right after the PUT (its SUBMITTED checkpoint never written)
    Engine.Cancellation first = new Engine.Cancellation();
    ReleaseState afterFirst = runRelease(setup, new DyingOnce(real, first, s -> s instanceof AkseDeployState d
        && d.phase() == AkseDeployState.Phase.SUBMITTED), first);
    // and the second dies mid scale-in, right after a VM was deleted (that checkpoint never written)
    Engine.Cancellation second = new Engine.Cancellation();
    ReleaseState afterSecond = runRelease(setup, new DyingOnce(real, second, s -> s instanceof ScaleState st && st.removals().stream()
        .anyMatch(r -> r.phase() == ScaleState.Phase.VM_DELETED)), second);
    // and a third runs to the end
    ReleaseState end = runRelease(setup, real, new Engine.Cancellation());

    // Then
    assertThat(afterFirst.stamps.get("seattle").phase).isEqualTo(StampPhase.CONVERGING);
    assertThat(afterSecond.stamps.get("seattle").phase).isEqualTo(StampPhase.SCALING);
    assertThat(end.result).as(end.message + " / " + end.stamps.get("seattle").message).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(puts(seattle)).filteredOn(e -> e.path().contains("/deployments/")).as("one deployment PUT").hasSize(1);
    String rg = "stamp-seattle";
    List<String> vms = names(seattle.resources(rg, "Microsoft.Compute/virtualMachines"));
    assertThat(vms).containsExactlyInAnyOrder("k8s-master-88404701-0", "k8s-master-88404701-1", "k8s-master-88404701-2",
        "k8s-linuxpool-88404701-0", "k8s-linuxpool-88404701-1");
    assertThat(names(seattle.resources(rg, "Microsoft.Network/networkInterfaces"))).as("no orphan NIC").hasSize(5)
        .noneMatch(n -> n.endsWith("-nic-2") && n.contains("linuxpool"));
    assertThat(names(seattle.resources(rg, "Microsoft.Compute/disks"))).as("no orphan disk").hasSize(5)
        .noneMatch(n -> n.startsWith("k8s-linuxpool-88404701-2"));
    assertThat(seattle.cluster().client().nodes().list().getItems()).extracting(Node::getMetadata).extracting(m -> m.getName())
        .as("no orphan Node").containsExactlyInAnyOrderElementsOf(vms);
    assertThat(end.toRecord().stamps().get(0).phases()).extracting(PhaseRecord::phase)
        .containsSubsequence("cluster", "scale", "drain", "rollout", "restore");
  }

  static List<String> names(List<JsonNode> resources) {
    return resources.stream().map(r -> r.path("name").asText()).toList();
  }
}
