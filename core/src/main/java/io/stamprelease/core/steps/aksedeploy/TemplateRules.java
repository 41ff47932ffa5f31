package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.arm.ArmNames;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ARM would refuse in a template and its parameters, judged locally and the same way for {@code akseDeploy} and
 * {@code akseScale}'s scale-out (each passes its own fields): the template's shape (a {@code parameters} object and a
 * {@code resources} array), every parameter given declared and of its declared type, every required one given, ARM's
 * template limits (256 parameters, 256 variables, 800 resources with copy counts, 64 outputs) and its 4 MB request limit
 * (413 {@code RequestContentTooLarge}), and — for an AKS Engine template — the names its copy loops make from
 * {@code nameSuffix} (VMs, NICs, availability sets and the Nodes their kubelets register).
 */
public final class TemplateRules {
  /** ARM refuses a request above 4 MB ({@code RequestContentTooLarge}); taken as 4 MiB. */
  public static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
  public static final int MAX_PARAMETERS = 256;
  public static final int MAX_VARIABLES = 256;
  public static final int MAX_RESOURCES = 800;
  public static final int MAX_OUTPUTS = 64;
  private static final Pattern REFERENCE = Pattern.compile("^\\[(parameters|variables)\\('([^']+)'\\)\\]$");
  private static final Pattern POOL_COUNT = Pattern.compile("^([a-z][a-z0-9]{0,11})Count$");

  private TemplateRules() {
  }

  /** A deployment parameters file ({@code $schema}, {@code contentVersion}, {@code parameters}) or the bare {@code {"name": {"value": …}}} form. */
  public static ObjectNode unwrapParameters(ObjectNode file) {
    boolean wrapped = file.path("parameters").isObject() && (file.has("$schema") || file.has("contentVersion"));
    return (wrapped ? (ObjectNode) file.get("parameters") : file).deepCopy();
  }

  /** The template's shape: a {@code parameters} object and a {@code resources} array. Returns whether it has it. */
  public static boolean checkShape(JsonNode template, InputField field, String file, Problems problems) {
    return problems.check(template.path("parameters").isObject() && template.path("resources").isArray(), field,
        "must be an ARM deployment template with a 'parameters' object and a 'resources' array" + (file == null ? "" : " (" + file + ")"));
  }

  /** Every parameter given is declared and of its type; every declared one without a default is given. */
  public static void checkParameters(JsonNode template, JsonNode parameters, InputField field, Problems problems) {
    JsonNode declared = template.path("parameters");
    for (Map.Entry<String, JsonNode> p : parameters.properties()) {
      String at = "parameters." + p.getKey();
      if (!problems.checkAt(declared.has(p.getKey()), field, at, "is not declared by the template (declared: " + String.join(", ",
          names(declared)) + ")")) {
        continue;
      }
      JsonNode given = p.getValue();
      if (!problems.checkAt(given.isObject() && (given.has("value") || given.has("reference")), field, at,
          "must be an object with a 'value' (or a Key Vault 'reference')")) {
        continue;
      }
      JsonNode value = given.get("value");
      String type = declared.path(p.getKey()).path("type").asText("string").toLowerCase(Locale.ROOT);
      if (value != null) {
        boolean ok = switch (type) {
          case "int" -> value.isIntegralNumber();
          case "bool" -> value.isBoolean();
          case "string", "securestring" -> value.isTextual();
          case "object", "secureobject" -> value.isObject();
          case "array" -> value.isArray();
          default -> true;
        };
        // the kind of value, never the value: it could be a secret
        problems.checkAt(ok, field, at, "must be of type " + type + " as the template declares (was " + value.getNodeType().name()
            .toLowerCase(Locale.ROOT) + ")");
      }
    }
    for (Map.Entry<String, JsonNode> d : declared.properties()) {
      problems.checkAt(parameters.has(d.getKey()) || d.getValue().has("defaultValue"), field, "parameters." + d.getKey(),
          "is required by the template (it has no defaultValue) but the parameters file does not give it");
    }
  }

