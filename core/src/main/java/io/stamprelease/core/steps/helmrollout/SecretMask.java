package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hides secret values from what a dry run prints, as {@code kubectl diff} and helm-diff do: the data of every
 * {@code Secret} ({@code data}, {@code stringData}), and values a chart names as secret — a ConfigMap key or a
 * container's {@code env} entry whose name says password, secret, token, credential or key. Keys stay visible; a value
 * reads {@code (hidden)} on both sides, and {@code (hidden, changed)} on the new side when it differs, so the diff still
 * shows that it changed, and never the value (not even a hash of it: a short hash of a weak password is a guess away).
 */
final class SecretMask {
  static final String HIDDEN = "(hidden)";
  static final String CHANGED = "(hidden, changed)";
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(passw(or)?d|secret|token|credential|private[-_]?key|api[-_]?key|"
      + "access[-_]?key|connection[-_]?string).*");

  private SecretMask() {
  }

  /** Masked copies of one object before and after (either may be null: added or removed). */
  static ObjectNode[] mask(ObjectNode before, ObjectNode after) {
    ObjectNode a = before == null ? null : before.deepCopy();
    ObjectNode b = after == null ? null : after.deepCopy();
    ObjectNode any = b != null ? b : a;
    String kind = any.path("kind").asText("");
    if (kind.equals("Secret")) {
      maskMap(a, b, before, "data", s -> true);
      maskMap(a, b, before, "stringData", s -> true);
    } else if (kind.equals("ConfigMap")) {
      maskMap(a, b, before, "data", SecretMask::secretName);
    }
    maskEnv(a, b);
    return new ObjectNode[] {a, b};
  }

  static boolean secretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** Hides {@code field}'s values in both copies; a new value is "changed" when {@code original} (before) held another. */
  private static void maskMap(ObjectNode a, ObjectNode b, ObjectNode original, String field, Predicate<String> hide) {
    JsonNode was = original == null ? null : original.get(field);
    if (a != null && a.get(field) instanceof ObjectNode old) {
      hideValues(old, null, hide);
    }
    if (b != null && b.get(field) instanceof ObjectNode now) {
      hideValues(now, original == null ? null : was == null ? MissingNode.getInstance() : was, hide);
    }
  }

  /** Replaces the values of {@code node} whose key {@code hide}s; against {@code before} (null: nothing to compare) for "changed". */
  private static void hideValues(ObjectNode node, JsonNode before, Predicate<String> hide) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (hide.test(e.getKey())) {
        boolean changed = before != null && !Objects.equals(before.get(e.getKey()), e.getValue());
        e.setValue(node.textNode(changed ? CHANGED : HIDDEN));
      }
    }
  }

  /** Containers' {@code env} entries with a literal value under a secret-sounding name, in any pod template. */
  private static void maskEnv(ObjectNode a, ObjectNode b) {
    List<ObjectNode> oldEnv = new ArrayList<>();
    collectEnv(a, oldEnv);
    List<ObjectNode> newEnv = new ArrayList<>();
    collectEnv(b, newEnv);
    Map<String, JsonNode> oldValues = new HashMap<>();
    oldEnv.forEach(e -> oldValues.put(e.path("name").asText(), e.get("value")));
    for (ObjectNode e : newEnv) {
      if (e.has("value") && secretName(e.path("name").asText())) {
        JsonNode was = oldValues.get(e.path("name").asText());
        e.put("value", a == null || Objects.equals(was, e.get("value")) ? HIDDEN : CHANGED);
      }
    }
    for (ObjectNode e : oldEnv) {
      if (e.has("value") && secretName(e.path("name").asText())) {
        e.put("value", HIDDEN);
      }
    }
  }

  private static void collectEnv(JsonNode node, List<ObjectNode> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      JsonNode env = node.get("env");
      if (env instanceof ArrayNode list) {
        list.forEach(e -> {
          if (e instanceof ObjectNode o) {
            out.add(o);
          }
        });
      }
      node.forEach(child -> collectEnv(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collectEnv(child, out));
    }
  }
}
