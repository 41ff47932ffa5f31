package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ARM's pre-flight check of a deployment's parameters against its template, with ARM's messages:
 * undeclared parameters, missing required ones, wrong types, allowedValues, minValue/maxValue.
 */
final class TemplateParameters {
  private static final String HELP = " Please see https://aka.ms/arm-pass-parameter-values for usage details.";

  private TemplateParameters() {
  }

  /**
   * Returns the effective values (given, resolved from a Key Vault reference, or defaulted; defaults that are expressions
   * are left out).
   */
  static Map<String, JsonNode> resolve(JsonNode template, JsonNode parameters, KeyVaults keyVaults) {
    if (!template.isObject() || !template.path("resources").isArray()) {
      throw invalid("Template validation failed: the template must be a JSON object with a 'resources' array.");
    }
    JsonNode declared = template.path("parameters");
    List<String> undeclared = new ArrayList<>();
    for (Iterator<String> it = parameters.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!declared.has(name)) {
        undeclared.add(name);
      }
    }
    if (!undeclared.isEmpty()) {
      List<String> supported = new ArrayList<>();
      declared.fieldNames().forEachRemaining(supported::add);
      throw invalid("Deployment template validation failed: 'The template parameters '" + String.join(", ", undeclared)
          + "' in the parameters file are not valid; they are not present in the original template and can therefore not be "
          + "provided at deployment time. The only supported parameters for this template are '" + String.join(", ", supported)
          + "'." + HELP + "'.");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : declared.properties()) {
      String name = p.getKey();
      JsonNode spec = p.getValue();
      JsonNode given = parameters.path(name).get("value");
      if (given == null && KeyVaults.isReference(parameters.get(name))) {
        given = keyVaults.resolve(name, parameters.get(name));
      }
      if (given == null) {
        JsonNode fallback = spec.get("defaultValue");
        if (fallback == null) {
          throw invalid("Deployment template validation failed: 'The value for the template parameter '" + name
              + "' at line '1' and column '1' is not provided." + HELP + "'.");
        }
        if (!(fallback.isTextual() && fallback.asText().startsWith("["))) {
          values.put(name, fallback);
        }
        continue;
      }
      checkValue(name, spec, given);
      values.put(name, given);
    }
    return values;
  }

  private static void checkValue(String name, JsonNode spec, JsonNode value) {
    String type = spec.path("type").asText("string").toLowerCase();
    boolean typeOk = switch (type) {
      case "int" -> value.isIntegralNumber();
      case "bool" -> value.isBoolean();
      case "string", "securestring" -> value.isTextual();
      case "object", "secureobject" -> value.isObject();
      case "array" -> value.isArray();
      default -> true;
    };
    if (!typeOk) {
      throw invalid("Deployment template validation failed: 'Template parameter JToken type is not valid. Expected '"
          + spec.path("type").asText() + "'. Actual '" + value.getNodeType() + "'." + HELP + "'.");
    }
    JsonNode allowed = spec.get("allowedValues");
    if (allowed != null && allowed.isArray()) {
      boolean found = false;
      for (JsonNode a : allowed) {
        found |= a.equals(value);
      }
      if (!found) {
        throw invalid("Deployment template validation failed: 'The provided value '" + value.asText() + "' for the template parameter '"
            + name + "' at line '1' and column '1' is not valid. The parameter value is not part of the allowed value(s): '"
            + String.join(",", texts(allowed)) + "'.'.");
      }
    }
    if (value.isIntegralNumber()) {
      if (spec.has("minValue") && value.asLong() < spec.get("minValue").asLong()) {
        throw invalid("Deployment template validation failed: 'The provided value '" + value.asLong() + "' for the template parameter '"
            + name + "' is not valid. The value must be greater than or equal to '" + spec.get("minValue").asLong() + "'.'.");
      }
      if (spec.has("maxValue") && value.asLong() > spec.get("maxValue").asLong()) {
        throw invalid("Deployment template validation failed: 'The provided value '" + value.asLong() + "' for the template parameter '"
            + name + "' is not valid. The value must be less than or equal to '" + spec.get("maxValue").asLong() + "'.'.");
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** The parameters as GET deployment shows them: secure values are never echoed back. */
  static ObjectNode echo(JsonNode template, Map<String, JsonNode> values) {
    ObjectNode out = Json.object();
    values.forEach((name, value) -> {
      String type = template.path("parameters").path(name).path("type").asText("String");
      ObjectNode p = out.putObject(name).put("type", Character.toUpperCase(type.charAt(0)) + type.substring(1));
      if (!type.toLowerCase().startsWith("secure")) {
        p.set("value", value);
      }
    });
    return out;
  }

  private static ArmException invalid(String message) {
    return ArmException.badRequest("InvalidTemplate", message);
  }
}