  /** ARM's template limits and its request limit, each problem naming the limit. */
  public static void checkLimits(JsonNode template, JsonNode parameters, InputField templateField, Problems problems) {
    int declared = template.path("parameters").size();
    problems.checkAt(declared <= MAX_PARAMETERS, templateField, "template.parameters", "declares " + declared + " parameters; ARM allows at most "
        + MAX_PARAMETERS + " per template");
    int variables = template.path("variables").size();
    problems.checkAt(variables <= MAX_VARIABLES, templateField, "template.variables", "declares " + variables + " variables; ARM allows at most "
        + MAX_VARIABLES + " per template");
    int outputs = template.path("outputs").size();
    problems.checkAt(outputs <= MAX_OUTPUTS, templateField, "template.outputs", "declares " + outputs + " outputs; ARM allows at most " + MAX_OUTPUTS
        + " per template");
    long resources = countResources(template.path("resources"), template, parameters);
    problems.checkAt(resources <= MAX_RESOURCES, templateField, "template.resources", "declares " + resources + " resources (copy counts included); "
        + "ARM allows at most " + MAX_RESOURCES + " per deployment");
  }

  /** The deployment request's size against ARM's 4 MB limit (the template and parameters travel in one request). */
  public static void checkRequestSize(JsonNode body, InputField templateField, Problems problems) {
    long bytes = body.toString().getBytes(StandardCharsets.UTF_8).length;
    problems.check(bytes <= MAX_REQUEST_BYTES, templateField, "the deployment request (template and parameters) would be "
        + String.format(Locale.ROOT, "%.1f", bytes / 1048576.0) + " MB; ARM refuses a request above 4 MB (413 RequestContentTooLarge): "
        + "shrink the template or its parameters, or split the deployment");
  }

  /**
   * An AKS Engine cluster's names: {@code nameSuffix} as a DNS label (the Nodes are the VMs' names lower-cased), and the VM,
   * NIC and availability-set names each pool's copy loop makes, up to its highest index.
   */
  public static void checkClusterNames(String nameSuffix, Map<String, Integer> pools, InputField parametersField, Problems problems) {
    if (nameSuffix == null) {
      return;
    }
    if (!problems.checkAt(ArmNames.dnsLabel(nameSuffix).isEmpty(), parametersField, "parameters.nameSuffix",
        ArmNames.dnsLabel(nameSuffix).map(m -> m + ": the cluster's VMs, NICs and Nodes are named k8s-<pool>-<nameSuffix>-<i>").orElse(""))) {
      return;
    }
    for (Map.Entry<String, Integer> pool : pools.entrySet()) {
      int highest = Math.max(0, pool.getValue() - 1);
      String vm = "k8s-" + pool.getKey() + "-" + nameSuffix + "-" + highest;
      String at = pool.getKey().equals("master") ? "parameters.nameSuffix" : "parameters." + pool.getKey() + "Count";
      ArmNames.virtualMachine(vm).or(() -> ArmNames.kubernetesNode(vm))
          .or(() -> ArmNames.networkStyle("k8s-" + pool.getKey() + "-" + nameSuffix + "-nic-" + highest, "network interface"))
          .or(() -> ArmNames.networkStyle(pool.getKey() + "-availabilitySet-" + nameSuffix, "availability set"))
          .ifPresent(m -> problems.addAt(parametersField, at, m));
    }
  }

  /** The agent pools a template declares ({@code <pool>Count} with {@code <pool>Offset} or {@code <pool>VMSize}). */
  static List<String> agentPools(JsonNode template) {
    List<String> pools = new ArrayList<>();
    JsonNode declared = template.path("parameters");
    for (String name : names(declared)) {
      Matcher m = POOL_COUNT.matcher(name);
      if (m.matches() && !m.group(1).equals("master") && (declared.has(m.group(1) + "Offset") || declared.has(m.group(1) + "VMSize"))) {
        pools.add(m.group(1));
      }
    }
    return pools;
  }

  /** Resources with their copy counts (a literal, or a parameter/variable that is one) and nested child resources. */
  private static long countResources(JsonNode resources, JsonNode template, JsonNode parameters) {
    long total = 0;
    for (JsonNode r : resources) {
      long copies = 1;
      JsonNode count = r.path("copy").path("count");
      if (count.isIntegralNumber()) {
        copies = count.asLong();
      } else if (count.isTextual()) {
        Matcher m = REFERENCE.matcher(count.asText().trim());
        if (m.matches()) {
          JsonNode v = m.group(1).equals("parameters") ? parameters.path(m.group(2)).path("value") : template.path("variables").path(m.group(2));
          if (v.isMissingNode() && m.group(1).equals("parameters")) {
            v = template.path("parameters").path(m.group(2)).path("defaultValue");
          }
          copies = v.isIntegralNumber() ? v.asLong() : 1;
        }
      }
      total += Math.max(0, copies) * (1 + countResources(r.path("resources"), template, parameters));
    }
    return total;
  }

  static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
