package io.stamprelease.plugin.akse;

import hudson.model.TaskListener;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksedeploy.AkseDeploySteps;
import io.stamprelease.plugin.agent.AgentConsole;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;

/** {@code akseDeploy} on the agent: validate (core), open the hub, plan {@code AkseDeploySteps}, advance. */
public final class AkseDeployCallable extends AgentStepCallable<AkseDeployState> {
  private static final long serialVersionUID = 1L;

  private final AkseDeployArgs args;

  public AkseDeployCallable(AkseDeployArgs args, AgentHub hub, Checkpoint<AkseDeployState> from, TaskListener listener) {
    super(AkseDeploySteps.STEP, hub, from, listener);
    this.args = args;
  }

  @Override
  protected Prepared<AkseDeployState> prepare(File workspace, HubSpec hub, AgentConsole console) {
    // validation first: nothing is contacted before the input is valid
    AkseDeployRequest deployment = args.input(workspace).validate();
    HubConnection connection = HubConnection.open(hub, w -> console.println("[akseDeploy] " + hub.name() + " warning: " + w));
    AkseDeployState initial = AkseDeploySteps.initialState(deployment);
    return new Prepared<>(AkseDeploySteps.plan(connection.arm(), deployment), () -> initial, hub.name(),
        outcome -> AkseDeployResult.of(hub.name(), deployment, outcome), () -> { });
  }
}
