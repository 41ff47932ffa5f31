package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.ArmNames;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksedeploy.TemplateRules;
import io.stamprelease.core.steps.aksescale.AkseScaleInput.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@link AkseScaleInput}: what {@code akseScale} is asked to do: set one agent pool of an AKS Engine cluster to {@code targetCount} nodes.
 * {@code template}/{@code parameters} (the {@code aks-engine generate} output) are only needed to scale out;
 * {@code kubeconfig} is the cluster's kubeconfig <em>contents</em> (never written to a file by us).
 *
 * @param drainTimeout      how long one node's drain may be blocked (e.g. by a PodDisruptionBudget) before the
 *                          operation stops without deleting that node
 * @param maxParallelDrains how many nodes are drained at the same time (kubectl/aks-engine drain one by one: 1)
 * @param force             also evict pods that no controller will re-create (kubectl drain --force)
 * @param timeout           the whole operation's deadline
 * @param pollInterval      how often Nodes and drains are looked at again (ARM operations use their Retry-After)
 */
public record ScaleRequest(String hub, String resourceGroup, String pool, int targetCount, Duration drainTimeout, int maxParallelDrains,
    boolean force, JsonNode template, JsonNode parameters, String kubeconfig, Duration timeout, Duration pollInterval) {

  public static final int MIN_COUNT = 1;
  public static final int MAX_COUNT = 50;
  public static final int MAX_PARALLEL_DRAINS = 10;
  /** AKS Engine pool names: a lower-case letter then up to 11 lower-case letters or digits. */
  static final Pattern POOL_NAME = Pattern.compile("^[a-z][a-z0-9]{0,11}$");

  /**
   * Adds every problem of the fields that can be checked without asking the hub; a field whose text was not readable
   * (already reported by {@link AkseScaleInput}) is left alone.
   */
  void validate(Problems problems, boolean countGiven, Set<Field> unknown) {
    problems.check(hub != null && !hub.isBlank(), Field.HUB, "is required");
    if (problems.check(resourceGroup != null && !resourceGroup.isBlank() || unknown.contains(Field.RESOURCE_GROUP), Field.RESOURCE_GROUP,
        "is required (the cluster's resource group)") && resourceGroup != null) {
      ArmNames.resourceGroup(resourceGroup).ifPresent(m -> problems.add(Field.RESOURCE_GROUP, m));
    }
    if (pool == null || pool.isBlank()) {
      problems.add(Field.POOL, "is required (an agent pool name such as agentpool1)");
    } else if (pool.equals("master")) {
      problems.add(Field.POOL, "masters cannot be scaled (AKS Engine scales agent pools only); give an agent pool name");
    } else {
      problems.check(POOL_NAME.matcher(pool).matches(), Field.POOL,
          "must be 1-12 lower-case letters or digits starting with a letter, as AKS Engine names pools (was '" + pool + "')");
    }
    if (problems.check(countGiven, Field.COUNT, "is required (the pool's target node count, " + MIN_COUNT + "-" + MAX_COUNT + ")")) {
      problems.check(targetCount >= MIN_COUNT && targetCount <= MAX_COUNT, Field.COUNT,
          "must be between " + MIN_COUNT + " and " + MAX_COUNT + " nodes (was " + targetCount + ")");
    }
    if (drainTimeout != null) {
      problems.check(positive(drainTimeout), Field.DRAIN_TIMEOUT, "must be a positive duration such as 5m (was " + Durations.human(drainTimeout) + ")");
    }
    problems.check(maxParallelDrains >= 1 && maxParallelDrains <= MAX_PARALLEL_DRAINS, Field.MAX_PARALLEL_DRAINS,
        "must be between 1 and " + MAX_PARALLEL_DRAINS + " (was " + maxParallelDrains + ")");
    if (timeout != null) {
      problems.check(positive(timeout), Field.TIMEOUT, "must be a positive duration such as 30m (was " + Durations.human(timeout) + ")");
    }
    if (positive(drainTimeout) && positive(timeout)) {
      problems.check(drainTimeout.compareTo(timeout) < 0, Field.DRAIN_TIMEOUT, "must be shorter than the whole scale's timeout ("
          + timeout.toSeconds() + "s); was " + drainTimeout.toSeconds() + "s");
    }
    if (pollInterval != null) {
      problems.check(positive(pollInterval), Field.POLL_INTERVAL, "must be a positive duration such as 5s (was " + Durations.human(pollInterval) + ")");
    }
    if (!problems.has(Field.KUBECONFIG) && !unknown.contains(Field.KUBECONFIG)) {
      problems.check(kubeconfig != null && !kubeconfig.isBlank(), Field.KUBECONFIG, "is required (the cluster's kubeconfig)");
    }
    if (template != null) {
      if (problems.check(template.isObject(), Field.TEMPLATE, "must hold a JSON object (an ARM deployment template)")
          && TemplateRules.checkShape(template, Field.TEMPLATE, null, problems) && pool != null && POOL_NAME.matcher(pool).matches()) {
        JsonNode declared = template.path("parameters");
        problems.check(declared.has(pool + "Count") && declared.has(pool + "Offset"), Field.TEMPLATE,
            "declares no parameters " + pool + "Count/" + pool + "Offset; is '" + pool + "' a pool of this cluster's template?");
      }
    }
    if (parameters != null) {
      problems.check(parameters.isObject(), Field.PARAMETERS, "must hold a JSON object (a deployment parameters file)");
    }
    if (template != null && parameters != null && !problems.has(Field.TEMPLATE) && !problems.has(Field.PARAMETERS)) {
      // judged as akseDeploy judges them: ARM would refuse the scale-out's PUT otherwise, after the plan was made
      JsonNode values = parameterValues();
      TemplateRules.checkParameters(template, values, Field.PARAMETERS, problems);
      TemplateRules.checkLimits(template, values, Field.TEMPLATE, problems);
      com.fasterxml.jackson.databind.node.ObjectNode body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      body.putObject("properties").put("mode", "Incremental").<com.fasterxml.jackson.databind.node.ObjectNode>set("template", template)
          .set("parameters", values);
      TemplateRules.checkRequestSize(body, Field.TEMPLATE, problems);
      String suffix = nameSuffix();
      if (suffix != null && pool != null && POOL_NAME.matcher(pool).matches()) {
        // new indexes grow past the count (gaps are not refilled): judge names up to a three-digit index
        TemplateRules.checkClusterNames(suffix, Map.of(pool, 1000), Field.PARAMETERS, problems);
      }
    }
    if (!problems.has(Field.TEMPLATE) && !problems.has(Field.PARAMETERS)) {
      problems.check(template == null || parameters != null, Field.PARAMETERS, "is required with the template (the "
          + "azuredeploy.parameters.json beside it)");
      problems.check(parameters == null || template != null, Field.TEMPLATE, "is required with the parameters (the azuredeploy.json "
          + "beside it)");
    }
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  /** The parameters' {@code nameSuffix} (or the template's default): what the scale-out's VMs are named with. */
  String nameSuffix() {
    JsonNode given = parameterValues() == null ? null : parameterValues().path("nameSuffix").get("value");
    JsonNode value = given != null ? given : template == null ? null : template.path("parameters").path("nameSuffix").get("defaultValue");
    return value == null || !value.isTextual() || value.asText().startsWith("[") ? null : value.asText();
  }

  /** The {@code {"name": {"value": ...}}} map of a parameters file, whether or not it has the file's envelope. */
  JsonNode parameterValues() {
    return parameters != null && parameters.path("parameters").isObject() ? parameters.get("parameters") : parameters;
  }
}
