package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import java.time.Duration;

/**
 * Scale-out, send half: an Incremental deployment of the cluster's template with {@code <pool>Count} and
 * {@code <pool>Offset} overridden (what {@code aks-engine scale} deploys). Kept small and local on purpose,
 * so it can be merged with akseDeploy's submit task later.
 */
final class SubmitScaleOut implements Task<ScaleState> {
  static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
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
    return arm.resourceGroupPath(state.resourceGroup()) + "/providers/" + DEPLOYMENTS + "/" + name;
  }

  /** The parameters file's values with the pool's count and offset replaced. */
  static ObjectNode parameters(JsonNode values, String pool, int count, int offset) {
    ObjectNode p = values == null ? JSON.createObjectNode() : values.deepCopy();
    p.putObject(pool + "Count").put("value", count);
    p.putObject(pool + "Offset").put("value", offset);
    return p;
  }

  @Override
  public TaskResult<ScaleState> execute(ScaleState state, TaskContext context) {
    if (state.mode() != Mode.SCALE_OUT || state.deploymentName() != null) {
      return TaskResult.succeeded(state);
    }
    // deterministic: a re-run after a crash mid-LRO plans the same offset/count, finds this deployment running
    // and re-attaches instead of starting a second one over the same VMs
    String name = "scale-" + state.pool() + "-" + state.offset() + "-to-" + state.count();
    JsonNode existing = readDeployment(deploymentPath(arm, state, name));
    if (existing != null && !LroStatus.parse(existing.at("/properties/provisioningState").asText("Succeeded")).terminal()) {
      return TaskResult.succeeded(state.withDeployment(name, null), "deployment " + name + " is already "
          + existing.at("/properties/provisioningState").asText() + "; re-attaching to it instead of starting another",
          java.util.Map.of("deployment", name));
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode props = body.putObject("properties").put("mode", "Incremental");
    props.set("template", request.template());
    props.set("parameters", parameters(request.parameterValues(), state.pool(), state.count(), state.offset()));
    ArmResponse response = arm.put(deploymentPath(arm, state, name), DEPLOYMENTS, body);
    String monitor = LroPoller.monitorUrl(response).orElse(null);
    return TaskResult.succeeded(state.withDeployment(name, monitor), "deployment " + name + " submitted: " + state.pool() + "Count="
        + state.count() + ", " + state.pool() + "Offset=" + state.offset() + " (adds " + String.join(", ", state.added()) + ")",
        java.util.Map.of("deployment", name));
  }

  private JsonNode readDeployment(String path) {
    try {
      return arm.get(path, DEPLOYMENTS).body();
    } catch (io.stamprelease.core.clients.hub.ArmCallException e) {
      if (e.notFound()) {
        return null;
      }
      throw e;
    }
  }

  /** Scale-out, watch half: polls the deployment to a terminal state; on Failed names each failed resource's error. */
  static final class WaitForDeployment implements Task<ScaleState> {
    private final ArmClient arm;

    WaitForDeployment(ArmClient arm) {
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
      String provisioning;
      Duration retry = Duration.ofSeconds(10);
      if (state.deploymentMonitorUrl() != null) {
        var status = LroPoller.poll(arm, state.deploymentMonitorUrl(), retry);
        provisioning = status.state().name();
        retry = status.retryAfter();
      } else {
        ArmResponse r = arm.get(path, DEPLOYMENTS);
        provisioning = r.body().at("/properties/provisioningState").asText("Running").toUpperCase(java.util.Locale.ROOT);
        retry = r.retryAfter().orElse(retry);
      }
      return switch (provisioning) {
        case "SUCCEEDED" -> TaskResult.succeeded(state, "deployment " + state.deploymentName() + " succeeded", java.util.Map.of());
        case "FAILED", "CANCELED" -> TaskResult.failed(state, "deployment " + state.deploymentName() + " ended " + provisioning + failures(path));
        default -> TaskResult.running(state, retry, "deployment " + state.deploymentName() + " running");
      };
    }

    private String failures(String path) {
      StringBuilder out = new StringBuilder();
      for (JsonNode op : arm.get(path + "/operations", DEPLOYMENTS).body().path("value")) {
        JsonNode p = op.path("properties");
        if ("Failed".equalsIgnoreCase(p.path("provisioningState").asText())) {
          JsonNode error = p.at("/statusMessage/error");
          out.append("; ").append(p.at("/targetResource/resourceType").asText()).append(' ').append(p.at("/targetResource/resourceName").asText())
              .append(": ").append(error.path("code").asText("?")).append(": ").append(error.path("message").asText(""));
        }
      }
      return out.isEmpty() ? " (no failed operation listed)" : out.toString();
    }
  }
}
