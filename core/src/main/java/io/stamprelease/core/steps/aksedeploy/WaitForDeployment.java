package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.input.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Watches the deployment once per call: through our PUT's {@code Azure-AsyncOperation} URL (honouring its
 * {@code Retry-After}), or — after a re-attach, when we have no such URL — by reading the deployment. On
 * success it outputs the deployment's name, correlation id, duration and {@code masterFQDN}; on failure it
 * lists the deployment's operations and reports each failed resource with its ARM code and message.
 */
public final class WaitForDeployment implements Task<AkseDeployState> {
  private final ArmClient arm;
  private final String resourceGroup;
  private final Duration pollInterval;

  /** @param pollInterval how often to read the deployment when ARM sends no {@code Retry-After} */
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
    String path = DeploymentPaths.deployment(arm, resourceGroup, state.deploymentName());
    LroStatus status;
    JsonNode deployment = null;
    try {
      if (state.monitorUrl() != null) {
        status = LroPoller.poll(arm, state.monitorUrl(), pollInterval);
      } else {
        ArmResponse response = arm.get(path, DeploymentPaths.TYPE);
        deployment = response.body();
        LroStatus.State s = LroStatus.parse(deployment.at("/properties/provisioningState").asText("Succeeded"));
        status = new LroStatus(s, response.retryAfter().orElse(pollInterval), deployment.at("/properties/error"));
      }
      if (!status.state().terminal()) {
        String since = state.submittedAt() == null ? "" : " for " + Durations.human(Duration.between(state.submittedAt(), context.now()));
        return TaskResult.running(state, status.retryAfter(), "deployment " + state.deploymentName() + " running" + since);
      }
      if (deployment == null) {
        deployment = arm.get(path, DeploymentPaths.TYPE).body();
      }
      if (status.state() == LroStatus.State.SUCCEEDED) {
        return TaskResult.succeeded(state, "deployment " + state.deploymentName() + " Succeeded", outputs(deployment));
      }
      return TaskResult.failed(state, failureReport(path, state.deploymentName(), status, deployment));
    } catch (ArmCallException e) {
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "watching deployment " + state.deploymentName());
    }
  }

  static Map<String, Object> outputs(JsonNode deployment) {
    JsonNode p = deployment.path("properties");
    Map<String, Object> out = new LinkedHashMap<>();
        out.put(AkseDeployResult.DEPLOYMENT_ID, deployment.path("id").asText());
    out.put(AkseDeployResult.CORRELATION_ID, p.path("correlationId").asText(""));
    out.put(AkseDeployResult.DEPLOYMENT_DURATION, p.path("duration").asText(""));
    out.put(AkseDeployResult.TEMPLATE_HASH, p.path("templateHash").asText(""));
    out.put(AkseDeployResult.MASTER_FQDN, p.at("/outputs/masterFQDN/value").asText(""));
    return out;
  }

  private String failureReport(String path, String name, LroStatus status, JsonNode deployment) {
    JsonNode error = deployment.at("/properties/error");
    if (error.isMissingNode() && status.error() != null) {
      error = status.error();
    }
    StringBuilder message = new StringBuilder("deployment " + name + " in resource group " + resourceGroup + " on hub " + arm.hub().name()
        + " ended " + (status.state() == LroStatus.State.CANCELED ? "Canceled" : "Failed"));
    if (!error.isMissingNode()) {
      message.append(" (").append(error.path("code").asText()).append(": ").append(error.path("message").asText()).append(")");
    }
    FailedOperations failed = FailedOperations.from(arm.get(path + "/operations", DeploymentPaths.TYPE).body());
    if (!failed.failures().isEmpty()) {
      message.append("; failed operations:\n").append(failed.failures().stream().map(f -> "  " + f.line()).collect(Collectors.joining("\n")));
    }
    String correlation = deployment.at("/properties/correlationId").asText("");
    if (!correlation.isEmpty()) {
      message.append("\ncorrelation id ").append(correlation).append(" (quote it to the hub operator)");
    }
    return message.toString();
  }

}
