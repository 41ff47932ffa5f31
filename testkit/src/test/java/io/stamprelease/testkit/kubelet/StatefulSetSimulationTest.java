package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class StatefulSetSimulationTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = new SimulatedCluster();
    client = cluster.client;
    cluster.sim.addNode(NodeSpec.agent("node-0", "pool"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private static StatefulSet statefulSet(String ns, String image) {
    return new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(3).withServiceName("db")
        .withNewSelector().addToMatchLabels("app", "db").endSelector()
        .withTemplate(Workloads.template("db", image, null)).endSpec().build();
  }

  @Test
  @DisplayName("OrderedReady: db-1 is created only after db-0 is Ready, db-2 only after db-1; then the status is complete")
  void orderedReadiness() {
    // Given
    String ns = "sts";

    // When
    client.apps().statefulSets().inNamespace(ns).resource(statefulSet(ns, "postgres:16")).create();

    // Then
    StatefulSet sts = cluster.await(() -> client.apps().statefulSets().inNamespace(ns).withName("db").get(),
        s -> s.getStatus() != null && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), "db Ready");
    assertThat(sts.getStatus().getReplicas()).isEqualTo(3);
    assertThat(sts.getStatus().getCurrentReplicas()).isEqualTo(3);
    assertThat(sts.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(sts.getStatus().getCurrentRevision()).matches("db-[bcdfghjklmnpqrstvwxz2456789]{10}")
        .isEqualTo(sts.getStatus().getUpdateRevision());
    assertThat(sts.getStatus().getObservedGeneration()).isEqualTo(sts.getMetadata().getGeneration());
    assertThat(cluster.podHistory()).filteredOn(e -> e.contains(" sts/")).containsSubsequence(
        "ADDED sts/db-0", "READY sts/db-0", "ADDED sts/db-1", "READY sts/db-1", "ADDED sts/db-2", "READY sts/db-2");
    assertThat(cluster.podHistory().indexOf("ADDED sts/db-1")).isGreaterThan(cluster.podHistory().indexOf("READY sts/db-0"));
    assertThat(cluster.podHistory().indexOf("ADDED sts/db-2")).isGreaterThan(cluster.podHistory().indexOf("READY sts/db-1"));
  }

  @Test
  @DisplayName("a rolling update replaces pods from the highest ordinal down, each after the previous one is Ready again")
  void rollingUpdateFromHighestOrdinal() {
    // Given
    String ns = "stsroll";
    client.apps().statefulSets().inNamespace(ns).resource(statefulSet(ns, "postgres:16")).create();
    StatefulSet before = cluster.await(() -> client.apps().statefulSets().inNamespace(ns).withName("db").get(),
        s -> s.getStatus() != null && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), "db Ready");

    // When
    client.apps().statefulSets().inNamespace(ns).withName("db").edit(s -> {
      s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("postgres:17");
      return s;
    });

    // Then
    StatefulSet after = cluster.await(() -> client.apps().statefulSets().inNamespace(ns).withName("db").get(),
        s -> !before.getStatus().getCurrentRevision().equals(s.getStatus().getCurrentRevision())
            && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), "db updated");
    assertThat(after.getStatus().getCurrentRevision()).isEqualTo(after.getStatus().getUpdateRevision());
    assertThat(after.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(cluster.podHistory()).filteredOn(e -> e.startsWith("DELETED stsroll/") || e.startsWith("READY stsroll/"))
        .endsWith("DELETED stsroll/db-2", "READY stsroll/db-2", "DELETED stsroll/db-1", "READY stsroll/db-1",
            "DELETED stsroll/db-0", "READY stsroll/db-0");
    assertThat(Workloads.pods(client, ns)).allSatisfy(p ->
        assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:17"));
  }
}
