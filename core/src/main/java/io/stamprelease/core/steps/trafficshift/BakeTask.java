package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health gate after a WEIGHTS step: for the bake duration, every {@code poll}, the endpoints that took more traffic
 * must stay Online (and the optional probe URL answer 2xx). The first failure switches the run onto the revert plan.
 */
final class BakeTask implements Task<TrafficShiftState> {
  private final TrafficProvider reader;
  private final ShiftOptions options;

  BakeTask(TrafficProvider reader, ShiftOptions options) {
    this.reader = reader;
    this.options = options;
  }

  @Override
  public String name() {
    return "bake";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) throws Exception {
    Instant now = context.now();
    TrafficState current = reader.read();
    List<String> failures = new ArrayList<>();
    for (String name : state.gated()) {
      current.endpoint(name).filter(e -> !e.monitor().isOnline() || !e.enabled())
          .ifPresent(e -> failures.add(e.name() + " went " + e.monitor() + " during the bake of '" + state.currentStep().label() + "'"));
    }
    Optional<String> probe = options.probe().failure();
    probe.ifPresent(p -> failures.add(p + " during the bake of '" + state.currentStep().label() + "'"));
    if (!failures.isEmpty()) {
      return TaskResult.running(Revert.start(state, current, String.join("; ", failures), context), Duration.ZERO, null);
    }
    if (!now.isBefore(state.bakeUntil())) {
      return TaskResult.running(state.toBuilder().nextStep().build(), Duration.ZERO, state.currentStep().label() + ": baked, "
          + (state.gated().isEmpty() ? "nothing to watch" : String.join(", ", state.gated()) + " stayed Online"));
    }
    Duration left = Duration.between(now, state.bakeUntil());
    return TaskResult.running(state, left.compareTo(options.poll()) < 0 ? left : options.poll(), state.currentStep().label() + ": baking, "
        + left.toSeconds() + "s left; " + String.join(", ", current.endpoints().stream().map(EndpointState::name).map(n -> n + " "
        + current.endpoint(n).orElseThrow().monitor()).toList()));
  }
}
