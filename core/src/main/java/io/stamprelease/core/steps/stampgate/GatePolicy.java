package io.stamprelease.core.steps.stampgate;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who may open a stamp's gate: approvers (user ids, or {@code group:<name>}), how many distinct approvals
 * are needed, how long the gate stays open, and whether the person who started the release may approve
 * (by default not: four eyes, as Azure DevOps' "requester cannot approve"). Built by {@link StampGateInput#validate()}.
 */
public record GatePolicy(Set<String> approvers, int minApprovals, Duration expiry, boolean allowRequester) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Keeps the approvers in the order they were given (the gate line, the report and the record show them so). */
  public GatePolicy {
    approvers = Collections.unmodifiableSet(new LinkedHashSet<>(approvers));
  }

  /** Is this person, with these groups, on the approver list? */
  boolean lists(String user, Set<String> groups) {
    return approvers.contains(user) || groups.stream().anyMatch(g -> approvers.contains("group:" + g));
  }
}
