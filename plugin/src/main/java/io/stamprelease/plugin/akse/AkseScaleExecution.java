package io.stamprelease.plugin.akse;

import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.VisitingExecution;
import io.stamprelease.plugin.hubs.AgentHub;
import java.util.Locale;
import org.jenkinsci.plugins.workflow.steps.StepContext;

public final class AkseScaleExecution extends VisitingExecution<ScaleState> {
  private static final long serialVersionUID = 1L;
  private final AkseScaleCallable.Args args;

  public AkseScaleExecution(StepContext context, AkseScaleCallable.Args args) {
    super(context, AkseScale.STEP, args.hub());
    this.args = args;
  }

  @Override
  protected AgentStepCallable<ScaleState> callable(AgentHub hub, Checkpoint<ScaleState> from, TaskListener listener) {
    return new AkseScaleCallable(args, hub, from, listener);
  }

  @Override
  protected OneWriter.Target writes() {
    return new OneWriter.Target(AkseScale.STEP, "hub " + args.hub(), "pool " + args.pool() + " of resource group " + args.resourceGroup(),
        "scaling");
  }

  @Override
  protected String describe(ScaleState s) {
    return "pool " + s.pool() + " " + s.before() + " -> " + s.target() + " (" + s.mode().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
  }
}
