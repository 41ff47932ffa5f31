package io.stamprelease.core.steps.stampgate;

import java.util.List;

/** Where a gate stands: still waiting (with how many approvals it has), approved, rejected or expired. */
public record GateDecision(Status status, List<Approval> approvals, String message) {
  public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

  public boolean closed() {
    return status != Status.PENDING;
  }
}
