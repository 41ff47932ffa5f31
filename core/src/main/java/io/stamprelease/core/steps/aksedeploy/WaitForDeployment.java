package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Watches the deployment once per call through {@link Deployments#look}: our PUT's {@code Azure-AsyncOperation} or
 * {@code Location} (honouring each answer's {@code Retry-After}, the first one included), or — after a re-attach — the
 * deployment's {@code provisioningState}. A status read that fails (404, 5xx, a held answer) is looked at again, never
 * taken as the outcome. On success it outputs the deployment's name, correlation id, duration and {@code masterFQDN};
 * on failure it names the root cause and every failed operation.
 */
public final class WaitForDeployment implements Task<AkseDeployState> {
  private final ArmClient arm;
  private final String resourceGroup;
  private final Duration pollInterval;

  /** @param pollInterval how often to read a re-attached deployment, and to read again after a failed status read */
  public WaitForDeployment(ArmClient arm, String resourceGroup, Duration pollInterval) {
    this.arm = arm;
    this.resourceGroup = resourceGroup;
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return "wait-for-deployment";
  }

  @Override
  public TaskResult<AkseDeployState> execute(AkseDeployState state, TaskContext context) {
    LroOperation op = state.operation() != null ? state.operation()
        : LroOperation.ofResource(Deployments.path(arm, resourceGroup, state.deploymentName()), Deployments.TYPE, context.now());
    try {
      Deployments.Look look = Deployments.look(arm, resourceGroup, state.deploymentName(), op, context.now(), state.submittedAt(), pollInterval);
      if (look instanceof Deployments.Look.Running running) {
        return TaskResult.running(state.watching(running.next()), running.retryAfter(), running.message());
      }
      if (look instanceof Deployments.Look.Succeeded succeeded) {
        return TaskResult.succeeded(state.watching(null), "deployment " + state.deploymentName() + " Succeeded", outputs(succeeded.deployment()));
      }
      return TaskResult.failed(state.watching(null), ((Deployments.Look.Failed) look).report());
    } catch (ArmCallException e) {
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "watching deployment " + state.deploymentName());
    }
  }

  static Map<String, Object> outputs(JsonNode deployment) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (deployment == null) {
      return out;
    }
    JsonNode p = deployment.path("properties");
    out.put(AkseDeployResult.DEPLOYMENT_ID, deployment.path("id").asText());
    out.put(AkseDeployResult.CORRELATION_ID, p.path("correlationId").asText(""));
    out.put(AkseDeployResult.DEPLOYMENT_DURATION, p.path("duration").asText(""));
    out.put(AkseDeployResult.TEMPLATE_HASH, p.path("templateHash").asText(""));
    out.put(AkseDeployResult.MASTER_FQDN, p.at("/outputs/masterFQDN/value").asText(""));
    return out;
  }
}
