package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ARM's error objects ({@code {"code", "message", "details": [...]}}) told by their root cause: ARM wraps the error that
 * matters in summaries ({@code DeploymentFailed}: "At least one resource deployment operation failed…",
 * {@code Conflict} whose message is itself a JSON document, {@code ResourceDeploymentFailure}); the cause a person can act
 * on — {@code VMExtensionProvisioningError … exit status=50} — is the deepest detail.
 */
public final class ArmErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 8;

  private ArmErrors() {
  }

  /** The deepest error of the chain: first details, or an {@code error} inside a message that is JSON. */
  public static JsonNode deepest(JsonNode error) {
    JsonNode current = error;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      JsonNode details = current.path("details");
      if (details.isArray() && !details.isEmpty()) {
        current = details.get(0);
        continue;
      }
      JsonNode nested = parse(current.path("message").asText(""));
      if (nested.has("error")) {
        current = nested.get("error");
        continue;
      }
      break;
    }
    return current;
  }

  /** {@code RootCode: root message}, plus {@code (ARM: WrapperCode)} when the root was wrapped. */
  public static String describe(JsonNode error) {
    JsonNode root = deepest(error);
    String text = root.path("code").asText("Unknown") + ": " + root.path("message").asText("");
    String wrapper = error.path("code").asText("");
    return root == error || wrapper.isEmpty() || wrapper.equals(root.path("code").asText()) ? text : text + " (ARM: " + wrapper + ")";
  }

  /** The JSON document a message holds (ARM nests errors as JSON text), or an empty object. */
  public static JsonNode parse(String text) {
    try {
      return text.trim().startsWith("{") ? JSON.readTree(text) : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
