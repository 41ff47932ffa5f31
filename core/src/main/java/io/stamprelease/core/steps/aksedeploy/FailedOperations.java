package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code aks-engine deploy} prints when a deployment fails (pkg/armhelpers/deploymentError.go): each
 * Failed operation's resource with the ARM code and message of its {@code statusMessage.error} — the deepest
 * detail, where the real cause (e.g. the CSE's exit status 50) is.
 */
public record FailedOperations(List<Failure> failures) {

  /** One failed resource: {@code Microsoft.Compute/virtualMachines k8s-master-123-0: VMExtensionProvisioningError: …}. */
  public record Failure(String resourceType, String resourceName, String code, String message) {
    public String line() {
      return resourceType + " " + resourceName + ": " + code + ": " + message;
    }
  }

  /** Reads an {@code operations} page ({@code {"value": [...]}}). */
  public static FailedOperations from(JsonNode page) {
    List<Failure> out = new ArrayList<>();
    for (JsonNode op : page.path("value")) {
      JsonNode p = op.path("properties");
      if (!p.path("provisioningState").asText().equalsIgnoreCase("Failed")) {
        continue;
      }
      JsonNode status = p.path("statusMessage");
      if (status.isTextual()) {
        status = parse(status.asText());
      }
      JsonNode error = deepest(status.has("error") ? status.get("error") : status);
      out.add(new Failure(p.at("/targetResource/resourceType").asText("?"), p.at("/targetResource/resourceName").asText("?"),
          error.path("code").asText("Unknown"), error.path("message").asText(status.toString())));
    }
    return new FailedOperations(out);
  }

  /** ARM nests the cause in {@code details}, sometimes as a JSON string inside a message. */
  static JsonNode deepest(JsonNode error) {
    JsonNode current = error;
    for (int depth = 0; depth < 5; depth++) {
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

  private static JsonNode parse(String text) {
    try {
      return text.startsWith("{") ? AkseDeployRequest.JSON.readTree(text) : AkseDeployRequest.JSON.createObjectNode();
    } catch (Exception e) {
      return AkseDeployRequest.JSON.createObjectNode();
    }
  }
}
