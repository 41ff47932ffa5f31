package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import io.stamprelease.core.steps.aksescale.ScaleState.Phase;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.JournalEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("akseScale against a simulated hub (3 masters, agentpool1 with 3 agents)")
class AkseScaleTest {
  static final String POOL = "agentpool1";
  static final String NS = "default";

  SimulatedCloud cloud;
  SimulatedHub hub;
  HubsFile hubs;
  ArmClient arm;
  KubernetesClient kube;
  KubernetesClient admin;
  String rg;
  Cluster cluster;
  List<ProgressEvent> progress = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    hub = cloud.hub("seattle");
    hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
    arm = HubConnection.open(hubs.hub("seattle"), w -> { }).arm();
    kube = KubeClients.fromKubeconfig(hub.cluster().kubeconfig(NS));
    admin = hub.cluster().client();
    rg = SimulatedCloud.resourceGroupOf(hub);
    cluster = SimulatedCloud.clusterOf(hub);
    hub.arm().journal().clear();
  }

  @AfterEach
  void stop() {
    kube.close();
    cloud.close();
  }

  String node(int index) {
    return "k8s-" + POOL + "-" + cluster.nameSuffix() + "-" + index;
  }

  ScaleRequest request(int count, Duration drainTimeout, boolean force) {
    return new ScaleRequest("seattle", rg, POOL, count, drainTimeout, 1, force, AksEngineTemplates.template(cluster),
        AksEngineTemplates.parameters(cluster), hub.cluster().kubeconfig(NS), Duration.ofSeconds(60), Duration.ofMillis(100));
  }

  Outcome<ScaleState> scale(ScaleRequest request) {
    ScaleState plan = AkseScale.plan(request, arm, kube);
    Engine engine = Engine.system(progress::add);
    Step<ScaleState> step = AkseScale.step(request, arm, kube);
    return engine.run(step, engine.start(step, plan), "seattle", new Engine.Cancellation());
  }

  /**
   * Kubernetes writes that can be ours: the simulated kubelet and controllers keep writing status subresources and
   * events on their own (a node heartbeat may land during any test), and the product writes neither.
   */
  List<io.stamprelease.testkit.k8s.KubeJournal.Entry> productKubeWrites() {
    return hub.cluster().journal().writes().stream().filter(e -> !e.path().contains("/status") && !e.path().contains("/events")).toList();
  }

  List<String> deletes() {
    return hub.arm().journal().entries().stream().filter(e -> e.method().equals("DELETE")).map(JournalEntry::path)
        .map(p -> p.substring(p.indexOf("/providers/") + "/providers/".length())).toList();
  }

  static int indexOf(List<String> paths, String prefix) {
    for (int i = 0; i < paths.size(); i++) {
      if (paths.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  List<String> names(String type) {
    return hub.resources(rg, type).stream().map(r -> r.path("name").asText()).toList();
  }

  void cordon(int index, boolean on) {
    admin.nodes().withName(node(index)).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":" + on + "}}");
  }

  /** Runs {@code replicas} pods of "web" on the given agents only (the others cordoned while they start), then uncordons. */
  void webOn(int replicas, String behavior, int minAvailable, int... agents) {
    List<Integer> others = java.util.stream.IntStream.range(0, 3).filter(i -> java.util.Arrays.stream(agents).noneMatch(a -> a == i)).boxed().toList();
    others.forEach(i -> cordon(i, true));
    Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web")
        .addToAnnotations("sim.stamprelease.io/behavior", behavior).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build();
    admin.apps().deployments().inNamespace(NS).resource(web).create();
    admin.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName("web-pdb").withNamespace(NS).endMetadata()
        .withNewSpec().withNewMinAvailable(minAvailable).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
    admin.apps().deployments().inNamespace(NS).withName("web").waitUntilCondition(
        d -> d != null && d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas()), 30, TimeUnit.SECONDS);
    others.forEach(i -> cordon(i, false));
  }

  @Test
  @DisplayName("scale-out 3 -> 5 deploys Count=5/Offset=3, creates VMs 3 and 4 and waits until their Nodes are Ready")
  void scaleOut() {
    // Given the pool at 3 nodes
    // When
    Outcome<ScaleState> outcome = scale(request(5, Duration.ofSeconds(10), false));
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(3), node(4));
    assertThat(List.of(node(3), node(4))).allSatisfy(n -> assertThat(Drainer.ready(admin.nodes().withName(n).get())).isTrue());
    JournalEntry put = hub.arm().journal().writes().stream().filter(e -> e.method().equals("PUT")).findFirst().orElseThrow();
    assertThat(put.path()).endsWith("/deployments/scale-agentpool1-3-to-5");
    assertThat(put.body()).contains("\"agentpool1Count\":{\"value\":5}", "\"agentpool1Offset\":{\"value\":3}", "\"mode\":\"Incremental\"");
    AkseScaleResult report = AkseScaleResult.of("seattle", rg, outcome.state(), true);
    assertThat(report.before()).isEqualTo(3);
    assertThat(report.after()).isEqualTo(5);
    assertThat(report.added()).containsExactly(node(3), node(4));
  }

  @Test
  @DisplayName("scale-in 3 -> 1 waits out a PodDisruptionBudget, then deletes VM -> NIC -> disk -> Node, highest index first")
  void scaleInWithBudgetThatBlocksForAWhile() {
    // Given two slow-starting web pods on the nodes to remove; the budget lets only one be missing
    webOn(2, "slow:1500ms", 1, 1, 2);
    // When
    Outcome<ScaleState> outcome = scale(request(1, Duration.ofSeconds(30), false));
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(progress).extracting(ProgressEvent::message).anyMatch(m -> m.contains("PodDisruptionBudget default/web-pdb refused"));
    // per node VM -> NIC -> disk; node 2 (highest index) first. The two chains may interleave: node 1's drain can end while
    // node 2's NIC or disk delete waits for its Retry-After
    List<String> d = deletes();
    assertThat(d).hasSize(6);
    for (int i : new int[] {2, 1}) {
      int vm = indexOf(d, "Microsoft.Compute/virtualMachines/" + node(i));
      int nic = indexOf(d, "Microsoft.Network/networkInterfaces/k8s-agentpool1-" + cluster.nameSuffix() + "-nic-" + i);
      int disk = indexOf(d, "Microsoft.Compute/disks/" + node(i) + "_OsDisk_1");
      assertThat(List.of(vm, nic, disk)).as("node %d: VM, NIC, disk", i).isSorted().doesNotContain(-1);
    }
    assertThat(indexOf(d, "Microsoft.Compute/virtualMachines/" + node(2))).isLessThan(indexOf(d, "Microsoft.Compute/virtualMachines/" + node(1)));
    assertThat(admin.nodes().withLabel("agentpool", POOL).list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly(node(0));
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(0)).doesNotContain(node(1), node(2));
    assertThat(admin.pods().inNamespace(NS).withLabel("app", "web").list().getItems()).extracting(p -> p.getSpec().getNodeName())
        .containsOnly(node(0));
    AkseScaleResult report = AkseScaleResult.of("seattle", rg, outcome.state(), true);
    assertThat(report.removed()).containsExactly(node(2), node(1));
    assertThat(report.drainMillis()).containsOnlyKeys(node(2), node(1));
    assertThat(report.before()).isEqualTo(3);
    assertThat(report.after()).isEqualTo(1);
  }

  @Test
  @DisplayName("a budget that never allows the eviction fails the scale-in at the drain timeout, names the budget and deletes nothing")
  void budgetThatBlocksForever() {
    // Given one web pod on the node to remove, with minAvailable 1
    webOn(1, "healthy", 1, 2);
    // When
    Outcome<ScaleState> outcome = scale(request(2, Duration.ofSeconds(1), false));
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.status().exitCode()).isEqualTo(1);
    assertThat(outcome.message()).contains("drain of node " + node(2) + " did not finish within 1s")
        .contains("PodDisruptionBudget default/web-pdb").contains("was not deleted");
    assertThat(deletes()).isEmpty();
    assertThat(hub.arm().journal().writes()).isEmpty();
    assertThat(admin.nodes().withName(node(2)).get()).isNotNull();
    assertThat(outcome.state().removals()).singleElement().satisfies(r -> assertThat(r.phase()).isEqualTo(Phase.CORDONED));
  }

  @Test
  @DisplayName("a pod without a controller is refused before anything is changed, and evicted with force")
  void unmanagedPods() {
    // Given a bare pod on the node to remove
    Pod bare = new PodBuilder().withNewMetadata().withName("bare").withNamespace(NS).endMetadata()
        .withNewSpec().withNodeName(node(2)).addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec().build();
    admin.pods().inNamespace(NS).resource(bare).create();
    hub.cluster().journal().clear();
    // When
    Outcome<ScaleState> refused = scale(request(2, Duration.ofSeconds(10), false));
    // Then
    assertThat(refused.status()).isEqualTo(Outcome.Status.TERMINAL);
    assertThat(refused.message()).contains("default/bare on " + node(2)).contains("nothing was changed").contains("force");
    assertThat(hub.arm().journal().writes()).isEmpty();
    assertThat(productKubeWrites()).noneMatch(e -> e.path().startsWith("/api/v1/nodes") || e.path().endsWith("/eviction"));
    assertThat(admin.nodes().withName(node(2)).get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);

    // When forced
    Outcome<ScaleState> forced = scale(request(2, Duration.ofSeconds(10), true));
    // Then
    assertThat(forced.status()).as(forced.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(admin.pods().inNamespace(NS).withName("bare").get()).isNull();
    assertThat(names("Microsoft.Compute/virtualMachines")).doesNotContain(node(2));
  }

  @Test
  @DisplayName("DaemonSet pods are left on the node (never evicted) and do not hold the drain up")
  void daemonSetPodsAreSkipped() throws Exception {
    // Given a DaemonSet with a pod on every agent
    admin.apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder().withNewMetadata().withName("logs").withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "logs").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "logs").endMetadata()
        .withNewSpec().addNewContainer().withName("logs").withImage("logs:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    admin.pods().inNamespace(NS).withLabel("app", "logs").informOnCondition(
        pods -> pods.stream().anyMatch(p -> node(2).equals(p.getSpec().getNodeName()))).get(30, TimeUnit.SECONDS);
    hub.cluster().journal().clear();
    // When
    Outcome<ScaleState> outcome = scale(request(2, Duration.ofSeconds(20), false));
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(hub.cluster().journal().entries()).noneMatch(e -> e.path().contains("/eviction"));
    assertThat(names("Microsoft.Compute/virtualMachines")).doesNotContain(node(2));
  }

  @Test
  @DisplayName("a scale-in interrupted after the VM delete started resumes from the persisted checkpoint and leaves no NIC or disk")
  void resumesFromCheckpoint() throws Exception {
    // Given a run stopped right after the VM delete was sent
    ScaleRequest request = request(2, Duration.ofSeconds(10), false);
    ScaleState plan = AkseScale.plan(request, arm, kube);
    Engine first = Engine.system(progress::add);
    Step<ScaleState> step = AkseScale.step(request, arm, kube);
    Checkpoint<ScaleState> cp = first.start(step, plan);
    Sleeper sleeper = Sleeper.system(Clock.systemUTC());
    while (cp.state().removals().stream().noneMatch(r -> r.phase() == Phase.DRAINED && r.delete() != null)) {
      sleeper.sleepUntil(cp.notBefore(), () -> false);
      Engine.Advance<ScaleState> a = first.advance(step, cp, "seattle", new Engine.Cancellation());
      assertThat(a).isInstanceOf(Engine.Advance.Continue.class);
      cp = ((Engine.Advance.Continue<ScaleState>) a).next();
    }
    byte[] persisted = serialize(cp);
    kube.close();

    // When a new process resumes from the persisted checkpoint
    @SuppressWarnings("unchecked")
    Checkpoint<ScaleState> restored = (Checkpoint<ScaleState>) new ObjectInputStream(new ByteArrayInputStream(persisted)).readObject();
    ArmClient arm2 = HubConnection.open(hubs.hub("seattle"), w -> { }).arm();
    kube = KubeClients.fromKubeconfig(hub.cluster().kubeconfig(NS));
    Engine second = Engine.system(progress::add);
    Step<ScaleState> step2 = AkseScale.step(request, arm2, kube);
    Outcome<ScaleState> outcome = second.run(step2, restored, "seattle", new Engine.Cancellation());

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(deletes()).filteredOn(d -> d.contains("virtualMachines/")).hasSize(1); // the VM delete was not sent twice
    assertThat(names("Microsoft.Compute/virtualMachines")).doesNotContain(node(2));
    assertThat(names("Microsoft.Network/networkInterfaces")).noneMatch(n -> n.equals("k8s-agentpool1-" + cluster.nameSuffix() + "-nic-2"));
    assertThat(names("Microsoft.Compute/disks")).noneMatch(n -> n.startsWith(node(2)));
    assertThat(admin.nodes().withName(node(2)).get()).isNull();
  }

  @Test
  @DisplayName("a fresh re-run after a run died between VM and NIC delete removes the leftover NIC, disk and Node")
  void freshRerunCleansLeftovers() {
    // Given VM 2 is gone (deleted by a run that then died) but its NIC, disk and Node remain
    JsonNode vm = hub.resources(rg, "Microsoft.Compute/virtualMachines").stream().filter(r -> r.path("name").asText().equals(node(2)))
        .findFirst().orElseThrow();
    hub.arm().resources().remove(vm.path("id").asText());
    hub.simulator().setNodeReady(node(2), false);
    // When the same request runs again, without any checkpoint
    ScaleRequest request = request(2, Duration.ofSeconds(10), false);
    ScaleState plan = AkseScale.plan(request, arm, kube);
    Outcome<ScaleState> outcome = scale(request);
    // Then
    assertThat(plan.mode()).isEqualTo(Mode.NONE);
    assertThat(plan.removals()).singleElement().satisfies(r -> assertThat(r.phase()).isEqualTo(Phase.VM_DELETED));
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(names("Microsoft.Network/networkInterfaces")).noneMatch(n -> n.equals("k8s-agentpool1-" + cluster.nameSuffix() + "-nic-2"));
    assertThat(names("Microsoft.Compute/disks")).noneMatch(n -> n.startsWith(node(2)));
    assertThat(admin.nodes().withName(node(2)).get()).isNull();
    assertThat(AkseScaleResult.of("seattle", rg, outcome.state(), true).after()).isEqualTo(2);
  }

  @Test
  @DisplayName("a pool already at the target is a no-op: no write to ARM or Kubernetes")
  void alreadyAtTarget() {
    // Given
    hub.cluster().journal().clear();
    // When
    Outcome<ScaleState> outcome = scale(request(3, Duration.ofSeconds(10), false));
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().noOp()).isTrue();
    assertThat(hub.arm().journal().writes()).isEmpty();
    assertThat(productKubeWrites()).isEmpty();
    assertThat(AkseScaleResult.of("seattle", rg, outcome.state(), true).summary()).isEqualTo("agentpool1: 3 -> 3 nodes (already at the target; nothing changed)");
  }

  @Test
  @DisplayName("a Node of the same pool name but another cluster (another name suffix) is never taken for a leftover of ours")
  void otherClustersNodesAreLeftAlone() {
    // Given a Node of another AKS Engine cluster's agentpool1 on the same API server, with no VM in our resource group
    String foreign = "k8s-" + POOL + "-99999999-0";
    admin.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(foreign)
        .addToLabels("agentpool", POOL).endMetadata().build()).create();
    // When
    Outcome<ScaleState> outcome = scale(request(3, Duration.ofSeconds(10), false));
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().noOp()).isTrue();
    assertThat(outcome.state().notes()).noneMatch(n -> n.contains(foreign));
    assertThat(admin.nodes().withName(foreign).get()).as("the other cluster's Node").isNotNull();
  }

  @Test
  @DisplayName("masters, an unknown pool and a scale-out without template are refused before any write")
  void refusedBeforeAnyWrite() {
    AkseScaleInput masters = new AkseScaleInput().hub("seattle").resourceGroup(rg).pool("master").count(1).kubeconfigContents("k");
    assertThatThrownBy(masters::validate).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pool: masters cannot be scaled");

    ScaleRequest unknown = new ScaleRequest("seattle", rg, "gpupool", 2, Duration.ofMinutes(1), 1, false, null, null, "k", Duration.ofMinutes(1),
        Duration.ofSeconds(1));
    assertThatThrownBy(() -> AkseScale.plan(unknown, arm, kube)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pool: no VMs of pool 'gpupool' in resource group " + rg);

    ScaleRequest noTemplate = new ScaleRequest("seattle", rg, POOL, 5, Duration.ofMinutes(1), 1, false, null, null, "k", Duration.ofMinutes(1),
        Duration.ofSeconds(1));
    assertThatThrownBy(() -> AkseScale.plan(noTemplate, arm, kube)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template: is required to scale out").hasMessageContaining("parameters: is required to scale out");
    assertThat(hub.arm().journal().writes()).isEmpty();
  }

  @Test
  @DisplayName("a fresh re-run while the scale-out deployment still runs re-attaches to it instead of deploying again")
  void freshRerunReattachesToRunningScaleOut() {
    // Given a first run that sent its deployment and then died (the engine is simply dropped)
    ScaleRequest request = request(5, Duration.ofSeconds(10), false);
    Engine engine = Engine.system(progress::add);
    Step<ScaleState> step = AkseScale.step(request, arm, kube);
    engine.advance(step, engine.start(step, AkseScale.plan(request, arm, kube)), "seattle", new Engine.Cancellation());
    // When a new run plans from scratch and runs to the end
    Outcome<ScaleState> outcome = scale(request);
    // Then one deployment did the whole scale-out
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(hub.arm().journal().writes()).filteredOn(e -> e.method().equals("PUT")).hasSize(1);
    assertThat(progress).extracting(ProgressEvent::message).anyMatch(m -> m.contains("re-attaching to it instead of starting another"));
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(3), node(4));
  }

  @Test
  @DisplayName("a scale-out after a scale-in deploys again: the earlier scale-out's deployment of the same name has ended, and is not re-attached to")
  void scaleOutAfterScaleInDeploysAgain() {
    // Given a scale-out 3 -> 5 (deployment scale-agentpool1-3-to-5, Succeeded), then a scale-in back to 3 that deleted VMs 3 and 4
    assertThat(scale(request(5, Duration.ofSeconds(10), false)).status()).isEqualTo(Outcome.Status.SUCCEEDED);
    Outcome<ScaleState> in = scale(request(3, Duration.ofSeconds(10), false));
    assertThat(in.status()).as(in.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(names("Microsoft.Compute/virtualMachines")).doesNotContain(node(3), node(4));
    hub.arm().journal().clear();
    progress.clear();
    // When the pool is scaled out to 5 again (same count and offset: the same deployment name)
    Outcome<ScaleState> again = scale(request(5, Duration.ofSeconds(10), false));
    // Then it sent the deployment again, and the VMs and Nodes are back
    assertThat(again.status()).as(again.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(hub.arm().journal().writes()).filteredOn(e -> e.method().equals("PUT") && e.path().endsWith("/deployments/scale-agentpool1-3-to-5"))
        .hasSize(1);
    assertThat(progress).extracting(ProgressEvent::message).noneMatch(m -> m.contains("re-attaching"));
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(3), node(4));
    assertThat(List.of(node(3), node(4))).allSatisfy(n -> assertThat(Drainer.ready(admin.nodes().withName(n).get())).isTrue());
  }

  @Test
  @DisplayName("a scale-out started Location-style and found running by a fresh run (409 DeploymentActive, not shown yet) is waited for: "
      + "one deployment in all")
  void reattachesOnDeploymentActive() {
    // Given deployments answered Location-style (invisible until they end) and a first run that sent its PUT and died
    hub.arm().contract().lroStyle(io.stamprelease.testkit.arm.ArmContract.LroKind.DEPLOYMENT,
        io.stamprelease.testkit.arm.ArmContract.LroStyle.LOCATION);
    ScaleRequest request = request(5, Duration.ofSeconds(10), false);
    Engine engine = Engine.system(progress::add);
    Step<ScaleState> step = AkseScale.step(request, arm, kube);
    engine.advance(step, engine.start(step, AkseScale.plan(request, arm, kube)), "seattle", new Engine.Cancellation());
    // When a new run plans from scratch and runs to the end
    Outcome<ScaleState> outcome = scale(request);
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(hub.arm().journal().writes()).filteredOn(e -> e.method().equals("PUT") && e.status() < 300).hasSize(1);
    assertThat(hub.arm().journal().writes()).filteredOn(e -> e.method().equals("PUT") && e.status() == 409).isNotEmpty();
    assertThat(progress).extracting(ProgressEvent::message).anyMatch(m -> m.contains("DeploymentActive") && m.contains("does not show it yet"));
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(3), node(4));
  }

  @Test
  @DisplayName("VMs, NICs and disks listed one per page are read to the last page: scale-in 3 -> 2 removes node 2 only")
  void pagedInventory() {
    // Given every list answered one item per page (the first page of the disks even empty)
    hub.arm().contract().pageSize(1).emptyFirstPage(true);
    // When
    Outcome<ScaleState> outcome = scale(request(2, Duration.ofSeconds(10), false));
    // Then the plan saw the whole pool
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().before()).isEqualTo(3);
    assertThat(outcome.state().removals()).extracting(ScaleState.NodeRemoval::node).containsExactly(node(2));
    assertThat(names("Microsoft.Compute/virtualMachines")).contains(node(0), node(1)).doesNotContain(node(2));
    assertThat(admin.nodes().withLabel("agentpool", POOL).list().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder(node(0), node(1));
    assertThat(hub.arm().journal().entries()).filteredOn(e -> e.method().equals("GET") && e.path().endsWith("/virtualMachines")).hasSizeGreaterThan(3);
  }

  @Test
  @DisplayName("parameters of another cluster (another nameSuffix) are refused at the plan, before any write")
  void parametersOfAnotherCluster() {
    // Given the parameters of a cluster whose VMs would be named otherwise
    Cluster other = Cluster.of(cluster.dnsPrefix(), "99999999", 3, Map.of(POOL, 3));
    ScaleRequest request = new ScaleRequest("seattle", rg, POOL, 5, Duration.ofMinutes(1), 1, false, AksEngineTemplates.template(cluster),
        AksEngineTemplates.parameters(other), hub.cluster().kubeconfig(NS), Duration.ofSeconds(60), Duration.ofMillis(100));
    // When / Then
    assertThatThrownBy(() -> AkseScale.plan(request, arm, kube)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameters.nameSuffix: is '99999999' but the pool's VMs are " + "k8s-" + POOL + "-" + cluster.nameSuffix() + "-<i>");
    assertThat(hub.arm().journal().writes()).isEmpty();
  }

  @Test
  @DisplayName("a failed scale-out deployment fails the scale and names the failed resource's error code and message")
  void failedDeployment() {
    // Given the next deployment ends Failed with AKS Engine's classic CSE exit status 50
    hub.arm().faults().failNextDeploymentWithCseExit50();
    // When
    Outcome<ScaleState> outcome = scale(request(4, Duration.ofSeconds(10), false));
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).startsWith("scale-out of pool agentpool1 to 4 nodes failed: deployment scale-agentpool1-3-to-4 in resource "
        + "group " + rg + " on hub seattle ended Failed: VMExtensionProvisioningError: VM has reported a failure").contains("exit status=50")
        .contains("(ARM: DeploymentFailed); failed operations:");
    AkseScaleResult report = AkseScaleResult.of("seattle", rg, outcome.state(), false);
    assertThat(report.summary()).isEqualTo("agentpool1: 3 -> 3 nodes (target 4 not reached)").doesNotContain("already at the target");
  }

  @Test
  @DisplayName("with max parallel drains 2 both nodes are drained in the same pass; with 1, one after the other")
  void parallelDrains() {
    // When
    ScaleRequest parallel = new ScaleRequest("seattle", rg, POOL, 1, Duration.ofSeconds(10), 2, false, null, null,
        hub.cluster().kubeconfig(NS), Duration.ofSeconds(60), Duration.ofMillis(100));
    Outcome<ScaleState> outcome = scale(parallel);
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().removals()).extracting(ScaleState.NodeRemoval::node).containsExactly(node(2), node(1));
    assertThat(outcome.state().removals().get(0).drainStarted()).isEqualTo(outcome.state().removals().get(1).drainStarted());
  }

  @Test
  @DisplayName("with one drain at a time the next node's drain starts only after the previous one finished")
  void serialDrains() {
    // When
    Outcome<ScaleState> outcome = scale(request(1, Duration.ofSeconds(10), false));
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    ScaleState.NodeRemoval first = outcome.state().removals().get(0);
    ScaleState.NodeRemoval second = outcome.state().removals().get(1);
    assertThat(second.drainStarted()).isAfterOrEqualTo(first.drainStarted().plus(first.drainTime())).isAfter(first.drainStarted());
  }

  private static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  static boolean ready(Node n) {
    return Drainer.ready(n);
  }
}
