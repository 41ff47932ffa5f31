package io.stamprelease.plugin.akse;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.VisitingExecution;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.HubCredentials;
import java.io.IOException;
import java.util.Locale;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Persists the arguments and core's checkpoint; every visit runs {@link AkseDeployCallable} on the agent. */
public final class AkseDeployExecution extends VisitingExecution<AkseDeployState> {
  private static final long serialVersionUID = 1L;
  private final AkseDeployArgs args;

  public AkseDeployExecution(StepContext context, AkseDeployArgs args) {
    super(context, "akseDeploy", args.hub());
    this.args = args;
  }

  @Override
  protected AgentStepCallable<AkseDeployState> callable(AgentHub hub, Checkpoint<AkseDeployState> from, TaskListener listener) {
    return new AkseDeployCallable(args, hub, from, listener);
  }

  /**
   * Aborted while the deployment this step submitted runs: cancel it at the hub (ARM stops creating resources;
   * those created stay). A deployment this step only re-attached to was started elsewhere and is left running.
   */
  @Override
  protected void cancelRunningWork(TaskListener listener) {
    AkseDeployState s = checkpoint() == null ? null : checkpoint().state();
    if (s == null || s.phase() == AkseDeployState.Phase.NEW || s.phase() == AkseDeployState.Phase.UNCHANGED) {
      return;
    }
    String prefix = "[akseDeploy] " + where() + ": stopped; ";
    if (s.phase() == AkseDeployState.Phase.REATTACHED) {
      listener.getLogger().println(prefix + "ARM deployment " + s.deploymentName() + " was not started by this step and is left running");
      return;
    }
    try {
      FilePath workspace = getContext().get(FilePath.class);
      if (workspace == null) {
        throw new IOException("the agent's workspace is not available");
      }
      AgentHub hub = HubCredentials.resolve("akseDeploy", HubCredentials.entry("akseDeploy", args.hub()), getContext().get(Run.class));
      listener.getLogger().println(prefix + workspace.act(new AkseDeployCancel(hub, args.resourceGroup(), s.deploymentName())));
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      listener.getLogger().println(prefix + "ARM deployment " + s.deploymentName() + " could not be cancelled (" + e.getMessage()
          + ") and may still be running at the hub");
    }
  }

  @Override
  protected OneWriter.Target writes() {
    return new OneWriter.Target("akseDeploy", "hub " + args.hub(), "resource group " + args.resourceGroup(), "deploying");
  }

  @Override
  protected String describe(AkseDeployState s) {
    return "deployment " + s.deploymentName() + " " + s.phase().name().toLowerCase(Locale.ROOT)
        + (s.readyNodes() >= 0 ? ", " + s.readyNodes() + " nodes Ready" : "");
  }

  public AkseDeployArgs args() {
    return args;
  }
}
