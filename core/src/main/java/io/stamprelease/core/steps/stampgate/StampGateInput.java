package io.stamprelease.core.steps.stampgate;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A stamp's gate as a user wrote it — the Jenkins {@code stampGate} step's arguments and a stamps.yaml wave's
 * {@code gate:}: the approvers ({@code user} or {@code group:<name>}), how many distinct approvals open it, how long it
 * stays open, whether the requester may approve. It owns the defaults (the only "24h"); {@link #validate()} gives the
 * {@link GatePolicy} or every problem at once.
 */
public final class StampGateInput {
  public static final String DEFAULT_TIMEOUT = "24h";
  public static final int DEFAULT_MIN_APPROVALS = 1;
  static final Duration MAX_EXPIRY = Duration.ofDays(30);

  /** The inputs, by their canonical names (the Jenkins arguments, the plan's keys). */
  public enum Field implements InputField {
    STAMP("stamp"), APPROVERS("approvers"), MIN_APPROVALS("minApprovals"), TIMEOUT("timeout"), ALLOW_REQUESTER("allowRequester"),
    MESSAGE("message");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  private List<String> approvers = List.of();
  private Integer minApprovals;
  private String timeout;
  private boolean allowRequester;

  /** User ids and {@code group:<name>} entries. */
  public StampGateInput approvers(List<String> values) {
    approvers = values == null ? List.of() : List.copyOf(values);
    return this;
  }

  /** The approvers comma-separated, as {@code input}'s {@code submitter} takes them. */
  public StampGateInput approvers(String commaSeparated) {
    return approvers(commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList());
  }

  /** Distinct approvals needed; absent: {@value #DEFAULT_MIN_APPROVALS}. */
  public StampGateInput minApprovals(Integer value) {
    minApprovals = value;
    return this;
  }

  /** How long the gate stays open (at most 30 days); absent: {@value #DEFAULT_TIMEOUT}. */
  public StampGateInput timeout(String value) {
    timeout = value;
    return this;
  }

  /** Whether the person who started the release may approve it (by default not: four eyes). */
  public StampGateInput allowRequester(boolean value) {
    allowRequester = value;
    return this;
  }

  public GatePolicy validate() {
    Problems problems = new Problems("stampGate");
    GatePolicy policy = validate(problems);
    problems.throwIfAny();
    return policy;
  }

  /** Adds every problem to {@code problems} (a {@link Problems#within} view inside a plan, or the step's own); the policy or null. */
  public GatePolicy validate(Problems problems) {
    Set<String> set = new LinkedHashSet<>(approvers);
    int min = minApprovals == null ? DEFAULT_MIN_APPROVALS : minApprovals;
    problems.check(!set.isEmpty(), Field.APPROVERS, "at least one user or group:<name> is required");
    problems.check(set.stream().noneMatch(a -> a.isBlank() || a.equals("group:")), Field.APPROVERS, "entries must be user ids or group:<name>");
    problems.check(min >= 1, Field.MIN_APPROVALS, "must be at least 1 (was " + min + ")");
    long users = set.stream().filter(a -> !a.startsWith("group:")).count();
    boolean onlyUsers = users == set.size();
    problems.check(!onlyUsers || min <= users, Field.MIN_APPROVALS, "cannot exceed the " + users + " listed approver(s) (was " + min + ")");
    Duration expiry = problems.duration(timeout, DEFAULT_TIMEOUT, Field.TIMEOUT);
    if (expiry != null) {
      problems.check(!expiry.isNegative() && !expiry.isZero(), Field.TIMEOUT, "must be a positive duration (was " + timeout + ")");
      problems.check(expiry.compareTo(MAX_EXPIRY) <= 0, Field.TIMEOUT, "must be at most 30 days (was " + timeout + ")");
    }
    return problems.isEmpty() ? new GatePolicy(set, min, expiry, allowRequester) : null;
  }
}
