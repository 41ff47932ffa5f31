package io.stamprelease.core.steps.stampgate;

import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code stampGate} returns: the stamp, the decision, who approved, every answer, who asked, when it opened and closed. */
public record StampGateResult(String stamp, GateDecision.Status status, List<Approval> approvals, List<Approval> answers, String requester,
    Instant openedAt, Instant closedAt, String message) implements StepResult {
  private static final long serialVersionUID = 1L;

  public StampGateResult {
    approvals = List.copyOf(approvals);
    answers = List.copyOf(answers);
  }

  public static StampGateResult of(GateState state, GateDecision decision, Instant closed) {
    return new StampGateResult(state.stamp(), decision.status(), decision.approvals(), state.answers(), state.requester(), state.openedAt(),
        closed, decision.message());
  }

  @Override
  public StepKind step() {
    return StepKind.STAMP_GATE;
  }

  @Override
  public Map<String, Object> toPlainMap() {
    return new PlainValues().put("stamp", stamp).put("status", status.name().toLowerCase(Locale.ROOT))
        .put("approvers", approvals.stream().map(Approval::user).toList())
        .put("approvals", answers.stream().map(a -> new PlainValues().put("user", a.user()).put("decision", a.decision().name()
            .toLowerCase(Locale.ROOT)).put("at", a.at().toString()).put("comment", a.comment()).map()).toList())
        .put("requester", requester).put("openedAt", openedAt.toString()).put("closedAt", closedAt.toString()).put("message", message).map();
  }

  @Override
  public String summary() {
    return "the gate of " + stamp + " " + status.name().toLowerCase(Locale.ROOT) + ": " + message;
  }
}
