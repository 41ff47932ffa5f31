package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;

/**
 * The disruption controller: expectedPods = matching live pods, currentHealthy = the Ready ones,
 * desiredHealthy from minAvailable (percentages round up) or expectedPods − maxUnavailable (rounds up too),
 * disruptionsAllowed = max(0, currentHealthy − desiredHealthy). Simplification: expectedPods counts pods rather
 * than the owning controllers' scale.
 */
final class DisruptionBudgetController {

  private final KubernetesClient client;

  DisruptionBudgetController(KubernetesClient client) {
    this.client = client;
  }

  void reconcile(String ns, String name) {
    PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get();
    if (pdb == null || KubeObjects.isDeleting(pdb)) {
      return;
    }
    List<Pod> matching = client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> KubeObjects.isActive(p) && KubeObjects.matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels()))
        .toList();
    int expected = matching.size();
    int healthy = (int) matching.stream().filter(KubeObjects::isReady).count();
    int desired;
    if (pdb.getSpec().getMinAvailable() != null) {
      desired = KubeObjects.scaled(pdb.getSpec().getMinAvailable(), expected, true, 0);
    } else if (pdb.getSpec().getMaxUnavailable() != null) {
      desired = Math.max(0, expected - KubeObjects.scaled(pdb.getSpec().getMaxUnavailable(), expected, true, 0));
    } else {
      desired = 0;
    }
    int allowed = Math.max(0, healthy - desired);
    Condition old = pdb.getStatus() == null || pdb.getStatus().getConditions() == null ? null
        : pdb.getStatus().getConditions().stream().filter(c -> "DisruptionAllowed".equals(c.getType())).findFirst().orElse(null);
    String condStatus = allowed > 0 ? "True" : "False";
    Condition cond = new ConditionBuilder().withType("DisruptionAllowed").withStatus(condStatus)
        .withReason(allowed > 0 ? "SufficientPods" : "InsufficientPods").withMessage("")
        .withObservedGeneration(pdb.getMetadata().getGeneration())
        .withLastTransitionTime(old != null && condStatus.equals(old.getStatus()) ? old.getLastTransitionTime() : KubeObjects.now())
        .build();
    PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatusBuilder()
        .withObservedGeneration(pdb.getMetadata().getGeneration())
        .withExpectedPods(expected).withCurrentHealthy(healthy).withDesiredHealthy(desired).withDisruptionsAllowed(allowed)
        .withDisruptedPods(pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null ? Map.of() : pdb.getStatus().getDisruptedPods())
        .withConditions(cond)
        .build();
    if (!KubeObjects.sameJson(pdb.getStatus(), status)) {
      client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).editStatus(x -> {
        x.setStatus(status);
        return x;
      });
    }
  }
}
