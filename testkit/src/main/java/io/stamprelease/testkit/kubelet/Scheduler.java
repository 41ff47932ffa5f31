package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The default scheduler, reduced to what matters for rollouts: Ready, schedulable nodes whose NoSchedule/NoExecute
 * taints the pod tolerates and whose labels match its nodeSelector; least pods first. One pass binds every
 * pending pod, so spreading uses counts that include the pods bound in the same pass.
 */
final class Scheduler {

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Map<String, String> lastFailure = new HashMap<>(); // pod uid → last FailedScheduling message

  Scheduler(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  void schedulePending() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.stream().noneMatch(Scheduler::isPending)) {
      lastFailure.clear();
      return;
    }
    List<Node> nodes = client.nodes().list().getItems();
    Map<String, Integer> load = new HashMap<>();
    for (Pod p : pods) {
      if (p.getSpec().getNodeName() != null && KubeObjects.isActive(p)) {
        load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
      }
    }
    for (Pod pod : pods) {
      if (!isPending(pod)) {
        continue;
      }
      Map<String, Integer> reasons = new TreeMap<>();
      List<Node> fit = new ArrayList<>();
      for (Node n : nodes) {
        Optional<String> why = whyNot(pod, n);
        if (why.isPresent()) {
          reasons.merge(why.get(), 1, Integer::sum);
        } else {
          fit.add(n);
        }
      }
      if (fit.isEmpty()) {
        unschedulable(pod, nodes.size(), reasons);
        continue;
      }
      Node chosen = fit.stream().min(Comparator.comparingInt((Node n) -> load.getOrDefault(n.getMetadata().getName(), 0))
          .thenComparing(n -> n.getMetadata().getName())).orElseThrow();
      bind(pod, chosen.getMetadata().getName());
      load.merge(chosen.getMetadata().getName(), 1, Integer::sum);
    }
  }

  static boolean isPending(Pod p) {
    return p.getSpec().getNodeName() == null && KubeObjects.isActive(p);
  }

  /** Why the pod cannot go to the node, phrased as the scheduler's FailedScheduling message does. */
  static Optional<String> whyNot(Pod pod, Node node) {
    if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return Optional.of("node(s) were unschedulable");
    }
    for (Taint t : node.getSpec().getTaints() == null ? List.<Taint>of() : node.getSpec().getTaints()) {
      boolean blocking = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
      if (blocking && !tolerates(pod.getSpec().getTolerations(), t)) {
        return Optional.of("node(s) had untolerated taint {" + t.getKey() + ": " + (t.getValue() == null ? "" : t.getValue()) + "}");
      }
    }
    if (!NodeManager.isReady(node)) {
      return Optional.of("node(s) were not ready");
    }
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      if (!selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
        return Optional.of("node(s) didn't match Pod's node affinity/selector");
      }
    }
    return Optional.empty();
  }

  static boolean tolerates(List<Toleration> tolerations, Taint taint) {
    if (tolerations == null) {
      return false;
    }
    for (Toleration t : tolerations) {
      boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
      boolean exists = "Exists".equals(t.getOperator());
      boolean key = (t.getKey() == null || t.getKey().isEmpty()) ? exists : t.getKey().equals(taint.getKey());
      boolean value = exists || Objects.equals(t.getValue() == null ? "" : t.getValue(),
          taint.getValue() == null ? "" : taint.getValue());
      if (effect && key && value) {
        return true;
      }
    }
    return false;
  }

  private void bind(Pod pod, String node) {
    String ns = pod.getMetadata().getNamespace();
    client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).edit(p -> {
      p.getSpec().setNodeName(node);
      return p;
    });
    lastFailure.remove(pod.getMetadata().getUid());
    events.normal(pod, "default-scheduler", null, "Scheduled",
        "Successfully assigned " + ns + "/" + pod.getMetadata().getName() + " to " + node);
  }

  private void unschedulable(Pod pod, int total, Map<String, Integer> reasons) {
    StringBuilder why = new StringBuilder();
    reasons.forEach((r, n) -> why.append(why.length() == 0 ? "" : ", ").append(n).append(' ').append(r));
    String message = total == 0 ? "0/0 nodes are available: no nodes available to schedule pods."
        : "0/" + total + " nodes are available: " + why + ". preemption: 0/" + total + " nodes are available: "
        + total + " Preemption is not helpful for scheduling.";
    String ns = pod.getMetadata().getNamespace();
    PodCondition scheduled = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").withMessage(message).withLastTransitionTime(KubeObjects.now()).build();
    boolean upToDate = pod.getStatus() != null && "Pending".equals(pod.getStatus().getPhase())
        && KubeObjects.condition(pod, "PodScheduled").map(c -> message.equals(c.getMessage())).orElse(false);
    if (!upToDate) {
      client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
        p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending")
            .withQosClass("BestEffort").withConditions(scheduled).build());
        return p;
      });
    }
    if (!message.equals(lastFailure.put(pod.getMetadata().getUid(), message))) {
      events.warning(pod, "default-scheduler", null, "FailedScheduling", message);
    }
  }
}
