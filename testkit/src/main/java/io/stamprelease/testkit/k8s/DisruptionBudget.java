package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A PodDisruptionBudget evaluated against the pods that exist right now, the way the disruption controller computes
 * its status: expected = pods matching the selector, healthy = those Ready and not being deleted; percentages round
 * up. (The real controller takes "expected" from the owning controllers' scale; pod count is the same in a steady
 * state and needs no controller here.)
 */
record DisruptionBudget(String name, int desiredHealthy, int currentHealthy) {

  static boolean selects(JsonNode pdb, JsonNode pod) {
    return LabelSelector.matches(pdb.path("spec").get("selector"), pod.path("metadata").path("labels"));
  }

  /** @param pods all pods of the budget's namespace */
  static DisruptionBudget evaluate(JsonNode pdb, List<JsonNode> pods) {
    List<JsonNode> selected = pods.stream().filter(pod -> selects(pdb, pod)).toList();
    int expected = selected.size();
    int healthy = (int) selected.stream().filter(DisruptionBudget::isHealthy).count();
    JsonNode spec = pdb.path("spec");
    int desired;
    if (spec.hasNonNull("maxUnavailable")) {
      desired = Math.max(0, expected - scaled(spec.get("maxUnavailable"), expected));
    } else if (spec.hasNonNull("minAvailable")) {
      desired = scaled(spec.get("minAvailable"), expected);
    } else {
      desired = 0;
    }
    return new DisruptionBudget(pdb.path("metadata").path("name").asText(), desired, healthy);
  }

  int disruptionsAllowed() {
    return Math.max(0, currentHealthy - desiredHealthy);
  }

  /** The cause the real API server puts in the 429 answer. */
  String violationMessage() {
    return "The disruption budget " + name + " needs " + desiredHealthy + " healthy pods and has " + currentHealthy
        + " currently";
  }

  static boolean isHealthy(JsonNode pod) {
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return false;
    }
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** An IntOrString: an int as is, "N%" of the total rounded up. */
  private static int scaled(JsonNode intOrPercent, int total) {
    if (intOrPercent.isNumber()) {
      return intOrPercent.asInt();
    }
    String text = intOrPercent.asText().trim();
    if (text.endsWith("%")) {
      int percent = Integer.parseInt(text.substring(0, text.length() - 1));
      return (int) Math.ceil(percent * total / 100.0);
    }
    return Integer.parseInt(text);
  }
}
