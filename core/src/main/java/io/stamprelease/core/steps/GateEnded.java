package io.stamprelease.core.steps;

import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.steps.stampgate.GateState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A gate as the release record shows it: the stamp it guards (a Pipeline's {@code stampGate}) or the wave it follows
 * (the release), when it opened and closed (null while it waits), the decision, its message and every answer.
 */
public record GateEnded(String stamp, String wave, Instant opened, Instant closed, GateDecision.Status decision, String message,
    List<Approval> answers) {

  public GateEnded {
    Objects.requireNonNull(opened, "opened");
    Objects.requireNonNull(decision, "decision");
    answers = List.copyOf(answers);
  }

  /** A {@code stampGate} that closed. */
  public static GateEnded of(GateState state, GateDecision decision, Instant closed) {
    return new GateEnded(state.stamp(), null, state.openedAt(), closed, decision.status(), decision.message(), state.answers());
  }
}
