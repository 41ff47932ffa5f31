package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code --what-if}: asks ARM's what-if ({@code POST …/whatIf}, an LRO answered through {@code Location}); no Hub
 * document confirms what-if (FACTS §2), so when the hub does not serve it ({@code InvalidResourceType},
 * {@code NoRegisteredProviderFound}, 404/405) it falls back to {@code validate} and says so. Writes nothing else.
 */
public final class PreviewDeployment implements Task<AkseDeployState> {
  private final ArmClient arm;
  private final AkseDeployRequest deployment;
  private final Duration pollInterval;

  public PreviewDeployment(ArmClient arm, AkseDeployRequest deployment, Duration pollInterval) {
    this.arm = arm;
    this.deployment = deployment;
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return "what-if";
  }

  @Override
  public TaskResult<AkseDeployState> execute(AkseDeployState state, TaskContext context) {
    String path = DeploymentPaths.deployment(arm, deployment.resourceGroup(), deployment.name());
    LroStatus status;
    try {
      if (state.preview() == null) {
        ArmResponse response = arm.post(path + "/whatIf", DeploymentPaths.TYPE, deployment.body());
        Optional<LroOperation> started = LroPoller.started(response, null, null, context.now());
        if (started.isPresent()) {
          return TaskResult.running(state.withPreview(started.get()), Duration.between(context.now(), started.get().pollAt()), "what-if running");
        }
        status = new LroStatus(LroStatus.State.SUCCEEDED, Duration.ZERO, null, response.body(), null, null);
        if (response.body() != null && response.body().path("status").isTextual()) {
          LroStatus.State s = LroStatus.parse(response.body().path("status").asText());
          status = new LroStatus(s, Duration.ZERO, response.body().get("error"), response.body(), null, null);
        }
      } else {
        status = LroPoller.poll(arm, state.preview(), context.now(), pollInterval);
      }
    } catch (ArmCallException e) {
      if (state.preview() == null && notServed(e)) {
        return validateInstead(path, e);
      }
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "what-if of deployment " + deployment.name());
    }
    if (!status.state().terminal()) {
      return TaskResult.running(state.withPreview(status.next()), status.retryAfter(), status.readIssue() == null ? "what-if running"
          : "what-if running; " + status.readIssue());
    }
    if (status.state() != LroStatus.State.SUCCEEDED) {
      // a failed prediction predicts nothing: never "no changes"
      return TaskResult.failed(state.withPreview(null), "what-if of deployment " + deployment.name() + " ended " + (status.state()
          == LroStatus.State.CANCELED ? "Canceled" : "Failed") + (status.error() == null ? "" : ": " + status.errorText())
          + "; it predicted nothing, and nothing was deployed");
    }
    Map<String, Integer> byChange = new TreeMap<>();
    JsonNode changes = status.body() == null ? null : status.body().at("/properties/changes");
    if (changes != null) {
      changes.forEach(c -> byChange.merge(c.path("changeType").asText("Unknown"), 1, Integer::sum));
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put(AkseDeployResult.PREVIEW, "what-if");
    outputs.put(AkseDeployResult.CHANGES, byChange);
    return TaskResult.succeeded(state.withPreview(null), "what-if of " + deployment.name() + ": " + (byChange.isEmpty() ? "no changes"
        : byChange) + "; nothing was deployed", outputs);
  }

  private static boolean notServed(ArmCallException e) {
    return e.status() == 404 || e.status() == 405 || e.code().equals("InvalidResourceType") || e.code().equals("NoRegisteredProviderFound");
  }

  private TaskResult<AkseDeployState> validateInstead(String path, ArmCallException whatIfError) {
    JsonNode result;
    try {
      result = arm.post(path + "/validate", DeploymentPaths.TYPE, deployment.body()).body();
    } catch (ArmCallException e) {
      if (e.code().equals("ResourceGroupNotFound")) {
        throw new io.stamprelease.core.engine.TerminalException("resource group " + deployment.resourceGroup() + " does not exist on hub "
            + arm.hub().name() + " yet, and ARM previews only into an existing group; `stamp deploy` without --what-if would create it"
            + (deployment.location() == null ? "" : " in " + deployment.location()) + ". Nothing was written.", e);
      }
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "validating deployment " + deployment.name()
          + " (what-if is not served by hub " + arm.hub().name() + ")");
    }
    String hash = result == null ? "" : result.at("/properties/templateHash").asText("");
    Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(AkseDeployResult.PREVIEW, "validate");
    outputs.put(AkseDeployResult.WHAT_IF_UNAVAILABLE, whatIfError.code());
    outputs.put(AkseDeployResult.TEMPLATE_HASH, hash);
    return TaskResult.succeeded(AkseDeployState.initial(deployment.name()), "hub " + arm.hub().name() + " does not serve what-if ("
        + whatIfError.code() + "); validated instead: ARM accepts the template and parameters (templateHash " + hash
        + "); nothing was deployed", outputs);
  }
}
