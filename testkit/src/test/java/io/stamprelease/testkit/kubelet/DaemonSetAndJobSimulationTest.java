package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonSetAndJobSimulationTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = new SimulatedCluster();
    client = cluster.client;
    cluster.sim.addNode(NodeSpec.master("k8s-master-0"));
    cluster.sim.addNode(NodeSpec.agent("k8s-agent-0", "pool"));
    cluster.sim.addNode(NodeSpec.agent("k8s-agent-1", "pool"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private static Job job(String ns, String name, String behavior, int backoffLimit) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withBackoffLimit(backoffLimit)
        .withTemplate(Workloads.template(name, "migrate:1.0", behavior)).endSpec().build();
  }

  @Test
  @DisplayName("a DaemonSet runs one pod per schedulable Node (not on the tainted master) and follows Nodes joining")
  void daemonSetOnePodPerNode() {
    // Given
    String ns = "ds";
    DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace(ns).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
        .withTemplate(Workloads.template("agent", "fluent-bit:3", null)).endSpec().build();

    // When
    client.apps().daemonSets().inNamespace(ns).resource(ds).create();

    // Then
    DaemonSet ready = cluster.await(() -> client.apps().daemonSets().inNamespace(ns).withName("agent").get(), d -> d.getStatus() != null
        && Integer.valueOf(2).equals(d.getStatus().getNumberReady()), "agent");
    assertThat(ready.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
    assertThat(ready.getStatus().getCurrentNumberScheduled()).isEqualTo(2);
    assertThat(ready.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
    assertThat(ready.getStatus().getNumberAvailable()).isEqualTo(2);
    assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(Workloads.pods(client, ns)).extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("k8s-agent-0", "k8s-agent-1");

    // When
    cluster.sim.addNode(NodeSpec.agent("k8s-agent-2", "pool"));

    // Then
    cluster.await(() -> client.apps().daemonSets().inNamespace(ns).withName("agent").get(), d ->
        Integer.valueOf(3).equals(d.getStatus().getNumberReady()) && Integer.valueOf(3).equals(d.getStatus().getDesiredNumberScheduled()), "agent");
  }

  @Test
  @DisplayName("a healthy Job's pod Succeeds and the Job is Complete with succeeded=1 and a completionTime")
  void jobSucceeds() {
    // Given
    String ns = "jobok";
    // When
    client.batch().v1().jobs().inNamespace(ns).resource(job(ns, "migrate", null, 6)).create();
    // Then
    Job done = cluster.await(() -> client.batch().v1().jobs().inNamespace(ns).withName("migrate").get(), j -> j.getStatus() != null
        && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
        .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus())), "migrate");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getStartTime()).isNotNull();
    List<Pod> pods = Workloads.pods(client, ns);
    assertThat(pods).singleElement().satisfies(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(p.getMetadata().getLabels()).containsEntry("job-name", "migrate");
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    });
  }

  @Test
  @DisplayName("a crashing Job retries up to backoffLimit, then fails with BackoffLimitExceeded")
  void jobFails() {
    // Given
    String ns = "jobfail";
    // When
    client.batch().v1().jobs().inNamespace(ns).resource(job(ns, "migrate", "crashloop", 1)).create();
    // Then
    Job failed = cluster.await(() -> client.batch().v1().jobs().inNamespace(ns).withName("migrate").get(), j -> j.getStatus() != null
        && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
        .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())), "migrate");
    assertThat(failed.getStatus().getConditions()).filteredOn(c -> "Failed".equals(c.getType()))
        .singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded"));
    assertThat(failed.getStatus().getFailed()).isEqualTo(2);
    assertThat(failed.getStatus().getSucceeded()).isNull();
    assertThat(Workloads.pods(client, ns)).hasSize(2).allSatisfy(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(1);
    });
  }
}
