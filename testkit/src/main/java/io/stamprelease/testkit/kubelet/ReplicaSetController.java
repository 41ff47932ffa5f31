package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keeps a ReplicaSet's pod count at spec.replicas and reports its status. Pods are listed from the API (not a
 * cache) before deciding to create, so a slow watch can never make us create twice.
 */
final class ReplicaSetController {

  private static final String COMPONENT = "replicaset-controller";

  private final KubernetesClient client;
  private final PodFactory pods;

  ReplicaSetController(KubernetesClient client, PodFactory pods) {
    this.client = client;
    this.pods = pods;
  }

  void reconcile(String ns, String name) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(name).get();
    if (rs == null || KubeObjects.isDeleting(rs)) {
      return;
    }
    List<Pod> owned = new ArrayList<>(client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> KubeObjects.isControlledBy(p, rs) && KubeObjects.isActive(p)).toList());
    int desired = KubeObjects.replicas(rs.getSpec().getReplicas());
    for (int i = owned.size(); i < desired; i++) {
      owned.add(pods.create(rs, rs.getSpec().getTemplate(), null, Map.of(), spec -> { }, COMPONENT));
    }
    if (owned.size() > desired) {
      owned.sort(deletionOrder());
      for (Pod p : new ArrayList<>(owned.subList(0, owned.size() - desired))) {
        pods.delete(rs, p, COMPONENT);
        owned.remove(p);
      }
    }
    int ready = (int) owned.stream().filter(KubeObjects::isReady).count();
    int labelled = (int) owned.stream().filter(p -> KubeObjects.matches(rs.getSpec().getSelector(), p.getMetadata().getLabels())).count();
    ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(owned.size()).withFullyLabeledReplicas(labelled)
        .withReadyReplicas(ready).withAvailableReplicas(ready).withObservedGeneration(rs.getMetadata().getGeneration()).build();
    if (!KubeObjects.sameJson(rs.getStatus(), status)) {
      client.apps().replicaSets().inNamespace(ns).withName(name).editStatus(r -> {
        r.setStatus(status);
        return r;
      });
    }
  }

  /** As the real controller: unscheduled, then pending, then not ready, then the newest go first. */
  static Comparator<Pod> deletionOrder() {
    return Comparator.<Pod>comparingInt(p -> p.getSpec().getNodeName() == null ? 0 : 1)
        .thenComparingInt(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) ? 1 : 0)
        .thenComparingInt(p -> KubeObjects.isReady(p) ? 1 : 0)
        .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp(),
            Comparator.reverseOrder());
  }
}
