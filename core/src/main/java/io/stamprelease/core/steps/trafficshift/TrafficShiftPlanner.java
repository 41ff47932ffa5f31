package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.Guardrails;
import io.stamprelease.core.traffic.PlanField;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.io.IOException;
import java.util.List;

/**
 * The pre-flight every front end runs before the step: read the profile, make the plan, and check the first change
 * against the guardrails. Whatever is wrong here (an unknown stamp, draining the last healthy endpoint, a jump larger
 * than the max step) is refused as invalid input, before a single write.
 */
public final class TrafficShiftPlanner {
  private TrafficShiftPlanner() {
  }

  public static ShiftPlan plan(TrafficProvider provider, TrafficShiftRequest request) throws IOException {
    return plan(provider, request, null);
  }

  /**
   * A restore to a setting recorded before the drain (the release keeps it across a crash: a half-restored endpoint's
   * current weight is not where it goes back to).
   */
  public static ShiftPlan restore(TrafficProvider provider, TrafficShiftRequest request, EndpointSetting target) throws IOException {
    return plan(provider, request, target);
  }

  private static ShiftPlan plan(TrafficProvider provider, TrafficShiftRequest request, EndpointSetting restoreTo) throws IOException {
    TrafficState current = provider.read();
    StepPlan plan;
    try {
      plan = stepPlan(current, request, restoreTo);
    } catch (InvalidInputException e) {
      throw e.as("trafficShift", field -> field instanceof PlanField p ? TrafficShiftInput.Field.valueOf(p.name()) : field);
    }
    List<String> warnings = List.of();
    if (!plan.steps().isEmpty()) {
      var first = plan.steps().get(0).toChange(request.actor(), request.reason());
      List<String> violations = Guardrails.check(current, first, request.policy());
      if (!violations.isEmpty()) {
        throw new GuardrailRefusal(TrafficShiftInput.field(request.operation()), violations);
      }
      warnings = Guardrails.warnings(current, first);
    }
    return new ShiftPlan(request.operation().value(), current, plan, warnings);
  }

  private static StepPlan stepPlan(TrafficState current, TrafficShiftRequest request, EndpointSetting restoreTo) {
    return switch (request.operation()) {
      case SET_WEIGHTS -> StepPlan.setWeights(current, request.weights(), request.weightUnit());
      case DRAIN -> StepPlan.drain(current, request.stamp(), request.drainMode());
      case RESTORE -> {
        EndpointSetting target = restoreTo != null ? restoreTo : restoreTarget(current, request.stamp());
        yield request.steps().isEmpty() ? StepPlan.restore(current, request.stamp(), target)
            : StepPlan.restoreStepwise(current, request.stamp(), target, request.steps());
      }
      // The validator already held the steps to --partial or not; here only the current share matters.
      case SHIFT -> StepPlan.shiftToward(current, request.stamp(), request.steps(), request.policy().maxStepPercent(), false);
    };
  }

  /**
   * What {@code restore} brings a stamp back to when no drain record is given: a disabled endpoint kept its weight, so
   * that weight; one drained to the minimum weight gets the mean weight of the other enabled endpoints (an equal share).
   */
  static EndpointSetting restoreTarget(TrafficState current, String stamp) {
    EndpointState e = current.endpoint(stamp).orElseThrow(() -> InvalidInputException.of("trafficShift", TrafficShiftInput.Field.RESTORE,
        "no endpoint '" + stamp + "' in profile " + current.profile() + "; endpoints: " + String.join(", ", current.names())));
    if (!e.enabled()) {
      return EndpointSetting.enabled(e.weight());
    }
    if (e.weight() > Weights.MIN_WEIGHT) {
      return e.setting();
    }
    List<EndpointState> others = current.endpoints().stream().filter(o -> o.enabled() && !o.name().equals(stamp)).toList();
    int mean = others.isEmpty() ? Weights.MAX_WEIGHT / 2 : (int) Math.round(others.stream().mapToInt(EndpointState::weight).average().orElse(1));
    return EndpointSetting.enabled(Math.max(Weights.MIN_WEIGHT, mean));
  }
}
