package io.stamprelease.core.steps.stampgate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gate rules as pure functions, shared by the Jenkins {@code stampGate} step and the CLI prompt:
 * only listed approvers count, each person once, the requester not unless allowed, one rejection
 * closes the gate, quorum opens it, and nothing is accepted after expiry.
 */
public final class Gates {
  private Gates() {
  }

  /** Why {@code user} may not answer now, or empty when the answer can be recorded. */
  public static Optional<String> refusal(GatePolicy policy, GateState state, String user, Set<String> groups, Instant now) {
    if (expired(policy, state, now)) {
      return Optional.of("the gate of " + state.stamp() + " expired at " + state.openedAt().plus(policy.expiry()));
    }
    if (decide(policy, state, now).closed()) {
      return Optional.of("the gate of " + state.stamp() + " is already " + decide(policy, state, now).status().name().toLowerCase());
    }
    if (!policy.lists(user, groups)) {
      return Optional.of(user + " is not an approver of " + state.stamp() + " (approvers: " + String.join(", ", policy.approvers().stream().sorted().toList()) + ")");
    }
    if (!policy.allowRequester() && user.equals(state.requester())) {
      return Optional.of(user + " started this release and may not approve it (allowRequester is false)");
    }
    if (state.answers().stream().anyMatch(a -> a.user().equals(user))) {
      return Optional.of(user + " has already answered this gate; approvals must come from distinct people");
    }
    return Optional.empty();
  }

  /** Records an answer if the rules allow it; otherwise throws with the reason. */
  public static GateState answer(GatePolicy policy, GateState state, Approval answer) {
    refusal(policy, state, answer.user(), answer.groups(), answer.at()).ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    return state.with(answer);
  }

  public static GateDecision decide(GatePolicy policy, GateState state, Instant now) {
    Map<String, Approval> approvals = new LinkedHashMap<>();
    for (Approval a : state.answers()) {
      if (a.decision() == Approval.Decision.REJECT) {
        return new GateDecision(GateDecision.Status.REJECTED, List.copyOf(approvals.values()),
            "rejected by " + a.user() + (a.comment().isEmpty() ? "" : ": " + a.comment()));
      }
      approvals.putIfAbsent(a.user(), a);
    }
    if (approvals.size() >= policy.minApprovals()) {
      return new GateDecision(GateDecision.Status.APPROVED, List.copyOf(approvals.values()),
          "approved by " + String.join(", ", approvals.keySet()));
    }
    if (expired(policy, state, now)) {
      return new GateDecision(GateDecision.Status.EXPIRED, List.copyOf(approvals.values()),
          "expired with " + approvals.size() + "/" + policy.minApprovals() + " approvals");
    }
    return new GateDecision(GateDecision.Status.PENDING, List.copyOf(approvals.values()),
        approvals.size() + "/" + policy.minApprovals() + " approvals");
  }

  private static boolean expired(GatePolicy policy, GateState state, Instant now) {
    return !now.isBefore(state.openedAt().plus(policy.expiry()));
  }
}
