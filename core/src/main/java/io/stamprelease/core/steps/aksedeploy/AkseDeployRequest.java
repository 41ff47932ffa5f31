package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated {@link AkseDeployInput}, ready to send: the template, the effective parameters (file plus overrides, in
 * the {@code {"name": {"value": …}}} form ARM takes), the deployment's name and the cluster it should
 * produce. Built only by {@link AkseDeployInput#validate()}; the scale-out step builds one the same way with
 * {@code <pool>Count}/{@code <pool>Offset} overrides.
 *
 * @param pollInterval how often to look when the service gives no {@code Retry-After} (nodes; a re-attached deployment)
 */
public record AkseDeployRequest(String resourceGroup, String location, String name, ObjectNode template, ObjectNode parameters,
    ClusterShape shape, Path kubeconfig, Duration timeout, boolean whatIf, Duration pollInterval) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The body of {@code PUT …/deployments/{name}}, {@code …/validate} and {@code …/whatIf}: always Incremental. */
  public ObjectNode body() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode properties = body.putObject("properties").put("mode", AkseDeployInput.INCREMENTAL);
    properties.set("template", template);
    properties.set("parameters", parameters);
    return body;
  }

  /** True when the template declares the parameter as securestring/secureobject (never compared, never printed). */
  boolean secure(String parameter) {
    return template.path("parameters").path(parameter).path("type").asText("").toLowerCase(java.util.Locale.ROOT).startsWith("secure");
  }

  /** Given value of a parameter, or null (reference-style values such as Key Vault references included as-is). */
  JsonNode value(String parameter) {
    return parameters.path(parameter).get("value");
  }
}
