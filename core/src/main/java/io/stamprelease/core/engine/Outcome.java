package io.stamprelease.core.engine;

import java.time.Duration;
import java.util.Map;

/** How a step ended: status, final state, a user-facing message and the collected outputs. */
public record Outcome<S>(Status status, S state, String message, Map<String, Object> outputs, Duration elapsed) {

  public enum Status {
    SUCCEEDED, FAILED, TERMINAL, UNREACHABLE, CANCELLED;

    /** The CLI's exit code for this ending: 0 ok, 1 failed, 3 unreachable (2 is for invalid input, decided before running). */
    public int exitCode() {
      return switch (this) {
        case SUCCEEDED -> 0;
        case UNREACHABLE -> 3;
        default -> 1;
      };
    }
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
