package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/** meta/v1 LabelSelector semantics: matchLabels AND matchExpressions; an empty selector matches everything. */
final class LabelSelector {

  /** @param selector a LabelSelector; a missing one (null or JSON null) matches nothing, as for a PDB */
  static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return false;
    }
    for (var entry : selector.path("matchLabels").properties()) {
      if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!matchesExpression(expression, labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesExpression(JsonNode expression, JsonNode labels) {
    JsonNode value = labels.get(expression.path("key").asText());
    Set<String> values = new HashSet<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    return switch (expression.path("operator").asText()) {
      case "In" -> value != null && values.contains(value.asText());
      case "NotIn" -> value == null || !values.contains(value.asText());
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }

  private LabelSelector() {
  }
}
