package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.steps.aksedeploy.Deployments;
import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scale-out, send half: an Incremental deployment of the cluster's template with {@code <pool>Count} and
 * {@code <pool>Offset} overridden (what {@code aks-engine scale} deploys), sent and watched the way akseDeploy does
 * ({@link Deployments}): a deployment of that name already running — ours from a crashed run, found by name or through
 * ARM's {@code 409 DeploymentActive} — is re-attached to, never started twice.
 */
final class SubmitScaleOut implements Task<ScaleState> {
  static final String DEPLOYMENTS = Deployments.TYPE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScaleRequest request;
  private final ArmClient arm;

  SubmitScaleOut(ScaleRequest request, ArmClient arm) {
    this.request = request;
    this.arm = arm;
  }

  @Override
  public String name() {
    return "submit-scale-out";
  }

  static String deploymentPath(ArmClient arm, ScaleState state, String name) {
    return Deployments.path(arm, state.resourceGroup(), name);
  }

  /** The parameters file's values with the pool's count and offset replaced. */
  static ObjectNode parameters(JsonNode values, String pool, int count, int offset) {
    ObjectNode p = values == null ? JSON.createObjectNode() : values.deepCopy();
    p.putObject(pool + "Count").put("value", count);
    p.putObject(pool + "Offset").put("value", offset);
    return p;
  }

  /** The deployment's name: deterministic, so a re-run after a crash mid-LRO finds the same one and re-attaches. */
  static String deploymentName(ScaleState state) {
    return "scale-" + state.pool() + "-" + state.offset() + "-to-" + state.count();
  }

  @Override
  public TaskResult<ScaleState> execute(ScaleState state, TaskContext context) {
    if (state.mode() != Mode.SCALE_OUT || state.deploymentName() != null) {
      return TaskResult.succeeded(state);
    }
    String name = deploymentName(state);
    String path = deploymentPath(arm, state, name);
    try {
      Optional<JsonNode> existing = Deployments.read(arm, path);
      // only a deployment still running is this scale's (a crash between the PUT and the journal): one that ended is an
      // earlier scale's of the same name — after a scale-in its VMs are gone, and watching it would wait for nodes that
      // no deployment creates. Deploying again is what the plan asks (Incremental: what exists is left as it is).
      String earlier = existing.map(d -> d.at("/properties/provisioningState").asText("")).orElse("");
      if (existing.isPresent() && !List.of("succeeded", "failed", "canceled").contains(earlier.toLowerCase(Locale.ROOT))) {
        return reattach(state, name, path, existing.get(), context);
      }
      ObjectNode body = JSON.createObjectNode();
      ObjectNode props = body.putObject("properties").put("mode", "Incremental");
      props.set("template", request.template());
      props.set("parameters", parameters(request.parameterValues(), state.pool(), state.count(), state.offset()));
      Deployments.Submission submission = Deployments.submit(arm, path, body, context.now());
      if (submission instanceof Deployments.Submission.Active active) {
        if (active.existing() != null) {
          return reattach(state, name, path, active.existing(), context);
        }
        // never PUT again while it runs (each PUT could start a second one the moment the first ends): watch its resource
        return TaskResult.succeeded(state.withDeployment(name, LroOperation.ofResource(path, DEPLOYMENTS, context.now())), "deployment "
            + name + " is running (ARM refused a second one: DeploymentActive) and ARM does not show it yet (a deployment started "
            + "Location-style is invisible until it ends); watching it instead of starting another", Map.of("deployment", name));
      }
      LroOperation op = ((Deployments.Submission.Accepted) submission).operation();
      return TaskResult.succeeded(state.withDeployment(name, op), "deployment " + name + " submitted: " + state.pool() + "Count="
          + state.count() + ", " + state.pool() + "Offset=" + state.offset() + " (adds " + String.join(", ", state.added()) + ")",
          Map.of("deployment", name));
    } catch (ArmCallException e) {
      throw new TerminalException("submitting scale-out deployment " + name + ": " + e.getMessage(), e);
    }
  }

  private TaskResult<ScaleState> reattach(ScaleState state, String name, String path, JsonNode existing, TaskContext context) {
    return TaskResult.succeeded(state.withDeployment(name, LroOperation.ofResource(path, DEPLOYMENTS, context.now())), "deployment " + name
        + " is already " + existing.at("/properties/provisioningState").asText() + "; re-attaching to it instead of starting another",
        Map.of("deployment", name));
  }

  /** Scale-out, watch half: one look at the deployment per call; on Failed the root cause and every failed operation. */
  static final class WaitForDeployment implements Task<ScaleState> {
    private final ScaleRequest request;
    private final ArmClient arm;

    WaitForDeployment(ScaleRequest request, ArmClient arm) {
      this.request = request;
      this.arm = arm;
    }

    @Override
    public String name() {
      return "wait-scale-out";
    }

    @Override
    public TaskResult<ScaleState> execute(ScaleState state, TaskContext context) {
      if (state.mode() != Mode.SCALE_OUT) {
        return TaskResult.succeeded(state);
      }
      String path = deploymentPath(arm, state, state.deploymentName());
      LroOperation op = state.deployment() != null ? state.deployment() : LroOperation.ofResource(path, DEPLOYMENTS, context.now());
      try {
        Deployments.Look look = Deployments.look(arm, state.resourceGroup(), state.deploymentName(), op, context.now(), null,
            request.pollInterval());
        if (look instanceof Deployments.Look.Running running) {
          return TaskResult.running(state.withDeployment(state.deploymentName(), running.next()), running.retryAfter(), running.message());
        }
        if (look instanceof Deployments.Look.Succeeded) {
          return TaskResult.succeeded(state, "deployment " + state.deploymentName() + " Succeeded", Map.of());
        }
        return TaskResult.failed(state, "scale-out of pool " + state.pool() + " to " + state.target() + " nodes failed: "
            + ((Deployments.Look.Failed) look).report());
      } catch (ArmCallException e) {
        throw new TerminalException("watching scale-out deployment " + state.deploymentName() + ": " + e.getMessage(), e);
      }
    }
  }
}
