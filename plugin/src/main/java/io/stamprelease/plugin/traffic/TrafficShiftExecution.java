package io.stamprelease.plugin.traffic;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.VisitingExecution;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.GslbCredentials;
import java.io.IOException;
import java.util.Locale;
import jenkins.MasterToSlaveFileCallable;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** The visits: each resolves the hub's or the GSLB's credentials as the build and runs {@link TrafficShiftCallable} on the agent. */
public final class TrafficShiftExecution extends VisitingExecution<TrafficShiftState> {
  private static final long serialVersionUID = 1L;
  private final TrafficShiftArgs args;

  public TrafficShiftExecution(StepContext context, TrafficShiftArgs args) {
    super(context, TrafficShiftStep.NAME, args.target());
    this.args = args;
  }

  public TrafficShiftArgs args() {
    return args;
  }

  /** F5: the GSLB exists and its username/password credentials resolve; Traffic Manager: the hub's, as every step. */
  @Override
  protected void checkOnController(Run<?, ?> run) throws IOException {
    if (args.f5()) {
      GslbCredentials.resolve(TrafficShiftStep.NAME, GslbCredentials.entry(TrafficShiftStep.NAME, args.gslb()), run);
    } else {
      super.checkOnController(run);
    }
  }

  /** F5: the GSLB's credentials resolved anew as the build for each visit; Traffic Manager: the hub's. */
  @Override
  protected MasterToSlaveFileCallable<AgentResult<TrafficShiftState>> agentCall(Run<?, ?> run, TaskListener listener) throws IOException {
    if (args.f5()) {
      return new TrafficShiftCallable(args, null, GslbCredentials.resolve(TrafficShiftStep.NAME, GslbCredentials.entry(TrafficShiftStep.NAME, args.gslb()), run), checkpoint(),
          listener);
    }
    return super.agentCall(run, listener);
  }

  @Override
  protected AgentStepCallable<TrafficShiftState> callable(AgentHub hub, Checkpoint<TrafficShiftState> from, TaskListener listener) {
    return new TrafficShiftCallable(args, hub, null, from, listener);
  }

  @Override
  protected String where() {
    return args.f5() ? "gslb " + args.gslb() : "hub " + args.hub();
  }

  /** The stamp drained, restored or shifted toward; a set-weights touches several, so it is filed under its hub or GSLB. */
  @Override
  protected String reportedStamp() {
    return args.stamp() != null ? args.stamp() : args.target();
  }

  /** The traffic profile (F5: the pool; none given: the GSLB's default pool) of the hub or GSLB. */
  @Override
  protected OneWriter.Target writes() {
    return new OneWriter.Target(TrafficShiftStep.NAME, where(), args.input().profile() == null ? "the default pool of the GSLB"
        : "profile " + args.input().profile(), "shifting traffic of");
  }

  @Override
  protected String describe(TrafficShiftState s) {
    String step = s.done() ? "all " + s.steps().size() + " steps done"
        : "step " + (s.stepIndex() + 1) + "/" + s.steps().size() + " (" + s.currentStep().label() + ") " + s.phase().name().toLowerCase(Locale.ROOT)
            .replace('_', '-');
    return s.operation() + (s.reverting() ? " reverting" : "") + ", " + step;
  }
}
