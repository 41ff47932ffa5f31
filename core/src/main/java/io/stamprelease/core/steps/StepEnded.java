package io.stamprelease.core.steps;

import io.stamprelease.core.engine.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * A step that ended, as every front end reports it to the release record: which step, under which report phase (the
 * release names its drain and restore, both trafficShift; by default the step's own name), on which stamp and hub, in
 * which wave (null: the record derives it from the gates), when, how, and its typed result (null when it failed
 * before it had one, e.g. on invalid input).
 */
public record StepEnded(StepKind step, String phase, String stamp, String hub, String wave, Instant start, Instant end, Outcome.Status status,
    String message, StepResult result) {

  public StepEnded {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(stamp, "stamp");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(status, "status");
    phase = phase == null ? step.id() : phase;
    start = start == null || start.isAfter(end) ? end : start;
  }

  /** A step of a Pipeline (no wave of its own, its phase its name). */
  public static StepEnded of(StepKind step, String stamp, String hub, Instant start, Instant end, Outcome.Status status, String message,
      StepResult result) {
    return new StepEnded(step, null, stamp, hub, null, start, end, status, message, result);
  }
}
