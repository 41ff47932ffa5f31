package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingSimulationTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = new SimulatedCluster();
    client = cluster.client;
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private static boolean unschedulable(Pod p) {
    return p.getStatus() != null && "Pending".equals(p.getStatus().getPhase())
        && KubeObjects.condition(p, "PodScheduled").map(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())).orElse(false);
  }

  @Test
  @DisplayName("without Nodes pods stay Pending with FailedScheduling, and are scheduled once a Node joins")
  void pendingUntilNodeJoins() {
    // Given
    String ns = "nonodes";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 2, "nginx:1.27")).create();

    // When
    List<Pod> pending = cluster.await(() -> Workloads.pods(client, ns),
        l -> l.size() == 2 && l.stream().allMatch(SchedulingSimulationTest::unschedulable), "two unschedulable pods");

    // Then
    assertThat(pending).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());
    List<Event> failed = cluster.await(() -> Workloads.events(client, ns, "FailedScheduling"),
        l -> l.size() >= 2, "FailedScheduling events");
    assertThat(failed).allSatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).startsWith("0/0 nodes are available:");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    });

    // When
    cluster.sim.addNode(NodeSpec.agent("node-0", "pool"));

    // Then
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas()), "web");
    assertThat(Workloads.pods(client, ns)).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-0"));
  }

  @Test
  @DisplayName("masters are tainted and cordoned nodes are skipped; the FailedScheduling message says why")
  void mastersAndCordonedNodesAreSkipped() {
    // Given
    cluster.sim.addNode(NodeSpec.master("k8s-master-0"));
    cluster.sim.addNode(new NodeSpec("k8s-agent-0", "pool", NodeSpec.Role.AGENT, java.util.Map.of(), true));
    String ns = "taints";

    // When
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 1, "nginx:1.27")).create();

    // Then
    Event failed = cluster.await(() -> Workloads.events(client, ns, "FailedScheduling"),
        l -> !l.isEmpty(), "a FailedScheduling event").get(0);
    assertThat(failed.getMessage()).startsWith("0/2 nodes are available: ")
        .contains("1 node(s) had untolerated taint {node-role.kubernetes.io/master: true}")
        .contains("1 node(s) were unschedulable");
    Node master = client.nodes().withName("k8s-master-0").get();
    assertThat(master.getMetadata().getLabels()).containsEntry("kubernetes.io/role", "master").containsEntry("agentpool", "master");

    // When: uncordon
    client.nodes().withName("k8s-agent-0").edit(n -> {
      n.getSpec().setUnschedulable(null);
      return n;
    });

    // Then
    Pod pod = cluster.await(() -> Workloads.pods(client, ns).get(0),
        KubeObjects::isReady, "the pod Ready on the uncordoned agent");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("k8s-agent-0");
  }

  @Test
  @DisplayName("a Node that stops posting status turns NotReady, and its pods stop being Ready")
  void nodeNotReady() {
    // Given
    String ns = "notready";
    cluster.sim.addNode(NodeSpec.agent("node-0", "pool"));
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 2, "nginx:1.27")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()), "web");

    // When
    cluster.sim.setNodeReady("node-0", false);

    // Then
    NodeCondition ready = client.nodes().withName("node-0").get().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
    assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
    assertThat(client.nodes().withName("node-0").get().getSpec().getTaints())
        .extracting(t -> t.getKey() + ":" + t.getEffect())
        .contains("node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
    cluster.await(() -> Workloads.pods(client, ns),
        l -> l.stream().noneMatch(KubeObjects::isReady), "pods not Ready");
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), d -> Integer.valueOf(0).equals(d.getStatus().getReadyReplicas()), "web");

    // When
    cluster.sim.setNodeReady("node-0", true);

    // Then
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), d -> Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()), "web");
  }

  @Test
  @DisplayName("removing a Node deletes its pods, and their ReplicaSet recreates them on the remaining Node")
  void removeNode() {
    // Given
    String ns = "remove";
    cluster.sim.addNode(NodeSpec.agent("node-0", "pool"));
    cluster.sim.addNode(NodeSpec.agent("node-1", "pool"));
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 4, "nginx:1.27")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), d -> d.getStatus() != null && Integer.valueOf(4).equals(d.getStatus().getReadyReplicas()), "web");

    // When
    cluster.sim.removeNode("node-1");

    // Then
    List<Pod> pods = cluster.await(() -> Workloads.pods(client, ns),
        l -> l.size() == 4 && l.stream().allMatch(p -> "node-0".equals(p.getSpec().getNodeName()) && KubeObjects.isReady(p)),
        "four Ready pods on node-0");
    assertThat(pods).hasSize(4);
  }
}
