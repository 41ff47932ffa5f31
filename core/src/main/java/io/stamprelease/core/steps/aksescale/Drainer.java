package io.stamprelease.core.steps.aksescale;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.stamprelease.core.clients.kube.KubeCalls;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code kubectl drain} does, one non-blocking slice at a time: cordon with a merge patch, then evict
 * through the Eviction API (so PodDisruptionBudgets are respected) every pod except DaemonSet pods (their
 * controller ignores unschedulable and would put them back) and mirror pods (the kubelet owns them).
 * Pods no controller re-creates are refused unless forced.
 */
final class Drainer {
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final KubernetesClient kube;

  Drainer(KubernetesClient kube) {
    this.kube = kube;
  }

  boolean nodeExists(String node) {
    return KubeCalls.call("read Node " + node, () -> kube.nodes().withName(node).get()) != null;
  }

  /** Sets {@code spec.unschedulable=true}; a Node already gone needs no cordon. */
  void cordon(String node) {
    KubeCalls.run("cordon Node " + node, () -> {
      try {
        kube.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    });
  }

  void deleteNode(String node) {
    KubeCalls.run("delete Node " + node, () -> kube.nodes().withName(node).delete());
  }

  /** The pods a drain of {@code node} must move (DaemonSet and mirror pods excluded), including those already terminating. */
  List<Pod> podsToMove(String node) {
    // filtered here rather than with a field selector: the result is the same and every API server answers it
    List<Pod> all = KubeCalls.call("list the pods of Node " + node, () -> kube.pods().inAnyNamespace().list().getItems());
    return all.stream().filter(p -> node.equals(p.getSpec().getNodeName())).filter(p -> !isMirror(p) && !isDaemonSetPod(p)).toList();
  }

  static boolean isMirror(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(MIRROR_ANNOTATION);
  }

  static boolean isDaemonSetPod(Pod pod) {
    return controller(pod).map(o -> "DaemonSet".equals(o.getKind())).orElse(false);
  }

  static boolean unmanaged(Pod pod) {
    return controller(pod).isEmpty();
  }

  static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static String id(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /**
   * Evicts one pod (a finished pod is simply deleted, as no budget counts it). Returns why the API server
   * refused (429: a PodDisruptionBudget allows no disruption now), or empty when the pod is on its way out.
   */
  Optional<String> evict(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    return KubeCalls.call("evict pod " + id(pod), () -> {
      try {
        if (finished(pod)) {
          kube.pods().inNamespace(ns).withName(name).delete();
          return Optional.<String>empty();
        }
        return kube.pods().inNamespace(ns).withName(name).evict() ? Optional.<String>empty() : Optional.of(blockingBudget(pod));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return Optional.<String>empty();
        }
        throw e;
      }
    });
  }

  /** Names the budget that refused the eviction, with its numbers, for the user. */
  private String blockingBudget(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    List<PodDisruptionBudget> budgets = KubeCalls.call("list the PodDisruptionBudgets of " + ns,
        () -> kube.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
    return budgets.stream().filter(b -> selects(b.getSpec().getSelector(), pod.getMetadata().getLabels()))
        .filter(b -> b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null || b.getStatus().getDisruptionsAllowed() == 0)
        .findFirst()
        .map(b -> "PodDisruptionBudget " + ns + "/" + b.getMetadata().getName() + " refused the eviction of pod " + id(pod)
            + (b.getStatus() == null ? "" : " (needs " + b.getStatus().getDesiredHealthy() + " healthy pods, " + b.getStatus().getCurrentHealthy()
                + " healthy now)"))
        .orElse("the API server refused the eviction of pod " + id(pod) + " (429) and no PodDisruptionBudget in " + ns + " names it");
  }

  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(l.get(e.getKey())))) {
      return false;
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = l.get(r.getKey());
        boolean ok = switch (r.getOperator()) {
          case "In" -> v != null && r.getValues().contains(v);
          case "NotIn" -> v == null || !r.getValues().contains(v);
          case "Exists" -> l.containsKey(r.getKey());
          case "DoesNotExist" -> !l.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static Optional<OwnerReference> controller(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners == null ? Optional.empty() : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
  }

  static boolean ready(Node node) {
    return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  Node node(String name) {
    return KubeCalls.call("read Node " + name, () -> kube.nodes().withName(name).get());
  }
}
