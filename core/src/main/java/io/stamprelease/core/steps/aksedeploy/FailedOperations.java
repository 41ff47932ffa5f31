package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.ArmErrors;
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

  /** Reads the deployment's operations (every page of {@code …/operations}, see {@code ArmClient.list}). */
  public static FailedOperations from(List<JsonNode> operations) {
    List<Failure> out = new ArrayList<>();
    for (JsonNode op : operations) {
      JsonNode p = op.path("properties");
      if (!p.path("provisioningState").asText().equalsIgnoreCase("Failed")) {
        continue;
      }
      JsonNode status = p.path("statusMessage");
      if (status.isTextual()) {
        JsonNode parsed = ArmErrors.parse(status.asText());
        status = parsed.isEmpty() ? AkseDeployRequest.JSON.createObjectNode().put("message", status.asText()) : parsed;
      }
      JsonNode error = ArmErrors.deepest(status.has("error") ? status.get("error") : status);
      out.add(new Failure(p.at("/targetResource/resourceType").asText("?"), p.at("/targetResource/resourceName").asText("?"),
          error.path("code").asText("Unknown"), error.path("message").asText(status.toString())));
    }
    return new FailedOperations(out);
  }
}
