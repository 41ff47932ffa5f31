package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.DnsWait;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.Guardrails;
import io.stamprelease.core.traffic.PlannedStep;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends the current step: a fresh read, the guardrails again on what was read, then one conditional write (If-Match
 * the ETag of that read). A 412 escapes as {@link io.stamprelease.core.engine.ConflictException}: the engine calls
 * this task again, which re-reads and re-judges the step on the new profile (bounded by the engine). A step the
 * provider already holds is not sent again, so re-running after a lost answer is safe.
 */
final class ApplyTask implements Task<TrafficShiftState> {
  /** A revert is a safety action: it may move more than the max step at once; every other rule still holds. */
  static final GuardrailPolicy REVERT_POLICY = new GuardrailPolicy(100);

  private final TrafficProvider provider;
  private final ShiftOptions options;

  ApplyTask(TrafficProvider provider, ShiftOptions options) {
    this.provider = provider;
    this.options = options;
  }

  @Override
  public String name() {
    return "apply";
  }

  @Override
  public TaskResult<TrafficShiftState> execute(TrafficShiftState state, TaskContext context) throws Exception {
    PlannedStep step = state.currentStep();
    TrafficState current = provider.read();
    TrafficChange change = step.toChange(options.actor(), options.reason() == null ? state.operation() : options.reason());
    TrafficShiftState.Builder next = state.toBuilder();
    if (step.settings().entrySet().stream().allMatch(e -> current.endpoint(e.getKey()).map(c -> c.setting().equals(e.getValue())).orElse(false))) {
      next.phase(TrafficShiftState.Phase.VERIFY);
      next.waitTotal = Duration.ZERO;
      next.waitFormula = "nothing changed";
      next.stepsTaken.add(step.label() + " (already in place)");
      return TaskResult.running(next.build(), Duration.ZERO, step.label() + ": the provider already holds it; nothing sent");
    }
    List<String> violations = Guardrails.check(current, change, state.reverting() ? REVERT_POLICY : options.policy());
    if (!violations.isEmpty()) {
      String why = "step '" + step.label() + "' refused by guardrails: " + String.join("; ", violations);
      if (state.reverting()) {
        return TaskResult.failed(state, state.failure() + "; the revert was refused by guardrails, traffic is left as it is: "
            + String.join("; ", violations));
      }
      if (state.changes().isEmpty()) {
        return TaskResult.terminal(state, why + "; nothing was written");
      }
      return TaskResult.running(Revert.start(state, current, why, context), Duration.ZERO, why + "; reverting to the start");
    }
    Guardrails.warnings(current, change).forEach(w -> context.progress("warning: " + w));
    TrafficState after = provider.apply(current, change);
    DnsWait wait = DnsWaits.overridden(DnsWaits.after(current, change), options.waitOverride());
    next.changes.add(ChangeRecord.of(context.now(), current, change));
    next.stepsTaken.add(step.label());
    next.gated = sharesUp(current, change);
    next.waitTotal = wait.total();
    next.waitFormula = wait.formula();
    next.phase(TrafficShiftState.Phase.VERIFY);
    String condition = current.etag() != null ? "If-Match " + current.etag()
        : "no ETag on this profile: read-compare-write, read again before the write and after it";
    return TaskResult.running(next.build(), Duration.ZERO, step.label() + ": sent " + change.desired() + " (" + condition
        + "); provider now has " + after.settings());
  }

  /** The endpoints whose configured share goes up: they take more traffic, so the health gate watches them. */
  static List<String> sharesUp(TrafficState current, TrafficChange change) {
    Map<String, Integer> before = Weights.configuredPercents(current.settings());
    Map<String, Integer> after = Weights.configuredPercents(current.with(change).settings());
    List<String> up = new ArrayList<>();
    after.forEach((name, p) -> {
      if (p > before.get(name)) {
        up.add(name);
      }
    });
    return up;
  }
}
