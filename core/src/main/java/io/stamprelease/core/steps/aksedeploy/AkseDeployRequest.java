package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

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

  /**
   * The parameter that carries {@link #inputHash()} on the deployment: a non-secure string parameter we declare in the
   * template we send, because ARM echoes non-secure parameter values on every deployment-shape revision of 2019-10-01,
   * while {@code templateHash} and deployment {@code tags} exist only in its later revision (a hub may echo neither).
   */
  public static final String INPUT_HASH_PARAMETER = "stampReleaseInputHash";

  /**
   * The body of {@code PUT …/deployments/{name}}, {@code …/validate} and {@code …/whatIf}: always Incremental; the
   * template declares {@value #INPUT_HASH_PARAMETER} and the parameters give it, so a later run can tell "unchanged".
   */
  public ObjectNode body() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode properties = body.putObject("properties").put("mode", AkseDeployInput.INCREMENTAL);
    properties.set("template", withInputHash(template));
    ObjectNode withHash = parameters.deepCopy();
    withHash.putObject(INPUT_HASH_PARAMETER).put("value", inputHash());
    properties.set("parameters", withHash);
    return body;
  }

  /** The template with the input-hash parameter declared (a string with an empty default, described as ours). */
  static ObjectNode withInputHash(ObjectNode template) {
    ObjectNode copy = template.deepCopy();
    ObjectNode declared = copy.path("parameters").isObject() ? (ObjectNode) copy.get("parameters") : copy.putObject("parameters");
    ObjectNode p = declared.putObject(INPUT_HASH_PARAMETER).put("type", "string").put("defaultValue", "");
    p.putObject("metadata").put("description", "Set by stamp-release: SHA-256 of this template and the non-secure parameters, "
        + "so a re-run can tell an unchanged deployment");
    return copy;
  }

  /**
   * SHA-256 (hex) of the template and every non-secure parameter as given ({@code value}, or a Key Vault {@code reference}),
   * in canonical form: equal for equal inputs whatever their formatting. Secure values are left out — a hash of a secret
   * on a deployment anyone with read access sees would let them test guesses — so a change of a secure value alone is not
   * seen as a change (give {@code deploymentName} anew, or change another input, to send it).
   */
  public String inputHash() {
    ObjectNode given = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> p : parameters.properties()) {
      if (!secure(p.getKey()) && !p.getKey().equals(INPUT_HASH_PARAMETER)) {
        given.set(p.getKey(), p.getValue());
      }
    }
    ObjectNode inputs = JSON.createObjectNode();
    inputs.set("template", template);
    inputs.set("parameters", given);
    return AkseDeployValidator.templateHash(inputs);
  }

  /**
   * Whether {@code existing} (a deployment as ARM answers it) is this request already done: Succeeded, Incremental, and
   * carrying this request's {@link #inputHash()} — the same template and non-secure parameters. It does not depend on
   * ARM's {@code templateHash}, which the 2019-10-01 response shape does not define.
   */
  public boolean deployedAs(JsonNode existing) {
    JsonNode props = existing.path("properties");
    return props.path("provisioningState").asText().equalsIgnoreCase("Succeeded")
        && props.path("mode").asText("Incremental").equalsIgnoreCase("Incremental")
        && inputHash().equals(props.path("parameters").path(INPUT_HASH_PARAMETER).path("value").asText(null));
  }

  /** True when the template declares the parameter as securestring/secureobject (never compared, never printed). */
  boolean secure(String parameter) {
    return template.path("parameters").path(parameter).path("type").asText("").toLowerCase(Locale.ROOT).startsWith("secure");
  }

  /** Given value of a parameter, or null (reference-style values such as Key Vault references included as-is). */
  JsonNode value(String parameter) {
    return parameters.path(parameter).get("value");
  }
}
