package io.stamprelease.core.traffic;

import io.stamprelease.core.input.Problems;
import io.stamprelease.core.traffic.TrafficShiftInput.Field;
import java.util.List;

/** The rules for a {@code steps} list, shared by the input validator and the planner. */
final class StepRules {
  private StepRules() {
  }

  static void check(List<Integer> steps, int maxStepPercent, boolean mustEndAt100, Problems problems) {
    if (steps == null || steps.isEmpty()) {
      problems.add(Field.STEPS, "at least one step is required, e.g. 10,50,100");
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      int s = steps.get(i);
      problems.check(s >= 1 && s <= 100, Field.STEPS, "step " + s + " is outside 1..100");
      if (i > 0) {
        int prev = steps.get(i - 1);
        if (problems.check(s > prev, Field.STEPS, "steps must be strictly increasing, got " + prev + " then " + s)) {
          problems.check(s - prev <= maxStepPercent, Field.STEPS, "step " + prev + " → " + s + " moves " + (s - prev)
              + " points, more than the max step size " + maxStepPercent);
        }
      }
    }
    if (mustEndAt100) {
      problems.check(steps.get(steps.size() - 1) == 100, Field.STEPS, "the last step must be 100, got " + steps.get(steps.size() - 1));
    }
  }
}
