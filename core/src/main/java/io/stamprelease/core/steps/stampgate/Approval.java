package io.stamprelease.core.steps.stampgate;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/** One person's answer at a gate, recorded for the release report. */
public record Approval(String user, Set<String> groups, Decision decision, Instant at, String comment) implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Decision { APPROVE, REJECT }

  public Approval {
    groups = Set.copyOf(groups);
    comment = comment == null ? "" : comment;
  }
}
