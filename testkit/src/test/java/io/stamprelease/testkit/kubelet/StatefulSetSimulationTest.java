package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
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
  void orderedReadiness() throws Exception {
    // Given
    String ns = "sts";
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (Watch ignored = client.pods().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        if (action == Action.ADDED) {
          // record how many siblings were Ready when this pod appeared
          long readyBefore = client.pods().inNamespace(ns).list().getItems().stream()
              .filter(x -> !x.getMetadata().getName().equals(p.getMetadata().getName())).filter(KubeObjects::isReady).count();
          seen.add(p.getMetadata().getName() + "@" + readyBefore);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      // When
      client.apps().statefulSets().inNamespace(ns).resource(statefulSet(ns, "postgres:16")).create();

      // Then
      StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("db").waitUntilCondition(s -> s.getStatus() != null
          && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), 10, SECONDS);
      assertThat(sts.getStatus().getReplicas()).isEqualTo(3);
      assertThat(sts.getStatus().getCurrentReplicas()).isEqualTo(3);
      assertThat(sts.getStatus().getUpdatedReplicas()).isEqualTo(3);
      assertThat(sts.getStatus().getCurrentRevision()).matches("db-[bcdfghjklmnpqrstvwxz2456789]{10}")
          .isEqualTo(sts.getStatus().getUpdateRevision());
      assertThat(sts.getStatus().getObservedGeneration()).isEqualTo(sts.getMetadata().getGeneration());
      assertThat(seen).containsExactly("db-0@0", "db-1@1", "db-2@2");
    }
  }

  @Test
  @DisplayName("a rolling update replaces pods from the highest ordinal down, then currentRevision catches up")
  void rollingUpdateFromHighestOrdinal() {
    // Given
    String ns = "stsroll";
    client.apps().statefulSets().inNamespace(ns).resource(statefulSet(ns, "postgres:16")).create();
    StatefulSet before = client.apps().statefulSets().inNamespace(ns).withName("db").waitUntilCondition(s -> s.getStatus() != null
        && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), 10, SECONDS);
    List<String> deletions = Collections.synchronizedList(new ArrayList<>());
    try (Watch ignored = client.pods().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod p) {
        if (action == Action.DELETED) {
          deletions.add(p.getMetadata().getName());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      // When
      client.apps().statefulSets().inNamespace(ns).withName("db").edit(s -> {
        s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("postgres:17");
        return s;
      });

      // Then
      StatefulSet after = client.apps().statefulSets().inNamespace(ns).withName("db").waitUntilCondition(s ->
          !before.getStatus().getCurrentRevision().equals(s.getStatus().getCurrentRevision())
              && Integer.valueOf(3).equals(s.getStatus().getReadyReplicas()), 10, SECONDS);
      assertThat(after.getStatus().getCurrentRevision()).isEqualTo(after.getStatus().getUpdateRevision());
      assertThat(after.getStatus().getUpdatedReplicas()).isEqualTo(3);
      assertThat(deletions).containsExactly("db-2", "db-1", "db-0");
      assertThat(Workloads.pods(client, ns)).allSatisfy(p ->
          assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:17"));
    }
  }
}
