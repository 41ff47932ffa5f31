package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.Verification;
import java.time.Duration;

/** Reads the provider back after an apply: it must hold what was sent, else the step is sent again (a few times at most). */
final class VerifyTask implements Task<TrafficShiftState> {
  static final int MAX_REAPPLIES = 3;

  private final TrafficProvider provider;
  private final ShiftOptions options;

  VerifyTask(TrafficProvider provider, ShiftOptions options) {
    this.provider = provider;
    this.options = options;
  }

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) throws Exception {
    Verification v = provider.verify(state.currentStep().toChange(options.actor(), options.reason()));
    TrafficShiftState.Builder next = state.toBuilder();
    if (v.matches()) {
      return TaskResult.running(next.phase(TrafficShiftState.Phase.DNS_WAIT).build(), Duration.ZERO,
          state.currentStep().label() + ": verified, the provider holds the change");
    }
    if (state.reapplies() >= MAX_REAPPLIES) {
      return TaskResult.failed(state, state.currentStep().label() + ": the provider still does not hold the change after "
          + MAX_REAPPLIES + " attempts (is someone else changing it?): " + String.join("; ", v.differences()));
    }
    next.reapplies = state.reapplies() + 1;
    return TaskResult.running(next.phase(TrafficShiftState.Phase.APPLY).build(), Duration.ZERO,
        state.currentStep().label() + ": verify found " + String.join("; ", v.differences()) + "; sending it again");
  }
}
