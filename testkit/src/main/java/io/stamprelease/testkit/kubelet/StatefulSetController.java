package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statefulset controller: pods {@code <sts>-<ordinal>}; OrderedReady creates ordinal n+1 only after n is
 * Ready (Parallel creates all); RollingUpdate replaces the highest outdated ordinal first, one at a time, each
 * only when every pod is Ready; partition honoured. Simplifications: no ControllerRevision objects and no
 * PersistentVolumeClaims; a recreated pod always gets the update revision's template.
 */
final class StatefulSetController {

  static final String REVISION_LABEL = "controller-revision-hash";
  private static final String COMPONENT = "statefulset-controller";

  private final KubernetesClient client;
  private final PodFactory pods;

  StatefulSetController(KubernetesClient client, PodFactory pods) {
    this.client = client;
    this.pods = pods;
  }

  void reconcile(String ns, String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    if (sts == null || KubeObjects.isDeleting(sts)) {
      return;
    }
    String updateRevision = name + "-" + TemplateHash.of(sts.getSpec().getTemplate());
    String currentRevision = sts.getStatus() == null || sts.getStatus().getCurrentRevision() == null
        ? updateRevision : sts.getStatus().getCurrentRevision();
    TreeMap<Integer, Pod> byOrdinal = new TreeMap<>();
    for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
      if (KubeObjects.isControlledBy(p, sts) && !KubeObjects.isDeleting(p)) {
        byOrdinal.put(ordinal(name, p), p);
      }
    }
    int replicas = KubeObjects.replicas(sts.getSpec().getReplicas());
    boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
    boolean allReady = true;
    for (int i = 0; i < replicas; i++) {
      Pod p = byOrdinal.get(i);
      if (p != null && KubeObjects.isTerminal(p)) { // a failed pod is replaced in place
        pods.delete(sts, p, COMPONENT);
        byOrdinal.remove(i);
        p = null;
      }
      if (p == null) {
        byOrdinal.put(i, createPod(sts, i, updateRevision));
        allReady = false;
        if (!parallel) {
          break;
        }
      } else if (!KubeObjects.isReady(p)) {
        allReady = false;
        if (!parallel) {
          break;
        }
      }
    }
    // scale down: highest ordinal first, one at a time, only while the rest is healthy
    if (allReady && byOrdinal.size() > 0 && byOrdinal.lastKey() >= replicas) {
      pods.delete(sts, byOrdinal.remove(byOrdinal.lastKey()), COMPONENT);
      allReady = false;
    }
    String strategy = sts.getSpec().getUpdateStrategy() == null ? null : sts.getSpec().getUpdateStrategy().getType();
    if (allReady && !"OnDelete".equals(strategy)) {
      int partition = sts.getSpec().getUpdateStrategy() == null || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null
          ? 0 : KubeObjects.orZero(sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition());
      for (int i : byOrdinal.descendingKeySet()) {
        if (i >= partition && !updateRevision.equals(revision(byOrdinal.get(i)))) {
          pods.delete(sts, byOrdinal.remove(i), COMPONENT); // recreated at the update revision by the next pass
          break;
        }
      }
    }
    writeStatus(sts, byOrdinal, replicas, currentRevision, updateRevision);
  }

  private Pod createPod(StatefulSet sts, int ordinal, String revision) {
    String podName = sts.getMetadata().getName() + "-" + ordinal;
    return pods.create(sts, sts.getSpec().getTemplate(), podName,
        Map.of(REVISION_LABEL, revision, "statefulset.kubernetes.io/pod-name", podName,
            "apps.kubernetes.io/pod-index", Integer.toString(ordinal)),
        spec -> {
          spec.setHostname(podName);
          spec.setSubdomain(sts.getSpec().getServiceName());
        }, COMPONENT);
  }

  private void writeStatus(StatefulSet sts, TreeMap<Integer, Pod> byOrdinal, int replicas, String currentRevision,
                           String updateRevision) {
    List<Pod> live = byOrdinal.values().stream().filter(KubeObjects::isActive).toList();
    int ready = (int) live.stream().filter(KubeObjects::isReady).count();
    int updated = (int) live.stream().filter(p -> updateRevision.equals(revision(p))).count();
    String current = updated == replicas && ready == replicas && live.size() == replicas ? updateRevision : currentRevision;
    int currentCount = (int) live.stream().filter(p -> current.equals(revision(p))).count();
    StatefulSetStatus status = new StatefulSetStatusBuilder()
        .withObservedGeneration(sts.getMetadata().getGeneration())
        .withReplicas(live.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
        .withCurrentReplicas(currentCount).withUpdatedReplicas(updated)
        .withCurrentRevision(current).withUpdateRevision(updateRevision).withCollisionCount(0)
        .build();
    if (!KubeObjects.sameJson(sts.getStatus(), status)) {
      client.apps().statefulSets().inNamespace(sts.getMetadata().getNamespace()).withName(sts.getMetadata().getName())
          .editStatus(x -> {
            x.setStatus(status);
            return x;
          });
    }
  }

  private static String revision(Pod p) {
    return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(REVISION_LABEL);
  }

  private static int ordinal(String sts, Pod p) {
    try {
      return Integer.parseInt(p.getMetadata().getName().substring(sts.length() + 1));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }
}
