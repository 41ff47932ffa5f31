package io.stamprelease.core.traffic;

import io.stamprelease.core.validation.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a {@code trafficShift} input once, before anything is read or written, and collects every
 * problem into one {@link io.stamprelease.core.validation.InvalidInputException} naming each field and
 * what is allowed. Endpoint names are checked later, against the profile, by the guardrails.
 */
public final class TrafficShiftValidator {
  static final String SUBJECT = "trafficShift";

  private TrafficShiftValidator() {
  }

  public static TrafficShiftRequest validate(TrafficShiftInput in) {
    Problems problems = new Problems(SUBJECT);
    Operation operation = Operation.parse(in.operation()).orElse(null);
    problems.check(operation != null, "operation", "must be one of " + Operation.allowed() + ", got '" + in.operation() + "'");
    ProviderType provider = ProviderType.parse(in.provider()).orElse(null);
    problems.check(provider != null, "provider", "must be one of " + ProviderType.allowed() + ", got '" + in.provider() + "'");
    problems.check(notBlank(in.profile()), "profile", "the profile id or name is required");

    int maxStep = in.maxStepPercent() == null ? GuardrailPolicy.DEFAULT_MAX_STEP_PERCENT : in.maxStepPercent();
    boolean maxStepOk = problems.check(maxStep >= 1 && maxStep <= 100, "maxStepPercent", "must be 1..100, got " + maxStep);

    WeightUnit unit = in.rawWeights() ? WeightUnit.RAW : WeightUnit.PERCENT;
    Map<String, Integer> weights = Map.of();
    if (operation == Operation.SET_WEIGHTS) {
      ParsedWeights parsed = WeightParser.parse(in.weights(), unit);
      parsed.problems().forEach(p -> problems.add("weights", p));
      weights = parsed.values();
    } else if (operation != null) {
      problems.check(!notBlank(in.weights()), "weights", "only used by set-weights, not by " + operation.value());
    }

    boolean needsStamp = operation == Operation.DRAIN || operation == Operation.RESTORE || operation == Operation.SHIFT;
    if (needsStamp) {
      problems.check(notBlank(in.stamp()), "stamp", "the endpoint to " + operation.value() + (operation == Operation.SHIFT ? " toward" : "")
          + " is required");
    }

    List<Integer> steps = List.of();
    if (operation == Operation.SHIFT) {
      steps = parseSteps(in.steps(), problems);
      if (steps != null && !steps.isEmpty()) {
        StepRules.check(steps, maxStepOk ? maxStep : 100, !in.partial(), problems);
      } else if (steps != null) {
        problems.add("steps", "at least one step is required, e.g. 10,50,100");
      }
    } else if (operation != null) {
      problems.check(!notBlank(in.steps()), "steps", "only used by shift, not by " + operation.value());
    }

    DrainMode drainMode = DrainMode.DISABLE;
    if (in.drainMode() != null) {
      drainMode = DrainMode.parse(in.drainMode()).orElse(null);
      problems.check(drainMode != null, "drainMode", "must be one of " + DrainMode.allowed() + ", got '" + in.drainMode() + "'");
      problems.check(operation == null || operation == Operation.DRAIN, "drainMode", "only used by drain");
    }

    Duration bake = in.bake() == null ? Duration.ZERO : in.bake();
    problems.check(!bake.isNegative(), "bake", "must be 0 or more, got " + in.bake());
    problems.check(in.waitOverride() == null || !in.waitOverride().isNegative(), "waitOverride",
        "must be 0 or more (or unset to follow DNS timing), got " + in.waitOverride());

    problems.throwIfAny();
    return new TrafficShiftRequest(operation, provider, in.profile().trim(), weights, unit, needsStamp ? in.stamp().trim() : null,
        steps == null ? List.of() : steps, drainMode, bake, new GuardrailPolicy(maxStep), in.waitOverride(), in.actor(), in.reason());
  }

  /** {@code 10,50,100} → [10, 50, 100]; null when a token is not a whole number (already reported). */
  private static List<Integer> parseSteps(String text, Problems problems) {
    List<Integer> steps = new ArrayList<>();
    if (!notBlank(text)) {
      return steps;
    }
    boolean ok = true;
    for (String token : text.split(",", -1)) {
      String t = token.strip();
      if (t.matches("[+-]?\\d{1,9}")) {
        steps.add(Integer.parseInt(t));
      } else {
        problems.add("steps", "'" + t + "' is not a whole percent; expected e.g. 10,50,100");
        ok = false;
      }
    }
    return ok ? steps : null;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
