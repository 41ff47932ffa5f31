package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** What the simulated ARM reads from a deployment's template: the resources it would create, and the hash it reports. */
final class DeploymentTemplates {
  private DeploymentTemplates() {
  }

  static ObjectNode firstVmOrLast(List<ObjectNode> planned) {
    return planned.stream().filter(r -> r.path("type").asText().equals("Microsoft.Compute/virtualMachines")).findFirst()
        .orElse(planned.isEmpty() ? null : planned.get(planned.size() - 1));
  }

  /** For non-AKS templates: resources whose type and name are literals (expressions are not evaluated). */
  static List<ObjectNode> literalResources(JsonNode template, String rgId, String location) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode r : template.path("resources")) {
      String type = r.path("type").asText();
      String name = r.path("name").asText();
      if (type.isEmpty() || name.isEmpty() || name.startsWith("[") || type.startsWith("[") || name.contains("/")) {
        continue;
      }
      String[] nsType = type.split("/", 2);
      ObjectNode resource = AksEngineLayout.resource(rgId + "/providers/" + nsType[0] + "/" + nsType[1] + "/" + name, name, type, location);
      if (r.path("properties").isObject()) {
        ((ObjectNode) resource.get("properties")).setAll((ObjectNode) r.get("properties"));
        ((ObjectNode) resource.get("properties")).put("provisioningState", "Succeeded");
      }
      out.add(resource);
    }
    return out;
  }

  /** A stable decimal hash of the template, like the {@code templateHash} ARM reports. */
  static String templateHash(JsonNode template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(template));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return Long.toUnsignedString(value);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
