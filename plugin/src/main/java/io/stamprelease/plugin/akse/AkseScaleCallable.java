package io.stamprelease.plugin.akse;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.akse.scale.AkseScale;
import io.stamprelease.core.akse.scale.AkseScaleInput;
import io.stamprelease.core.akse.scale.ScaleReport;
import io.stamprelease.core.akse.scale.ScaleRequest;
import io.stamprelease.core.akse.scale.ScaleState;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.hub.HubConnection;
import io.stamprelease.core.hub.HubSpec;
import io.stamprelease.core.kube.KubeClients;
import io.stamprelease.plugin.AgentConsole;
import io.stamprelease.plugin.AgentStepCallable;
import io.stamprelease.plugin.WorkspacePaths;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code akseScale} on the agent: read the files, validate (core), plan on the first visit (reads only), then advance
 * the scale tasks. The Kubernetes client lives for one visit; the plan is in the checkpoint.
 */
public final class AkseScaleCallable extends AgentStepCallable<ScaleState> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code akseScale} arguments, files relative to the workspace. */
  public record Args(String hub, String resourceGroup, String pool, int count, String kubeconfig, String template, String parameters,
      String drainTimeout, Integer maxParallelDrains, boolean force, String timeout, String pollInterval) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Core's input, files resolved against {@code workspace} (on the agent; null on the controller). */
    public AkseScaleInput input(File workspace) {
      return new AkseScaleInput().hub(hub).resourceGroup(resourceGroup).pool(pool).count(count).kubeconfig(WorkspacePaths.path(workspace,
          kubeconfig)).template(WorkspacePaths.path(workspace, template)).parameters(WorkspacePaths.path(workspace, parameters))
          .drainTimeout(drainTimeout).maxParallelDrains(maxParallelDrains).force(force).timeout(timeout).pollInterval(pollInterval);
    }
  }

  private final Args args;

  public AkseScaleCallable(Args args, AgentHub hub, Checkpoint<ScaleState> from, TaskListener listener) {
    super(AkseScale.STEP, hub, from, listener);
    this.args = args;
  }

  @Override
  protected Prepared<ScaleState> prepare(File workspace, HubSpec hub, AgentConsole console) throws IOException {
    ScaleRequest request = args.input(workspace).validate();

    HubConnection connection = HubConnection.open(hub, w -> console.println("[akseScale] " + hub.name() + " warning: " + w));
    KubernetesClient kube = KubeClients.fromKubeconfig(request.kubeconfig());
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("hub", hub.name());
    base.put("resourceGroup", args.resourceGroup());
    if (firstVisit()) {
      ScaleState plan = AkseScale.plan(request, connection.arm(), kube);
      plan.notes().forEach(n -> console.println("[akseScale] " + hub.name() + " plan: " + n));
      if (plan.noOp()) {
        base.putAll(report(plan, true));
        return Prepared.nothingToDo(hub.name(), base, kube);
      }
      return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> plan, hub.name(), base, AkseScaleCallable::report, kube);
    }
    return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> {
      throw new IllegalStateException("a later visit continues from its checkpoint");
    }, hub.name(), base, AkseScaleCallable::report, kube);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> report(ScaleState state, boolean succeeded) {
    ScaleReport report = ScaleReport.of(state, succeeded);
    Map<String, Object> out = JSON.convertValue(report, Map.class);
    out.put("summary", report.summary());
    return out;
  }
}
