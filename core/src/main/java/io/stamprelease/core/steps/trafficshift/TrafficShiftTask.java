package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Walks the plan, Argo-style: one saved step index and phase, and one small safe-to-repeat task per phase (apply →
 * verify → dns-wait → probe-online for PROBE steps → bake), so the engine's single task list need not know the plan's
 * length and a revert can replace the remaining steps. Ends SUCCEEDED with the report outputs, or FAILED after a revert.
 */
final class TrafficShiftTask implements Task<TrafficShiftState> {
  private final TrafficProvider provider;
  private final Map<TrafficShiftState.Phase, Task<TrafficShiftState>> phases = new LinkedHashMap<>();

  TrafficShiftTask(TrafficProvider provider, ShiftOptions options) {
    this.provider = provider;
    phases.put(TrafficShiftState.Phase.APPLY, new ApplyTask(provider, options));
    phases.put(TrafficShiftState.Phase.VERIFY, new VerifyTask(provider, options));
    phases.put(TrafficShiftState.Phase.DNS_WAIT, new DnsWaitTask(options));
    phases.put(TrafficShiftState.Phase.PROBE_ONLINE, new ProbeOnlineTask(provider, options));
    phases.put(TrafficShiftState.Phase.BAKE, new BakeTask(provider, options));
  }

  @Override
  public String name() {
    return "traffic-shift";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) throws Exception {
    if (!state.done()) {
      Task<TrafficShiftState> phase = phases.get(state.phase());
      TaskResult<TrafficShiftState> r = phase.execute(state, context);
      String message = r.message() == null ? null : phase.name() + (state.reverting() ? " (revert)" : "") + " " + r.message();
      return new TaskResult<>(r.status(), r.state(), r.retryAfter(), message, r.outputs());
    }
    TrafficState end = provider.read();
    TrafficShiftState.Builder b = state.toBuilder();
    b.finalSettings = end.settings();
    Map<String, String> monitors = new LinkedHashMap<>();
    end.endpoints().forEach(e -> monitors.put(e.name(), e.monitor().name()));
    b.finalMonitors = monitors;
    TrafficShiftState finished = b.build();
    String now = String.join(", ", end.endpoints().stream().map(TrafficShiftTask::describe).toList());
    if (state.reverting()) {
      return TaskResult.failed(finished, state.failure() + "; weights were reverted to the start: " + now);
    }
    return TaskResult.succeeded(finished, state.operation() + " done: " + now, Map.of());
  }

  private static String describe(EndpointState e) {
    return e.name() + " " + e.setting() + " " + e.monitor();
  }
}
