package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Step;
import io.stamprelease.core.traffic.DnsTiming;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.TrafficProvider;
import java.time.Duration;
import java.util.List;

/**
 * The {@code trafficShift} step: run {@link TrafficShiftPlanner#plan} first (it refuses bad input and guardrail
 * violations before any write), then feed {@link ShiftPlan#initialState()} to the engine with this step.
 */
public final class TrafficShiftStep {
  public static final String NAME = "trafficShift";

  private TrafficShiftStep() {
  }

  public static Step<TrafficShiftState> create(TrafficProvider provider, ShiftOptions options, ShiftPlan plan) {
    return new Step<>(NAME, List.of(new TrafficShiftTask(provider, options)), timeout(plan, options));
  }

  /** Generous: every step (and a two-step revert) may take its worst DNS wait, twice the monitor transition and the bake. */
  static Duration timeout(ShiftPlan plan, ShiftOptions options) {
    DnsTiming t = plan.current().timing();
    Duration wait = options.waitOverride() != null ? options.waitOverride() : DnsWaits.afterEnableOrDisable(t).total();
    Duration perStep = wait.plus(DnsWaits.forMonitorTransition(t).total().multipliedBy(2)).plus(options.bake()).plus(Duration.ofMinutes(2));
    return perStep.multipliedBy(plan.plan().steps().size() + 2L).plus(Duration.ofMinutes(5));
  }
}
