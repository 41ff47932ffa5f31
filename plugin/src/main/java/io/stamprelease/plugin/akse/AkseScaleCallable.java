package io.stamprelease.plugin.akse;

import hudson.model.TaskListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.plugin.agent.AgentConsole;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.agent.WorkspacePaths;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.Function;

/**
 * {@code akseScale} on the agent: read the files, validate (core), plan on the first visit (reads only), then advance
 * the scale tasks. The Kubernetes client lives for one visit; the plan is in the checkpoint.
 */
public final class AkseScaleCallable extends AgentStepCallable<ScaleState> {
  private static final long serialVersionUID = 1L;

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
    Function<io.stamprelease.core.engine.Outcome<ScaleState>, io.stamprelease.core.steps.StepResult> result =
        o -> AkseScaleResult.of(hub.name(), request.resourceGroup(), o.state(), o.succeeded());
    if (firstVisit()) {
      ScaleState plan = AkseScale.plan(request, connection.arm(), kube);
      plan.notes().forEach(n -> console.println("[akseScale] " + hub.name() + " plan: " + n));
      if (plan.noOp()) {
        return Prepared.nothingToDo(hub.name(), AkseScaleResult.of(hub.name(), request.resourceGroup(), plan, true), null, kube);
      }
      return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> plan, hub.name(), result, kube);
    }
    // a later visit continues from its checkpoint: the plan is its state
    return new Prepared<>(AkseScale.step(request, connection.arm(), kube), () -> from().state(), hub.name(), result, kube);
  }
}
