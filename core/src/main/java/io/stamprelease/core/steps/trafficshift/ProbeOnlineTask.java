package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.DnsWait;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * After a PROBE step (an endpoint enabled at weight 1 because its health was unknown): waits until the monitor says
 * Online, by a deadline of twice the monitor's transition time ({@code interval × (tolerated + 1) + timeout}) from the
 * profile. Degraded, or no verdict by the deadline, fails the step: forward, the run reverts; in a revert, it stops.
 */
final class ProbeOnlineTask implements Task<TrafficShiftState> {
  private final TrafficProvider reader;
  private final ShiftOptions options;

  ProbeOnlineTask(TrafficProvider reader, ShiftOptions options) {
    this.reader = reader;
    this.options = options;
  }

  @Override
  public String name() {
    return "probe-online";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) throws Exception {
    Instant now = context.now();
    TrafficState current = reader.read();
    TrafficShiftState.Builder next = state.toBuilder();
    if (state.onlineDeadline() == null) {
      DnsWait transition = DnsWaits.forMonitorTransition(current.timing());
      next.onlineDeadline = now.plus(transition.total().multipliedBy(2));
      context.progress(state.currentStep().label() + ": waiting for Online, at most 2 × (" + transition.formula() + ")");
    }
    List<EndpointState> probed = state.currentStep().settings().keySet().stream().map(n -> current.endpoint(n).orElseThrow()).toList();
    if (probed.stream().allMatch(e -> e.monitor() == MonitorStatus.Online)) {
      return TaskResult.running(next.nextStep().build(), Duration.ZERO, state.currentStep().label() + ": "
          + String.join(", ", probed.stream().map(EndpointState::name).toList()) + " Online");
    }
    List<EndpointState> degraded = probed.stream().filter(e -> e.monitor() == MonitorStatus.Degraded).toList();
    Instant deadline = next.onlineDeadline;
    if (degraded.isEmpty() && now.isBefore(deadline)) {
      Duration left = Duration.between(now, deadline);
      return TaskResult.running(next.build(), left.compareTo(options.poll()) < 0 ? left : options.poll(), null);
    }
    String why = (degraded.isEmpty() ? probed.stream().filter(e -> e.monitor() != MonitorStatus.Online).map(e -> e.name() + " is still "
        + e.monitor()).toList() : degraded.stream().map(e -> e.name() + " went Degraded").toList()) + " after '" + state.currentStep().label() + "'";
    why = why.replace("[", "").replace("]", "");
    if (state.reverting()) {
      return TaskResult.failed(state, state.failure() + "; the revert stopped: " + why);
    }
    return TaskResult.running(Revert.start(state, current, why, context), Duration.ZERO, null);
  }
}
