package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;

/** The three PATCH flavours of the Kubernetes API, applied locally (server-side apply is not supported). */
final class Patches {

  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  static boolean isStrategic(String contentType) {
    return contentType != null && contentType.startsWith(STRATEGIC_MERGE_PATCH);
  }

  static boolean isSupported(String contentType) {
    return contentType != null && (contentType.startsWith(JSON_PATCH) || contentType.startsWith(MERGE_PATCH)
        || isStrategic(contentType));
  }

  /** @return the patched copy; {@code target} is not modified */
  static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
    if (contentType.startsWith(JSON_PATCH)) {
      return JsonPatch.apply(patch, target);
    } else if (contentType.startsWith(MERGE_PATCH)) {
      return mergePatch(target, patch);
    } else if (isStrategic(contentType)) {
      return StrategicMergePatch.apply(target, patch);
    }
    throw new IllegalArgumentException("unsupported patch type " + contentType);
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : KubeStatus.JSON.createObjectNode();
    patch.properties().forEach(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    });
    return result;
  }

  private Patches() {
  }
}
