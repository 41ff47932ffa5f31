package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemonset controller: one pod per eligible Node (nodeSelector matches, NoSchedule/NoExecute taints
 * tolerated; DaemonSet pods implicitly tolerate not-ready, unreachable and unschedulable), bound directly to the
 * node. RollingUpdate (maxUnavailable 1) replaces outdated pods that are not available at once, and available
 * outdated pods one at a time while every pod is available.
 */
final class DaemonSetController {

  private static final String COMPONENT = "daemonset-controller";
  /** Tolerations the DaemonSet controller adds to every daemon pod. */
  private static final Set<String> IMPLICIT = Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
      "node.kubernetes.io/unschedulable", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/pid-pressure", "node.kubernetes.io/network-unavailable");

  private final KubernetesClient client;
  private final PodFactory pods;

  DaemonSetController(KubernetesClient client, PodFactory pods) {
    this.client = client;
    this.pods = pods;
  }

  void reconcile(String ns, String name) {
    DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName(name).get();
    if (ds == null || KubeObjects.isDeleting(ds)) {
      return;
    }
    String hash = TemplateHash.of(ds.getSpec().getTemplate());
    List<Node> eligible = client.nodes().list().getItems().stream().filter(n -> eligible(ds, n)).toList();
    Map<String, List<Pod>> byNode = new HashMap<>();
    List<Pod> misplaced = new ArrayList<>();
    for (Pod p : client.pods().inNamespace(ns).list().getItems()) {
      if (!KubeObjects.isControlledBy(p, ds) || KubeObjects.isDeleting(p)) {
        continue;
      }
      String node = p.getSpec().getNodeName();
      if (KubeObjects.isTerminal(p) || eligible.stream().noneMatch(n -> n.getMetadata().getName().equals(node))) {
        misplaced.add(p);
      } else {
        byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(p);
      }
    }
    for (Pod p : misplaced) {
      pods.delete(ds, p, COMPONENT);
    }
    for (Node n : eligible) {
      String node = n.getMetadata().getName();
      List<Pod> onNode = byNode.computeIfAbsent(node, k -> new ArrayList<>());
      if (onNode.isEmpty()) {
        onNode.add(pods.create(ds, ds.getSpec().getTemplate(), null,
            Map.of(StatefulSetController.REVISION_LABEL, hash, "pod-template-generation", String.valueOf(ds.getMetadata().getGeneration())),
            spec -> spec.setNodeName(node), COMPONENT));
      }
      while (onNode.size() > 1) {
        pods.delete(ds, onNode.remove(onNode.size() - 1), COMPONENT);
      }
    }
    List<Pod> placed = byNode.values().stream().flatMap(List::stream).toList();
    String strategy = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getType();
    if (!"OnDelete".equals(strategy)) {
      // as the DaemonSet controller's rolling update (daemon/update.go): outdated pods that are not available are
      // replaced at once (nothing to protect), available ones one at a time while nothing else is unavailable
      List<Pod> outdated = placed.stream().filter(p -> !hash.equals(labels(p).get(StatefulSetController.REVISION_LABEL))).toList();
      outdated.stream().filter(p -> !KubeObjects.isReady(p)).forEach(p -> pods.delete(ds, p, COMPONENT));
      if (placed.stream().allMatch(KubeObjects::isReady)) {
        outdated.stream().findFirst().ifPresent(p -> pods.delete(ds, p, COMPONENT));
      }
    }
    int ready = (int) placed.stream().filter(KubeObjects::isReady).count();
    DaemonSetStatus status = new DaemonSetStatusBuilder()
        .withObservedGeneration(ds.getMetadata().getGeneration())
        .withDesiredNumberScheduled(eligible.size())
        .withCurrentNumberScheduled(placed.size())
        .withNumberMisscheduled(0)
        .withNumberReady(ready).withNumberAvailable(ready)
        .withNumberUnavailable(eligible.size() - ready > 0 ? eligible.size() - ready : null)
        .withUpdatedNumberScheduled((int) placed.stream().filter(p -> hash.equals(labels(p).get(StatefulSetController.REVISION_LABEL))).count())
        .build();
    if (!KubeObjects.sameJson(ds.getStatus(), status)) {
      client.apps().daemonSets().inNamespace(ns).withName(name).editStatus(x -> {
        x.setStatus(status);
        return x;
      });
    }
  }

  private static boolean eligible(DaemonSet ds, Node node) {
    Map<String, String> selector = ds.getSpec().getTemplate().getSpec().getNodeSelector();
    Map<String, String> labels = labels(node);
    if (selector != null && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    for (Taint t : node.getSpec().getTaints() == null ? List.<Taint>of() : node.getSpec().getTaints()) {
      boolean blocking = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
      if (blocking && !IMPLICIT.contains(t.getKey())
          && !Scheduler.tolerates(ds.getSpec().getTemplate().getSpec().getTolerations(), t)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> labels(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }
}
