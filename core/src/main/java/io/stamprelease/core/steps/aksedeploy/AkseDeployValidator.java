package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.arm.ArmNames;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.ParseErrors;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an {@link AkseDeployInput} before anything is written and turns it into an {@link AkseDeployRequest}.
 * Every problem is collected and reported in one message: the files are well-formed JSON, every parameter
 * given is declared by the template and every required one is given, and the AKS Engine rules for Azure
 * Stack Hub hold (FACTS §3: masters 1/3/5, agents 1–50 per pool, AvailabilitySet only, dnsPrefix format,
 * {@code customCloudProfile.portalURL} = {@code https://portal.<location>.…}).
 */
public final class AkseDeployValidator {
  /** AKS Engine's dnsPrefix rule (vlabs validate.go): 3–45 letters, digits, '-'; starts with a letter, ends with a letter or digit. */
  static final Pattern DNS_PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{1,43}[A-Za-z0-9]$");
  private static final Pattern LOCATION = Pattern.compile("^[a-z0-9]{1,64}$");
  private static final Pattern POOL_COUNT = Pattern.compile("^([a-z][a-z0-9]{0,11})Count$");
  static final int MAX_AGENTS_PER_POOL = 50;
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
  private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private AkseDeployValidator() {
  }

  static AkseDeployRequest validate(AkseDeployInput r) {
    Problems problems = new Problems("akseDeploy");
    if (problems.check(r.resourceGroup != null && !r.resourceGroup.isBlank(), Field.RESOURCE_GROUP, "is required (the cluster's resource group)")) {
      ArmNames.resourceGroup(r.resourceGroup).ifPresent(m -> problems.add(Field.RESOURCE_GROUP, m));
    }
    if (r.location != null) {
      problems.check(LOCATION.matcher(r.location).matches(), Field.LOCATION, "must be a region name of lower-case letters and digits (was '"
          + r.location + "')");
    }
    String mode = r.mode == null ? AkseDeployInput.INCREMENTAL : r.mode;
    problems.check(AkseDeployInput.INCREMENTAL.equals(mode), Field.MODE, "must be Incremental (was '" + mode
        + "'); Complete would delete every resource of the resource group the template does not list, i.e. the cluster's other resources");
    Duration timeout = problems.duration(r.timeout, AkseDeployInput.DEFAULT_TIMEOUT, Field.TIMEOUT);
    if (timeout != null) {
      problems.check(timeout.compareTo(Duration.ZERO) > 0 && timeout.compareTo(MAX_TIMEOUT) <= 0, Field.TIMEOUT,
          "must be between 1s and 24h (was " + Durations.human(timeout) + ")");
    }
    Duration poll = problems.duration(r.pollInterval, AkseDeployInput.DEFAULT_POLL_INTERVAL, Field.POLL_INTERVAL);
    if (poll != null) {
      problems.check(poll.compareTo(Duration.ZERO) > 0, Field.POLL_INTERVAL, "must be a positive duration such as 10s (was "
          + Durations.human(poll) + ")");
    }
    if (r.deploymentName != null) {
      ArmNames.deployment(r.deploymentName).ifPresent(m -> problems.add(Field.DEPLOYMENT_NAME, m));
    }

    ObjectNode template = readJson(r.template, Field.TEMPLATE, problems);
    ObjectNode parameterFile = readJson(r.parameters, Field.PARAMETERS, problems);
    ObjectNode apimodel = r.apimodel == null ? null : readJson(r.apimodel, Field.APIMODEL, problems);
    if (template != null) {
      TemplateRules.checkShape(template, Field.TEMPLATE, String.valueOf(r.template), problems);
    }
    ObjectNode parameters = parameterFile == null ? null : TemplateRules.unwrapParameters(parameterFile);

    ClusterShape shape = null;
    if (template != null && parameters != null && template.path("parameters").isObject()) {
      ObjectNode effective = applyOverrides(template, parameters, r.parameterOverrides, problems);
      TemplateRules.checkParameters(template, effective, Field.PARAMETERS, problems);
      shape = shape(template, effective, problems);
      parameters = effective;
      TemplateRules.checkClusterNames(shape.nameSuffix(), shape.pools(), Field.PARAMETERS, problems);
      // the template as sent: with the input-hash parameter we declare
      TemplateRules.checkLimits(AkseDeployRequest.withInputHash(template), parameters, Field.TEMPLATE, problems);
      TemplateRules.checkRequestSize(new AkseDeployRequest(r.resourceGroup, r.location, "size-check", template, parameters, shape, null,
          null, false, null).body(), Field.TEMPLATE, problems);
    }
    String location = r.location;
    if (apimodel != null) {
      location = checkApimodel(apimodel, r.location, shape, problems);
    }
    Path kubeconfig = r.kubeconfig;
    if (!r.whatIf) {
      if (kubeconfig == null && r.template != null && location != null) {
        Path beside = r.template.toAbsolutePath().getParent().resolve("kubeconfig").resolve("kubeconfig." + location + ".json");
        kubeconfig = Files.isReadable(beside) ? beside : null;
      }
      if (problems.check(kubeconfig != null, Field.KUBECONFIG, "is required to wait for the nodes: give the file, set stamp.kubeconfigFile "
          + "for the hub in hubs.yaml, or keep aks-engine's kubeconfig/kubeconfig.<location>.json beside the template")) {
        problems.check(Files.isReadable(kubeconfig), Field.KUBECONFIG, "cannot read '" + kubeconfig + "'");
      }
    }
    problems.throwIfAny();

    String name = r.deploymentName != null ? r.deploymentName : defaultName(shape, template);
    return new AkseDeployRequest(r.resourceGroup, location, name, template, parameters, shape, kubeconfig, timeout, r.whatIf, poll);
  }


  /** {@code <dnsPrefix>-<first 10 hex digits of the template's SHA-256>}: the same template converges on the same deployment. */
  static String defaultName(ClusterShape shape, JsonNode template) {
    String prefix = shape.dnsPrefix() != null ? shape.dnsPrefix() : shape.nameSuffix() != null ? "k8s-" + shape.nameSuffix() : "akse";
    String hash = templateHash(template).substring(0, 10);
    return (prefix.length() > 53 ? prefix.substring(0, 53) : prefix) + "-" + hash;
  }

  /** SHA-256 (hex) of the template's canonical form (properties sorted), so formatting does not matter. */
  public static String templateHash(JsonNode template) {
    try {
      byte[] bytes = CANONICAL.writeValueAsString(CANONICAL.treeToValue(template, Object.class)).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode readJson(Path file, Field field, Problems problems) {
    if (!problems.check(file != null, field, "is required")) {
      return null;
    }
    if (!problems.check(Files.isReadable(file), field, "cannot read '" + file + "'")) {
      return null;
    }
    try {
      long size = Files.size(file);
      if (!problems.check(size <= TemplateRules.MAX_REQUEST_BYTES, field, "'" + file + "' is " + String.format(Locale.ROOT, "%.1f",
          size / 1048576.0) + " MB; ARM refuses a deployment request above 4 MB (413 RequestContentTooLarge), so it is not read")) {
        return null;
      }
      JsonNode node = AkseDeployRequest.JSON.readTree(Files.readString(file));
      if (problems.check(node != null && node.isObject(), field, "must hold a JSON object (" + file + ")")) {
        return (ObjectNode) node;
      }
    } catch (JsonProcessingException e) {
      // where, never what: the token could be a secure parameter's value
      problems.add(field, "is not well-formed JSON (" + file + ", " + ParseErrors.where(e) + ")");
    } catch (IOException e) {
      problems.add(field, "cannot read '" + file + "': " + e.getMessage());
    }
    return null;
  }

  private static ObjectNode applyOverrides(ObjectNode template, ObjectNode parameters, Map<String, Object> overrides, Problems problems) {
    ObjectNode effective = parameters.deepCopy();
    overrides.forEach((name, value) -> {
      if (problems.checkAt(template.path("parameters").has(name), Field.PARAMETER_OVERRIDES, "parameterOverrides." + name, "is not declared by the template (declared: "
          + String.join(", ", TemplateRules.names(template.path("parameters"))) + ")")) {
        effective.putObject(name).set("value", AkseDeployRequest.JSON.valueToTree(value));
      }
    });
    return effective;
  }

  /** Masters, pools and their counts as the template will create them; checks the Hub limits on the way. */
  private static ClusterShape shape(ObjectNode template, ObjectNode parameters, Problems problems) {
    String nameSuffix = text(effective(template, parameters, "nameSuffix"));
    String dnsPrefix = text(effective(template, parameters, "masterEndpointDNSNamePrefix"));
    String version = text(effective(template, parameters, "kubernetesVersion"));
    if (dnsPrefix != null) {
      problems.checkAt(DNS_PREFIX.matcher(dnsPrefix).matches(), Field.PARAMETERS, "parameters.masterEndpointDNSNamePrefix", "must be a dnsPrefix of 3-45 letters, "
          + "digits or '-', starting with a letter and ending with a letter or digit (was '" + dnsPrefix + "')");
    }
    problems.checkAt(nameSuffix != null, Field.PARAMETERS, "parameters.nameSuffix", "is missing: not an aks-engine-azurestack template (its VMs are k8s-<pool>-<nameSuffix>-<i>)");
    Map<String, Integer> pools = new LinkedHashMap<>();
    JsonNode masterCount = effective(template, parameters, "masterCount");
    if (masterCount == null) {
      masterCount = template.path("variables").get("masterCount");
    }
    if (masterCount != null && masterCount.canConvertToInt()) {
      int masters = masterCount.asInt();
      problems.checkAt(masters == 1 || masters == 3 || masters == 5, Field.TEMPLATE, "masterCount", "must be 1, 3 or 5 (was " + masters + ")");
      pools.put("master", masters);
    } else {
      problems.addAt(Field.TEMPLATE, "masterCount", "the template has no masterCount variable or parameter: not an aks-engine-azurestack template");
    }
    for (String name : names(template.path("parameters"))) {
      Matcher m = POOL_COUNT.matcher(name);
      JsonNode declared = template.path("parameters");
      if (m.matches() && !m.group(1).equals("master") && (declared.has(m.group(1) + "Offset") || declared.has(m.group(1) + "VMSize"))) {
        JsonNode count = effective(template, parameters, name);
        if (count != null && count.canConvertToInt()) {
          int n = count.asInt();
          problems.checkAt(n >= 1 && n <= MAX_AGENTS_PER_POOL, Field.PARAMETERS, "parameters." + name, "must be between 1 and " + MAX_AGENTS_PER_POOL
              + " agents per pool on Azure Stack Hub (was " + n + ")");
          pools.put(m.group(1), n);
        }
      }
    }
    return new ClusterShape(dnsPrefix, nameSuffix, version, pools);
  }

  /** Checks the apimodel's Hub rules; returns the location to use (the flag's, else the apimodel's). */
  private static String checkApimodel(ObjectNode apimodel, String location, ClusterShape shape, Problems problems) {
    String modelLocation = text(apimodel.get("location"));
    if (location != null && modelLocation != null) {
      problems.check(location.equalsIgnoreCase(modelLocation), Field.LOCATION, "'" + location + "' differs from the apimodel's location '"
          + modelLocation + "'");
    }
    String effectiveLocation = location != null ? location : modelLocation;
    JsonNode props = apimodel.path("properties");
    JsonNode master = props.path("masterProfile");
    if (master.has("count")) {
      int n = master.path("count").asInt(-1);
      problems.checkAt(n == 1 || n == 3 || n == 5, Field.APIMODEL, "apimodel.properties.masterProfile.count", "must be 1, 3 or 5 (was " + master.get("count") + ")");
    }
    String dnsPrefix = text(master.get("dnsPrefix"));
    if (dnsPrefix != null) {
      problems.checkAt(DNS_PREFIX.matcher(dnsPrefix).matches(), Field.APIMODEL, "apimodel.properties.masterProfile.dnsPrefix", "must be 3-45 letters, digits or '-', "
          + "starting with a letter and ending with a letter or digit (was '" + dnsPrefix + "')");
      if (shape != null && shape.dnsPrefix() != null) {
        problems.checkAt(dnsPrefix.equals(shape.dnsPrefix()), Field.APIMODEL, "apimodel.properties.masterProfile.dnsPrefix", "'" + dnsPrefix
            + "' differs from the parameters' masterEndpointDNSNamePrefix '" + shape.dnsPrefix() + "': the files are from different clusters");
      }
    }
    int i = 0;
    for (JsonNode pool : props.path("agentPoolProfiles")) {
      String field = "apimodel.properties.agentPoolProfiles[" + i++ + "]";
      if (pool.has("count")) {
        int n = pool.path("count").asInt(-1);
        problems.checkAt(n >= 1 && n <= MAX_AGENTS_PER_POOL, Field.APIMODEL, field + ".count", "must be between 1 and " + MAX_AGENTS_PER_POOL + " (was "
            + pool.get("count") + ")");
      }
      String availability = text(pool.get("availabilityProfile"));
      if (availability != null) {
        problems.checkAt(availability.equals("AvailabilitySet"), Field.APIMODEL, field + ".availabilityProfile",
            "must be AvailabilitySet on Azure Stack Hub (was '" + availability + "'; VirtualMachineScaleSets is not supported there)");
      }
    }
    JsonNode cloud = props.path("customCloudProfile");
    String portal = text(cloud.get("portalURL"));
    if (cloud.isObject()) {
      String expected = "https://portal." + (effectiveLocation == null ? "<location>" : effectiveLocation) + ".";
      problems.checkAt(portal != null && effectiveLocation != null && portal.startsWith(expected), Field.APIMODEL, "apimodel.properties.customCloudProfile.portalURL",
          "must start with " + expected + " (was '" + portal + "')");
    }
    return effectiveLocation;
  }

  private static JsonNode effective(ObjectNode template, ObjectNode parameters, String name) {
    JsonNode given = parameters.path(name).get("value");
    if (given != null) {
      return given;
    }
    JsonNode fallback = template.path("parameters").path(name).get("defaultValue");
    return fallback == null || (fallback.isTextual() && fallback.asText().startsWith("[")) ? null : fallback;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
