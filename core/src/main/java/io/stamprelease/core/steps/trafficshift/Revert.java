package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficState;

/** Switching a run onto the way back: the remaining plan is replaced by {@link StepPlan#revertTo} the start settings. */
final class Revert {
  private Revert() {
  }

  static TrafficShiftState start(TrafficShiftState state, TrafficState current, String why, TaskContext context) {
    StepPlan back = StepPlan.revertTo(current, state.startSettings());
    context.progress("health gate failed: " + why + "; reverting to the start settings " + state.startSettings());
    TrafficShiftState.Builder b = state.toBuilder();
    b.steps = back.steps();
    b.stepIndex = -1;
    b.reverting = true;
    b.failure = why;
    return b.nextStep().build();
  }
}
