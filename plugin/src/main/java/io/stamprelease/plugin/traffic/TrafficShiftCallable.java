package io.stamprelease.plugin.traffic;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.steps.trafficshift.GuardrailRefusal;
import io.stamprelease.core.steps.trafficshift.ShiftOptions;
import io.stamprelease.core.steps.trafficshift.ShiftPlan;
import io.stamprelease.core.steps.trafficshift.TrafficProviders;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftPlanner;
import io.stamprelease.core.steps.trafficshift.TrafficShiftRequest;
import io.stamprelease.core.steps.trafficshift.TrafficShiftResult;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.plugin.agent.AgentConsole;
import io.stamprelease.plugin.agent.AgentStepCallable;
import io.stamprelease.plugin.hubs.AgentGslb;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code trafficShift} on the agent. First visit: validate (core), open the provider, plan (reads only: the pre-flight
 * of {@code stamp shift}, guardrails included), print the plan table and warnings; a dry run ends there with the plan
 * as its result. Later visits continue from the checkpoint, whose state holds the plan's steps, as
 * the release orchestrator resumes a shift. The provider client lives for one visit.
 */
public final class TrafficShiftCallable extends AgentStepCallable<TrafficShiftState> {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "[" + TrafficShiftStep.NAME + "] ";

  private final TrafficShiftArgs args;
  private final AgentGslb gslb;
  private transient GslbSpec gslbSpec;

  /** {@code hub} for Traffic Manager, {@code gslb} for F5 BIG-IP DNS: exactly one is given. */
  public TrafficShiftCallable(TrafficShiftArgs args, AgentHub hub, AgentGslb gslb, Checkpoint<TrafficShiftState> from, TaskListener listener) {
    super(TrafficShiftStep.NAME, hub, from, listener);
    this.args = args;
    this.gslb = gslb;
  }

  @Override
  protected List<String> secrets() {
    List<String> all = new ArrayList<>(super.secrets());
    if (gslb != null) {
      all.addAll(gslb.secrets());
    }
    return all;
  }

  @Override
  protected void materialize(Path privateDir) throws IOException {
    if (gslb != null) {
      gslbSpec = gslb.materialize(privateDir);
    }
  }

  @Override
  protected Prepared<TrafficShiftState> prepare(File workspace, HubSpec hub, AgentConsole console) throws IOException {
    TrafficShiftInput input = args.input();
    if (input.profile() == null && gslb != null) {
      input.profile(gslb.pool());
    }
    TrafficShiftRequest request = input.validate();
    ShiftOptions options = ShiftOptions.of(request);
    try {
      TrafficProvider traffic = open(request, hub, console);
      if (!firstVisit()) {
        // The steps are in the checkpoint's state; the read only gives the step its timeout (the deadline is in the checkpoint).
        TrafficShiftState state = from().state();
        ShiftPlan resumed = new ShiftPlan(state.operation(), traffic.read(), new StepPlan(state.steps()), List.of());
        return prepared(traffic, options, resumed, request);
      }
      ShiftPlan plan = TrafficShiftPlanner.plan(traffic, request);
      console.println(PREFIX + plan.current().provider() + " " + plan.current().profile() + " (etag " + plan.current().etag() + "), plan:");
      plan.table().lines().forEach(l -> console.println(PREFIX + "  " + l));
      plan.warnings().forEach(w -> console.println(PREFIX + "warning: " + w));
      if (args.dryRun()) {
        console.println(PREFIX + "DNS wait after a weight change: " + DnsWaits.afterWeightChange(plan.current().timing()).describe());
        console.println(PREFIX + "DNS wait after an enable/disable: " + DnsWaits.afterEnableOrDisable(plan.current().timing()).describe());
        console.println(PREFIX + "dry run: nothing was written");
        return Prepared.nothingToDo(request.stamp(), TrafficShiftResult.dryRun(request.provider().value(), request.profile(), plan),
            "dry run: nothing was written", () -> { });
      }
      return prepared(traffic, options, plan, request);
    } catch (GuardrailRefusal e) {
      throw new AbortException(console.mask(PREFIX + e.getMessage().replaceFirst("^" + TrafficShiftStep.NAME + " ", "")));
    } catch (TerminalException e) {
      // refused credentials, an untrusted certificate, a profile that does not exist: the CLI's exit 3
      throw new AbortException(console.mask(PREFIX + e.getMessage()) + (firstVisit() ? "; nothing was written" : ""));
    } catch (TransientException | UncheckedIOException e) {
      if (firstVisit()) {
        throw new AbortException(console.mask(PREFIX + "the pre-flight read failed, nothing was written: " + e.getMessage()));
      }
      // a later visit is tried again (until the step's deadline): the shift is half done and must not be abandoned
      throw new IOException(console.mask(PREFIX + "reading the profile before continuing failed: " + e.getMessage()), e);
    }
  }

  private static Prepared<TrafficShiftState> prepared(TrafficProvider traffic, ShiftOptions options, ShiftPlan plan, TrafficShiftRequest request) {
    return new Prepared<>(io.stamprelease.core.steps.trafficshift.TrafficShiftStep.create(traffic, options, plan), plan::initialState,
        request.stamp(), o -> TrafficShiftResult.of(request.provider().value(), request.profile(), o.state()), () -> { });
  }

  private TrafficProvider open(TrafficShiftRequest request, HubSpec hub, AgentConsole console) {
    return TrafficProviders.open(request.provider(), request.profile(), Optional.ofNullable(hub), Optional.ofNullable(gslbSpec),
        w -> console.println(PREFIX + (hub == null ? "" : hub.name() + " ") + "warning: " + w));
  }
}
