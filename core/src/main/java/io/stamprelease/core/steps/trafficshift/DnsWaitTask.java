package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.DnsWait;
import io.stamprelease.core.traffic.PlannedStep;
import java.time.Duration;
import java.time.Instant;

/**
 * Lets DNS catch up with an applied change: the wait the apply computed from the profile ({@code TTL …} or
 * {@code TTL … + interval × (tolerated + 1) + timeout}) or the user's override, printed with its arithmetic. Never
 * sleeps: it stores the absolute end and answers RUNNING until then.
 */
final class DnsWaitTask implements Task<TrafficShiftState> {
  private final ShiftOptions options;

  DnsWaitTask(ShiftOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "dns-wait";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) {
    Instant now = context.now();
    TrafficShiftState.Builder next = state.toBuilder();
    if (state.waitUntil() == null) {
      DnsWait wait = new DnsWait(state.waitTotal() == null ? Duration.ZERO : state.waitTotal(), state.waitFormula());
      next.waitUntil = now.plus(wait.total());
      next.waits.add(state.currentStep().label() + ": " + wait.describe());
      return TaskResult.running(next.build(), wait.total(), state.currentStep().label() + ": " + wait.describe());
    }
    if (now.isBefore(state.waitUntil())) {
      return TaskResult.running(state, Duration.between(now, state.waitUntil()), null);
    }
    if (state.currentStep().kind() == PlannedStep.Kind.PROBE) {
      return TaskResult.running(next.phase(TrafficShiftState.Phase.PROBE_ONLINE).build(), Duration.ZERO, null);
    }
    if (!state.reverting() && !options.bake().isZero()) {
      next.bakeUntil = now.plus(options.bake());
      return TaskResult.running(next.phase(TrafficShiftState.Phase.BAKE).build(), Duration.ZERO, state.currentStep().label()
          + ": baking " + options.bake().toString().substring(2).toLowerCase() + ", watching " + String.join(", ", state.gated()));
    }
    return TaskResult.running(next.nextStep().build(), Duration.ZERO, null);
  }
}
