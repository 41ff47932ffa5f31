package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Applies a strategic merge patch ({@code application/strategic-merge-patch+json}, what Helm upgrade and kubectl apply
 * send) without the Go struct tags that drive it on a real server: the well-known list fields merge by their
 * {@code patchMergeKey}, other lists are replaced, maps merge recursively and {@code null} deletes.
 * Directives: {@code $patch: delete|replace} and {@code $deleteFromPrimitiveList/<field>} are honoured;
 * {@code $setElementOrder/<field>} and {@code $retainKeys} are ignored (ordering and key pruning do not matter here).
 */
final class StrategicMergePatch {

  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
      Map.entry("env", "name"), Map.entry("volumes", "name"), Map.entry("imagePullSecrets", "name"),
      Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
      Map.entry("conditions", "type"), Map.entry("hostAliases", "ip"));

  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  /** @return a new document; neither argument is modified */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    if (directive(patch).equals("replace")) {
      ObjectNode replacement = (ObjectNode) patch.deepCopy();
      replacement.remove("$patch");
      return replacement;
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : KubeStatus.JSON.createObjectNode();
    patch.properties().forEach(field -> applyField(result, field.getKey(), field.getValue()));
    return result;
  }

  private static void applyField(ObjectNode result, String name, JsonNode value) {
    if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      deleteFromPrimitiveList(result.get(name.substring(DELETE_FROM_PRIMITIVE_LIST.length())), value);
    } else if (name.startsWith("$")) {
      return; // $patch at this level was handled by the caller; $setElementOrder/..., $retainKeys are ignored
    } else if (value.isNull() || directive(value).equals("delete")) {
      result.remove(name);
    } else if (value.isObject()) {
      result.set(name, apply(result.get(name), value));
    } else if (value.isArray()) {
      result.set(name, mergeList(name, result.get(name), (ArrayNode) value));
    } else {
      result.set(name, value.deepCopy());
    }
  }

  private static void deleteFromPrimitiveList(JsonNode list, JsonNode toDelete) {
    if (list instanceof ArrayNode array) {
      for (JsonNode value : toDelete) {
        for (int i = array.size() - 1; i >= 0; i--) {
          if (array.get(i).equals(value)) {
            array.remove(i);
          }
        }
      }
    }
  }

  private static JsonNode mergeList(String field, JsonNode current, ArrayNode patch) {
    String key = mergeKey(field, patch);
    if (key == null || current == null || !current.isArray()) {
      ArrayNode replacement = KubeStatus.JSON.createArrayNode();
      patch.forEach(item -> {
        if (!directive(item).equals("delete")) {
          replacement.add(item.isObject() ? apply(null, item) : item.deepCopy());
        }
      });
      return replacement;
    }
    ArrayNode merged = (ArrayNode) current.deepCopy();
    for (JsonNode item : patch) {
      int index = indexOf(merged, key, item.get(key));
      if (directive(item).equals("delete")) {
        if (index >= 0) {
          merged.remove(index);
        }
      } else if (index >= 0) {
        merged.set(index, apply(merged.get(index), item));
      } else {
        merged.add(apply(null, item));
      }
    }
    return merged;
  }

  /** Container ports merge by containerPort, service ports by port. */
  private static String mergeKey(String field, ArrayNode patch) {
    if (field.equals("ports")) {
      return patch.size() > 0 && patch.get(0).has("containerPort") ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; value != null && i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static String directive(JsonNode node) {
    return node.path("$patch").asText("");
  }

  private StrategicMergePatch() {
  }
}
