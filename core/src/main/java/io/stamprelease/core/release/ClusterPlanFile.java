package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stamp's optional {@code cluster:} in stamps.yaml, read strictly: only the keys below, file names as text, node counts
 * as whole numbers (not strings) between 1 and 50 per pool named as AKS Engine names pools. Every problem names its path
 * ({@code stamps[0].cluster.nodes.linuxpool}). What needs the files (a pool the template does not declare, parameters the
 * template does not accept) is checked with them, in {@link ReleaseSetup}.
 *
 * <pre>
 * cluster:
 *   template: clusters/seattle/azuredeploy.json             # required
 *   parameters: clusters/seattle/azuredeploy.parameters.json # required
 *   apimodel: clusters/seattle/apimodel.json                 # optional, checked against the Hub rules
 *   resourceGroup: stamp-seattle                             # optional: the hub's stamp.resourceGroup
 *   nodes: {linuxpool: 3}                                    # optional: the count wanted per agent pool
 * </pre>
 */
final class ClusterPlanFile {
  static final List<String> KEYS = List.of("template", "parameters", "apimodel", "resourceGroup", "nodes");
  private static final Pattern POOL = Pattern.compile("^[a-z][a-z0-9]{0,11}$");

  private ClusterPlanFile() {
  }

  /** The cluster of {@code node} (null when the stamp has none), its problems added to {@code p} under {@code field}. */
  static ReleasePlan.Cluster parse(JsonNode node, String field, Problems p) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!p.checkAt(node.isObject(), ReleaseField.PLAN, field, "must be a map with " + String.join(", ", KEYS) + " (was " + kind(node) + ")")) {
      return null;
    }
    node.fieldNames().forEachRemaining(k -> p.checkAt(KEYS.contains(k), ReleaseField.PLAN, field + "." + k, "is not a key of cluster: (keys: "
        + String.join(", ", KEYS) + ")"));
    String template = file(node, "template", true, field, p);
    String parameters = file(node, "parameters", true, field, p);
    String apimodel = file(node, "apimodel", false, field, p);
    String resourceGroup = file(node, "resourceGroup", false, field, p);
    Map<String, Integer> nodes = new LinkedHashMap<>();
    JsonNode counts = node.path("nodes");
    if (!counts.isMissingNode() && !counts.isNull()) {
      if (p.checkAt(counts.isObject() && !counts.isEmpty(), ReleaseField.PLAN, field + ".nodes", "must map agent pool names to node counts, "
          + "e.g. {linuxpool: 3} (was " + kind(counts) + ")")) {
        counts.properties().forEach(e -> {
          String at = field + ".nodes." + e.getKey();
          boolean named = p.checkAt(POOL.matcher(e.getKey()).matches() && !e.getKey().equals("master"), ReleaseField.PLAN, at,
              e.getKey().equals("master") ? "masters cannot be scaled (AKS Engine scales agent pools only)"
                  : "is not an agent pool name (1-12 lower-case letters or digits, starting with a letter)");
          JsonNode n = e.getValue();
          boolean whole = p.checkAt(n.isIntegralNumber(), ReleaseField.PLAN, at, "must be a whole number of nodes, " + ScaleRequest.MIN_COUNT
              + "-" + ScaleRequest.MAX_COUNT + " (was " + kind(n) + ")");
          if (whole) {
            long count = n.asLong();
            boolean inRange = p.checkAt(count >= ScaleRequest.MIN_COUNT && count <= ScaleRequest.MAX_COUNT, ReleaseField.PLAN, at,
                "must be between " + ScaleRequest.MIN_COUNT + " and " + ScaleRequest.MAX_COUNT + " nodes per pool on Azure Stack Hub (was "
                    + count + ")");
            if (named && inRange) {
              nodes.put(e.getKey(), (int) count);
            }
          }
        });
      }
    }
    return template == null || parameters == null ? null : new ReleasePlan.Cluster(template, parameters, apimodel, resourceGroup, nodes);
  }

  private static String file(JsonNode node, String key, boolean required, String field, Problems p) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      p.checkAt(!required, ReleaseField.PLAN, field + "." + key, "is required (" + (key.equals("template") ? "the azuredeploy.json"
          : "the azuredeploy.parameters.json") + " aks-engine-azurestack generate wrote, relative to the plan)");
      return null;
    }
    return p.checkAt(v.isTextual() && !v.asText().isBlank(), ReleaseField.PLAN, field + "." + key, "must be text (was " + kind(v) + ")")
        ? v.asText() : null;
  }

  private static String kind(JsonNode n) {
    return n.isTextual() ? "'" + n.asText() + "'" : n.isValueNode() ? n.asText() : n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
