package io.stamprelease.core.traffic;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequences of full weight maps for the {@code trafficShift} operations. Plans are computed once from the
 * state at the start (the engine's checkpoint keeps the index of the current step); every step is still
 * checked by {@link Guardrails} against a fresh read before it is sent.
 */
public record StepPlan(List<PlannedStep> steps) {
  /** The subject of a plan's input problems; the trafficShift step tells them as its own ({@link PlanField}). */
  public static final String SUBJECT = "traffic plan";
  private static final int PER_MILLE = 100 * Weights.WEIGHT_PER_PERCENT;

  public StepPlan {
    steps = List.copyOf(steps);
  }

  /**
   * Shift toward {@code target}: at step s the target has s % (weight 10·s) and the other enabled endpoints
   * share the remaining (100 − s) % in proportion to their weights at the start (largest remainder, at least
   * weight 1 while any share is left; an other that is not Online never gets more than its start weight). At 100 % the others are disabled, keeping their start weights for a
   * revert. Endpoints disabled at the start stay disabled. A disabled target is first enabled at weight 1
   * (a PROBE step). Steps at or below the target's current share are skipped, so re-planning after a partial
   * run converges instead of shifting back.
   *
   * @throws InvalidInputException listing every problem with the steps
   */
  public static StepPlan shiftToward(TrafficState start, String target, List<Integer> steps, int maxStepPercent, boolean mustEndAt100) {
    Problems problems = new Problems(SUBJECT);
    problems.check(start.endpoint(target).isPresent(), PlanField.SHIFT_TO, "no endpoint '" + target + "' in profile " + start.profile()
        + "; endpoints: " + String.join(", ", start.names()));
    StepRules.check(steps, maxStepPercent, mustEndAt100, PlanField.STEPS, problems);
    problems.throwIfAny();

    EndpointState targetState = start.endpoint(target).orElseThrow();
    int current = Weights.configuredPercents(start.settings()).get(target);
    Map<String, Long> others = new LinkedHashMap<>();
    start.endpoints().stream().filter(e -> e.enabled() && !e.name().equals(target)).forEach(e -> others.put(e.name(), (long) e.weight()));

    List<PlannedStep> planned = new ArrayList<>();
    if (!targetState.enabled()) {
      planned.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + target + " at weight 1 for probing",
          Map.of(target, EndpointSetting.enabled(Weights.MIN_WEIGHT))));
    }
    boolean first = true;
    for (int s : steps) {
      if (s <= current) {
        continue;
      }
      // StepRules checked the jumps between steps; only the jump from where the target is now is left.
      if (first && s - current > maxStepPercent) {
        problems.add(PlanField.STEPS, "first step " + current + "% → " + s + "% toward " + target + " moves more than the max step size "
            + maxStepPercent + " (" + target + " has " + current + "% now)");
      }
      first = false;
      planned.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, target + " " + s + "%", weightsAt(start, target, s, others)));
    }
    problems.throwIfAny();
    return new StepPlan(planned);
  }

  private static Map<String, EndpointSetting> weightsAt(TrafficState start, String target, int percent, Map<String, Long> others) {
    Map<String, EndpointSetting> out = new LinkedHashMap<>();
    out.put(target, EndpointSetting.enabled(Weights.weightForPercent(percent)));
    int rest = PER_MILLE - Weights.weightForPercent(percent);
    Map<String, Integer> units = Weights.apportion(others, rest);
    others.forEach((name, startWeight) -> {
      int weight = Math.max(Weights.MIN_WEIGHT, units.get(name));
      if (!start.endpoint(name).orElseThrow().monitor().isOnline()) {
        // Small start weights can scale *up* in absolute terms; never for an endpoint that is not Online (it gets no
        // answers anyway unless all are Degraded, and the guardrails refuse weight going up onto it).
        weight = Math.min(weight, startWeight.intValue());
      }
      out.put(name, rest == 0 ? EndpointSetting.disabled(startWeight.intValue()) : EndpointSetting.enabled(weight));
    });
    return out;
  }

  /**
   * Set weights in one step (plus a PROBE step for endpoints that are disabled now and get traffic). Percentages
   * must name every endpoint that is enabled now, because an unnamed one would keep its weight and skew every
   * share; raw weights leave unnamed endpoints as they are. Unknown names are refused.
   *
   * @throws InvalidInputException naming the unknown or missing endpoints
   */
  public static StepPlan setWeights(TrafficState current, Map<String, Integer> values, WeightUnit unit) {
    Problems problems = new Problems(SUBJECT);
    List<String> unknown = values.keySet().stream().filter(n -> current.endpoint(n).isEmpty()).toList();
    problems.check(unknown.isEmpty(), PlanField.SET, "no endpoint " + String.join(", ", unknown) + " in profile " + current.profile()
        + "; endpoints: " + String.join(", ", current.names()));
    if (unit == WeightUnit.PERCENT) {
      List<String> missing = current.endpoints().stream().filter(e -> e.enabled() && !values.containsKey(e.name()))
          .map(EndpointState::name).toList();
      problems.check(missing.isEmpty(), PlanField.SET, "percentages must name every enabled endpoint; missing: " + String.join(", ", missing)
          + " (give 0 to disable one)");
    }
    problems.throwIfAny();
    Map<String, EndpointSetting> settings = unit == WeightUnit.PERCENT ? Weights.settingsForPercents(values, current.settings())
        : Weights.settingsForRawWeights(values);
    Map<String, EndpointSetting> probes = new LinkedHashMap<>();
    settings.forEach((name, wanted) -> {
      if (wanted.enabled() && !current.endpoint(name).orElseThrow().enabled()) {
        probes.put(name, EndpointSetting.enabled(Weights.MIN_WEIGHT));
      }
    });
    List<PlannedStep> planned = new ArrayList<>();
    if (!probes.isEmpty()) {
      planned.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + String.join(", ", probes.keySet()) + " at weight 1 for probing",
          probes));
    }
    planned.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, "set weights", settings));
    return new StepPlan(planned);
  }

  /** Take {@code stamp} out; {@link Guardrails} then checks that others are serving and can take its share. */
  public static StepPlan drain(TrafficState start, String stamp, DrainMode mode) {
    EndpointState e = requireEndpoint(start, stamp, PlanField.DRAIN);
    // Draining an endpoint that is already disabled must never enable it, whatever the mode.
    EndpointSetting out = mode == DrainMode.DISABLE || !e.enabled() ? EndpointSetting.disabled(e.weight())
        : EndpointSetting.enabled(Weights.MIN_WEIGHT);
    return new StepPlan(List.of(new PlannedStep(PlannedStep.Kind.WEIGHTS, "drain " + stamp, Map.of(stamp, out))));
  }

  /**
   * Bring {@code stamp} back to its recorded setting (from the drain's {@link ChangeRecord#before()}). If it is
   * disabled now it is first enabled at weight 1 to be probed: a disabled endpoint is not monitored, so its
   * health is unknown whatever status it shows.
   */
  public static StepPlan restore(TrafficState current, String stamp, EndpointSetting recorded) {
    EndpointState e = requireEndpoint(current, stamp, PlanField.RESTORE);
    List<PlannedStep> planned = new ArrayList<>();
    if (recorded.enabled() && !e.enabled()) {
      planned.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + stamp + " at weight 1 for probing",
          Map.of(stamp, EndpointSetting.enabled(Weights.MIN_WEIGHT))));
    }
    planned.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, "restore " + stamp + " to " + recorded, Map.of(stamp, recorded)));
    return new StepPlan(planned);
  }

  /**
   * Bring {@code stamp} back to {@code target} in steps: each of {@code percents} (strictly increasing, ending at 100) is
   * that share of the target weight — 10 % of 500 is 50, then 250, then 500. A disabled endpoint is first enabled at
   * weight 1 to be probed. Steps at or below the weight it has now are skipped, so a re-plan after a crash converges
   * instead of going back down; at the target already, the plan is empty.
   */
  public static StepPlan restoreStepwise(TrafficState current, String stamp, EndpointSetting target, List<Integer> percents) {
    EndpointState e = requireEndpoint(current, stamp, PlanField.RESTORE);
    List<PlannedStep> planned = new ArrayList<>();
    int weight = e.enabled() ? e.weight() : 0;
    if (!e.enabled()) {
      planned.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + stamp + " at weight 1 for probing",
          Map.of(stamp, EndpointSetting.enabled(Weights.MIN_WEIGHT))));
      weight = Weights.MIN_WEIGHT;
    }
    for (int percent : percents) {
      int w = percent == 100 ? target.weight() : Math.max(Weights.MIN_WEIGHT, (int) Math.round(target.weight() * percent / 100.0));
      if (w <= weight && (percent != 100 || e.setting().equals(target))) {
        continue;
      }
      planned.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, stamp + " " + percent + "% (weight " + w + ")", Map.of(stamp,
          EndpointSetting.enabled(w))));
      weight = w;
    }
    return new StepPlan(planned);
  }

  /** Back to the settings recorded at the start; endpoints to re-enable get a PROBE step first (their health is unknown). */
  public static StepPlan revertTo(TrafficState current, Map<String, EndpointSetting> startSettings) {
    Map<String, EndpointSetting> probes = new LinkedHashMap<>();
    for (Map.Entry<String, EndpointSetting> want : startSettings.entrySet()) {
      EndpointState e = requireEndpoint(current, want.getKey(), PlanField.SHIFT_TO);
      if (want.getValue().enabled() && !e.enabled()) {
        probes.put(e.name(), EndpointSetting.enabled(Weights.MIN_WEIGHT));
      }
    }
    List<PlannedStep> planned = new ArrayList<>();
    if (!probes.isEmpty()) {
      planned.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + String.join(", ", probes.keySet()) + " at weight 1 for probing",
          probes));
    }
    planned.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, "revert to start", startSettings));
    return new StepPlan(planned);
  }

  /** The endpoint {@code name} that {@code field} gives; invalid input of that field when the profile has none of that name. */
  static EndpointState requireEndpoint(TrafficState state, String name, PlanField field) {
    return state.endpoint(name).orElseThrow(() -> InvalidInputException.of(SUBJECT, field, "no endpoint '" + name + "' in profile "
        + state.profile() + "; endpoints: " + String.join(", ", state.names())));
  }
}
