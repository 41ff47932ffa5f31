package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the deployment — unless it need not be sent. It first reads the deployment by name:
 * <ul>
 *   <li>Accepted/Running: an earlier run crashed after its PUT (or someone else deployed): re-attach and watch it;</li>
 *   <li>Succeeded, Incremental, and its {@value AkseDeployRequest#INPUT_HASH_PARAMETER} parameter equal to our
 *       {@link AkseDeployRequest#inputHash()} (template and non-secure parameters): nothing to do. This holds whether or
 *       not the hub echoes {@code templateHash}, which the first 2019-10-01 deployment shape does not define;</li>
 *   <li>otherwise: PUT (ARM's own pre-flight refuses an invalid template before creating anything). A
 *       {@code DeploymentActive} 409 means one started meanwhile: re-attach — or, when ARM does not show it yet (a
 *       Location-style deployment is invisible until it ends), watch it by name until ARM shows how it ended — never PUT again meanwhile.</li>
 * </ul>
 * Running it again is always safe: the read comes before any write, and a state that already says
 * SUBMITTED/REATTACHED/UNCHANGED is returned as is.
 */
public final class SubmitDeployment implements Task<AkseDeployState> {
  private final ArmClient arm;
  private final AkseDeployRequest deployment;

  public SubmitDeployment(ArmClient arm, AkseDeployRequest deployment) {
    this.arm = arm;
    this.deployment = deployment;
  }

  @Override
  public String name() {
    return "submit-deployment";
  }

  @Override
  public TaskResult<AkseDeployState> execute(AkseDeployState state, TaskContext context) {
    if (state.phase() != AkseDeployState.Phase.NEW) {
      return TaskResult.succeeded(state);
    }
    String path = Deployments.path(arm, deployment.resourceGroup(), deployment.name());
    try {
      Optional<JsonNode> existing = Deployments.read(arm, path);
      if (existing.isPresent() && Deployments.running(existing.get())) {
        return reattach(state, existing.get(), path, context);
      }
      String hash = deployment.inputHash();
      if (existing.isPresent() && deployment.deployedAs(existing.get())) {
        return TaskResult.succeeded(state.unchanged(existing.get().at("/properties/correlationId").asText(null)), "deployment "
            + deployment.name() + " already Succeeded with this template and these parameters (input hash " + hash.substring(0, 12)
            + "…, kept in its parameter " + AkseDeployRequest.INPUT_HASH_PARAMETER + "); nothing to submit",
            Map.of(AkseDeployResult.RESULT, "unchanged"));
      }
      Deployments.Submission submission = Deployments.submit(arm, path, deployment.body(), context.now());
      if (submission instanceof Deployments.Submission.Active active) {
        if (active.existing() != null) {
          return reattach(state, active.existing(), path, context);
        }
        // never PUT again while it runs (each PUT could start a second one the moment the first ends): watch its resource
        return TaskResult.succeeded(state.reattached(LroOperation.ofResource(path, DeploymentPaths.TYPE, context.now()), null,
            context.now()), "a deployment named " + deployment.name() + " is running (ARM refused a second one: DeploymentActive) "
            + "and ARM does not show it yet (a deployment started Location-style is invisible until it ends); watching it instead "
            + "of starting another", Map.of(AkseDeployResult.RESULT, "reattached"));
      }
      Deployments.Submission.Accepted accepted = (Deployments.Submission.Accepted) submission;
      String correlation = accepted.correlationId();
      return TaskResult.succeeded(state.submitted(accepted.operation(), correlation, context.now()), "submitted deployment "
          + deployment.name() + " (Incremental) to resource group " + deployment.resourceGroup() + (correlation == null ? ""
          : ", correlation id " + correlation) + "; watching it through " + accepted.operation().style(),
          Map.of(AkseDeployResult.RESULT, "deployed"));
    } catch (ArmCallException e) {
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "submitting deployment " + deployment.name());
    }
  }

  private TaskResult<AkseDeployState> reattach(AkseDeployState state, JsonNode existing, String path, TaskContext context) {
    String correlation = existing.at("/properties/correlationId").asText(null);
    LroOperation watch = LroOperation.ofResource(path, DeploymentPaths.TYPE, context.now());
    return TaskResult.succeeded(state.reattached(watch, correlation, context.now()), "deployment " + deployment.name() + " is already "
        + existing.at("/properties/provisioningState").asText() + " (started " + existing.at("/properties/timestamp").asText("earlier")
        + "); re-attaching to it instead of starting another", Map.of(AkseDeployResult.RESULT, "reattached"));
  }
}
