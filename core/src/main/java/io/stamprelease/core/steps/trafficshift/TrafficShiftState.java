package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.PlannedStep;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@code trafficShift} run has to remember between task calls (and across a Jenkins restart): the plan's
 * steps, the settings at the start (what a revert goes back to), the current step index and phase, absolute deadlines,
 * and what happened so far (change records, waits, steps taken). Deadlines are instants, never "time left".
 *
 * @param steps         the steps being walked: the forward plan, or the revert plan once {@code reverting}
 * @param stepIndex     the step being worked on; {@code steps.size()} = all done
 * @param waitTotal     the DNS wait the last apply asked for (computed from the profile, or the user's override)
 * @param waitUntil     when that DNS wait ends (set when the wait starts)
 * @param onlineDeadline PROBE steps: by when the probed endpoints must be Online
 * @param bakeUntil     when the current step's bake ends
 * @param gated         endpoints whose share went up in the current step: the health gate watches them
 * @param reapplies     verify found the provider not holding our change and we sent it again (bounded)
 */
public record TrafficShiftState(String operation, List<PlannedStep> steps, Map<String, EndpointSetting> startSettings,
    Map<String, String> startMonitors, int stepIndex, Phase phase, boolean reverting, String failure, Duration waitTotal,
    String waitFormula, Instant waitUntil, Instant onlineDeadline, Instant bakeUntil, List<String> gated, int reapplies,
    List<ChangeRecord> changes, List<String> waits, List<String> stepsTaken, Map<String, EndpointSetting> finalSettings,
    Map<String, String> finalMonitors) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where in the current step we are: send, check it was taken, let DNS catch up, (probe), watch. */
  public enum Phase {
    APPLY, VERIFY, DNS_WAIT, PROBE_ONLINE, BAKE, DONE
  }

  public TrafficShiftState {
    steps = List.copyOf(steps);
    startSettings = ordered(startSettings);
    startMonitors = ordered(startMonitors);
    gated = List.copyOf(gated);
    changes = List.copyOf(changes);
    waits = List.copyOf(waits);
    stepsTaken = List.copyOf(stepsTaken);
    finalSettings = ordered(finalSettings);
    finalMonitors = ordered(finalMonitors);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m == null ? Map.of() : m));
  }

  public static TrafficShiftState start(String operation, List<PlannedStep> steps, Map<String, EndpointSetting> startSettings,
      Map<String, String> startMonitors) {
    return new TrafficShiftState(operation, steps, startSettings, startMonitors, 0, steps.isEmpty() ? Phase.DONE : Phase.APPLY, false, null,
        null, null, null, null, null, List.of(), 0, List.of(), List.of(), List.of(), Map.of(), Map.of());
  }

  public PlannedStep currentStep() {
    return steps.get(stepIndex);
  }

  public boolean done() {
    return phase == Phase.DONE;
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change for the tasks; every task returns a new state. */
  static final class Builder {
    String operation;
    List<PlannedStep> steps;
    Map<String, EndpointSetting> startSettings;
    Map<String, String> startMonitors;
    int stepIndex;
    Phase phase;
    boolean reverting;
    String failure;
    Duration waitTotal;
    String waitFormula;
    Instant waitUntil;
    Instant onlineDeadline;
    Instant bakeUntil;
    List<String> gated;
    int reapplies;
    List<ChangeRecord> changes;
    List<String> waits;
    List<String> stepsTaken;
    Map<String, EndpointSetting> finalSettings;
    Map<String, String> finalMonitors;

    Builder(TrafficShiftState s) {
      operation = s.operation;
      steps = s.steps;
      startSettings = s.startSettings;
      startMonitors = s.startMonitors;
      stepIndex = s.stepIndex;
      phase = s.phase;
      reverting = s.reverting;
      failure = s.failure;
      waitTotal = s.waitTotal;
      waitFormula = s.waitFormula;
      waitUntil = s.waitUntil;
      onlineDeadline = s.onlineDeadline;
      bakeUntil = s.bakeUntil;
      gated = s.gated;
      reapplies = s.reapplies;
      changes = new ArrayList<>(s.changes);
      waits = new ArrayList<>(s.waits);
      stepsTaken = new ArrayList<>(s.stepsTaken);
      finalSettings = s.finalSettings;
      finalMonitors = s.finalMonitors;
    }

    Builder phase(Phase p) {
      phase = p;
      return this;
    }

    /** On to the next step (or DONE), forgetting the finished step's waits and deadlines. */
    Builder nextStep() {
      stepIndex++;
      phase = stepIndex >= steps.size() ? Phase.DONE : Phase.APPLY;
      waitTotal = null;
      waitFormula = null;
      waitUntil = null;
      onlineDeadline = null;
      bakeUntil = null;
      gated = List.of();
      reapplies = 0;
      return this;
    }

    TrafficShiftState build() {
      return new TrafficShiftState(operation, steps, startSettings, startMonitors, stepIndex, phase, reverting, failure, waitTotal,
          waitFormula, waitUntil, onlineDeadline, bakeUntil, gated, reapplies, changes, waits, stepsTaken, finalSettings, finalMonitors);
    }
  }
}
