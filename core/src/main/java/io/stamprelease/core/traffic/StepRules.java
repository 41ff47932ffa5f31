package io.stamprelease.core.traffic;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import java.util.List;

/** The rules for a {@code steps} list, shared by the trafficShift input and the planner; problems are filed under {@code field}. */
public final class StepRules {
  private StepRules() {
  }

  public static void check(List<Integer> steps, int maxStepPercent, boolean mustEndAt100, InputField field, Problems problems) {
    if (steps == null || steps.isEmpty()) {
      problems.add(field, "at least one step is required, e.g. 10,50,100");
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      int s = steps.get(i);
      problems.check(s >= 1 && s <= 100, field, "step " + s + " is outside 1..100");
      if (i > 0) {
        int prev = steps.get(i - 1);
        if (problems.check(s > prev, field, "steps must be strictly increasing, got " + prev + " then " + s)) {
          problems.check(s - prev <= maxStepPercent, field, "step " + prev + " → " + s + " moves " + (s - prev)
              + " points, more than the max step size " + maxStepPercent);
        }
      }
    }
    if (mustEndAt100) {
      problems.check(steps.get(steps.size() - 1) == 100, field, "the last step must be 100, got " + steps.get(steps.size() - 1));
    }
  }
}
