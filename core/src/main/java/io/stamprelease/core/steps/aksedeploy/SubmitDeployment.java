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
import io.stamprelease.core.engine.TerminalException;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the deployment — unless it need not be sent. It first reads the deployment by name:
 * <ul>
 *   <li>Accepted/Running: an earlier run crashed after its PUT (or someone else deployed): re-attach and watch it;</li>
 *   <li>Succeeded with the same {@code templateHash} (ARM's, learned from a side-effect-free {@code validate}) and
 *       the same non-secret parameters: nothing to do;</li>
 *   <li>otherwise: PUT (ARM's own pre-flight refuses an invalid template before creating anything). A
 *       {@code DeploymentActive} 409 means one started meanwhile: re-attach.</li>
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
    String path = DeploymentPaths.deployment(arm, deployment.resourceGroup(), deployment.name());
    Optional<JsonNode> existing = read(path);
    if (existing.isPresent() && !terminal(existing.get())) {
      return reattach(state, existing.get(), context);
    }
    // ARM's templateHash is only needed to compare with an existing deployment; a new one goes straight to
    // the PUT, whose own pre-flight rejects an invalid template before anything is created
    String templateHash = existing.isPresent() ? validate(path) : null;
    if (existing.isPresent() && unchanged(existing.get(), templateHash)) {
      return TaskResult.succeeded(state.unchanged(existing.get().at("/properties/correlationId").asText(null)), "deployment "
          + deployment.name() + " already Succeeded with this template (templateHash " + templateHash + ") and these parameters; nothing to submit",
          Map.of(AkseDeployResult.RESULT, "unchanged"));
    }
    ArmResponse response;
    try {
      response = arm.put(path, DeploymentPaths.TYPE, deployment.body());
    } catch (ArmCallException e) {
      if (e.code().equals("DeploymentActive")) {
        return reattach(state, read(path).orElseThrow(() -> new TerminalException(e.getMessage())), context);
      }
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "submitting deployment " + deployment.name());
    }
    String monitor = LroPoller.monitorUrl(response).orElse(null);
    String correlation = response.body() == null ? null : response.body().at("/properties/correlationId").asText(null);
    return TaskResult.succeeded(state.submitted(monitor, correlation, context.now()), "submitted deployment " + deployment.name()
        + " (Incremental) to resource group " + deployment.resourceGroup() + (correlation == null ? "" : ", correlation id " + correlation),
        Map.of(AkseDeployResult.RESULT, "deployed"));
  }

  private TaskResult<AkseDeployState> reattach(AkseDeployState state, JsonNode existing, TaskContext context) {
    String correlation = existing.at("/properties/correlationId").asText(null);
    return TaskResult.succeeded(state.reattached(correlation, context.now()), "deployment " + deployment.name() + " is already "
        + existing.at("/properties/provisioningState").asText() + " (started " + existing.at("/properties/timestamp").asText("earlier")
        + "); re-attaching to it instead of starting another", Map.of(AkseDeployResult.RESULT, "reattached"));
  }

  private Optional<JsonNode> read(String path) {
    try {
      return Optional.ofNullable(arm.get(path, DeploymentPaths.TYPE).body());
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "reading deployment " + deployment.name());
    }
  }

  /** ARM's pre-flight; also tells us the templateHash ARM computes for our template. */
  private String validate(String path) {
    try {
      JsonNode result = arm.post(path + "/validate", DeploymentPaths.TYPE, deployment.body()).body();
      return result == null ? null : result.at("/properties/templateHash").asText(null);
    } catch (ArmCallException e) {
      throw DeploymentPaths.explain(e, arm, DeploymentPaths.TYPE, "ARM pre-flight validation of deployment " + deployment.name());
    }
  }

  private static boolean terminal(JsonNode deployment) {
    return LroStatus.parse(deployment.at("/properties/provisioningState").asText("Succeeded")).terminal();
  }

  /** Succeeded, Incremental, same ARM templateHash, and every non-secret parameter we give has the value we give. */
  private boolean unchanged(JsonNode existing, String templateHash) {
    JsonNode props = existing.path("properties");
    if (!props.path("provisioningState").asText().equalsIgnoreCase("Succeeded") || templateHash == null
        || !templateHash.equals(props.path("templateHash").asText(null)) || !props.path("mode").asText("Incremental").equalsIgnoreCase("Incremental")) {
      return false;
    }
    for (Map.Entry<String, JsonNode> p : deployment.parameters().properties()) {
      if (deployment.secure(p.getKey()) || !p.getValue().has("value")) {
        continue; // ARM never echoes secure values; Key Vault references are resolved server-side
      }
      if (!p.getValue().get("value").equals(props.path("parameters").path(p.getKey()).get("value"))) {
        return false;
      }
    }
    return true;
  }
}
