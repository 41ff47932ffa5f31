package io.stamprelease.core.gate;

import io.stamprelease.core.validation.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * Who may open a stamp's gate: approvers (user ids, or {@code group:<name>}), how many distinct approvals
 * are needed, how long the gate stays open, and whether the person who started the release may approve
 * (by default not: four eyes, as Azure DevOps' "requester cannot approve").
 */
public record GatePolicy(Set<String> approvers, int minApprovals, Duration expiry, boolean allowRequester) implements Serializable {
  private static final long serialVersionUID = 1L;

  public GatePolicy {
    approvers = Set.copyOf(approvers);
  }

  public static GatePolicy validated(Set<String> approvers, int minApprovals, Duration expiry, boolean allowRequester) {
    Problems problems = new Problems("stampGate");
    problems.check(!approvers.isEmpty(), "approvers", "at least one user or group:<name> is required");
    problems.check(approvers.stream().noneMatch(a -> a.isBlank() || a.equals("group:")), "approvers", "entries must be user ids or group:<name>");
    problems.check(minApprovals >= 1, "minApprovals", "must be at least 1 (was " + minApprovals + ")");
    long users = approvers.stream().filter(a -> !a.startsWith("group:")).count();
    boolean onlyUsers = users == approvers.size();
    problems.check(!onlyUsers || minApprovals <= users, "minApprovals",
        "cannot exceed the " + users + " listed approver(s) (was " + minApprovals + ")");
    problems.check(expiry != null && !expiry.isNegative() && !expiry.isZero(), "timeout", "must be a positive duration (was " + expiry + ")");
    problems.check(expiry == null || expiry.compareTo(Duration.ofDays(30)) <= 0, "timeout", "must be at most 30 days (was " + expiry + ")");
    problems.throwIfAny();
    return new GatePolicy(approvers, minApprovals, expiry, allowRequester);
  }

  /** Is this person, with these groups, on the approver list? */
  boolean lists(String user, Set<String> groups) {
    return approvers.contains(user) || groups.stream().anyMatch(g -> approvers.contains("group:" + g));
  }
}
