package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code akseDeploy} returns: the deployment and how it was reached ({@code deployed}, {@code unchanged},
 * {@code reattached}), ARM's correlation id, the cluster's API server and Kubernetes version, and its Ready nodes per
 * pool; or, for a preview, what ARM's what-if (or validate) said. Absent values are null.
 */
public record AkseDeployResult(String hub, String resourceGroup, String deploymentName, String result, String location, String deploymentId,
    String correlationId, String deploymentDuration, String templateHash, String masterFQDN, String kubernetesVersion, String apiServer,
    Map<String, Integer> nodesPerPool, Integer readyNodes, Integer expectedNodes, String preview, Map<String, Integer> changes,
    String whatIfUnavailable) implements StepResult {
  private static final long serialVersionUID = 1L;

  /** The keys the tasks give their outputs under (the engine's outputs of an {@code akseDeploy} run). */
  static final String RESULT = "result";
  static final String LOCATION = "location";
  static final String DEPLOYMENT_ID = "deploymentId";
  static final String CORRELATION_ID = "correlationId";
  static final String DEPLOYMENT_DURATION = "deploymentDuration";
  static final String TEMPLATE_HASH = "templateHash";
  static final String MASTER_FQDN = "masterFQDN";
  static final String KUBERNETES_VERSION = "kubernetesVersion";
  static final String API_SERVER = "apiServer";
  static final String NODES_PER_POOL = "nodesPerPool";
  static final String READY_NODES = "readyNodes";
  static final String EXPECTED_NODES = "expectedNodes";
  static final String PREVIEW = "preview";
  static final String CHANGES = "changes";
  static final String WHAT_IF_UNAVAILABLE = "whatIfUnavailable";

  public AkseDeployResult {
    nodesPerPool = nodesPerPool == null ? null : PlainValues.ordered(nodesPerPool);
    changes = changes == null ? null : PlainValues.ordered(changes);
  }

  /** The result of a run of {@code request} on {@code hub}, from the outputs its tasks gave. */
  @SuppressWarnings("unchecked")
  public static AkseDeployResult of(String hub, AkseDeployRequest request, Outcome<AkseDeployState> outcome) {
    Map<String, Object> o = outcome.outputs();
    return new AkseDeployResult(hub, request.resourceGroup(), request.name(), text(o, RESULT), text(o, LOCATION), text(o, DEPLOYMENT_ID),
        text(o, CORRELATION_ID), text(o, DEPLOYMENT_DURATION), text(o, TEMPLATE_HASH), text(o, MASTER_FQDN), text(o, KUBERNETES_VERSION),
        text(o, API_SERVER), (Map<String, Integer>) o.get(NODES_PER_POOL), (Integer) o.get(READY_NODES), (Integer) o.get(EXPECTED_NODES),
        text(o, PREVIEW), (Map<String, Integer>) o.get(CHANGES), text(o, WHAT_IF_UNAVAILABLE));
  }

  private static String text(Map<String, Object> outputs, String key) {
    Object v = outputs.get(key);
    return v == null || v.toString().isEmpty() ? null : v.toString();
  }

  @Override
  public StepKind step() {
    return StepKind.AKSE_DEPLOY;
  }

  @Override
  public Map<String, Object> toPlainMap() {
    return new PlainValues().put("hub", hub).put("resourceGroup", resourceGroup).put("deploymentName", deploymentName).put(RESULT, result)
        .put(LOCATION, location).put(DEPLOYMENT_ID, deploymentId).put(CORRELATION_ID, correlationId).put(DEPLOYMENT_DURATION, deploymentDuration)
        .put(TEMPLATE_HASH, templateHash).put(MASTER_FQDN, masterFQDN).put(KUBERNETES_VERSION, kubernetesVersion).put(API_SERVER, apiServer)
        .put(NODES_PER_POOL, nodesPerPool == null ? null : new LinkedHashMap<>(nodesPerPool)).put(READY_NODES, readyNodes)
        .put(EXPECTED_NODES, expectedNodes).put(PREVIEW, preview).put(CHANGES, changes == null ? null : new LinkedHashMap<>(changes))
        .put(WHAT_IF_UNAVAILABLE, whatIfUnavailable).map();
  }

  @Override
  public String summary() {
    if (preview != null) {
      return "deployment " + deploymentName + " previewed by " + preview + (changes == null ? "" : ": " + (changes.isEmpty() ? "no changes"
          : changes)) + "; nothing was deployed";
    }
    return "deployment " + deploymentName + (result == null ? "" : ": " + result) + (readyNodes == null ? ""
        : ", " + readyNodes + "/" + expectedNodes + " nodes Ready");
  }

  @Override
  public Facts facts() {
    return new Facts(null, null, null, nodesPerPool == null ? Map.of() : nodesPerPool, List.of(), List.of());
  }
}
