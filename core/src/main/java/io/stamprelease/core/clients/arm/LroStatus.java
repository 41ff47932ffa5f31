package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** One poll of an ARM long-running operation: where it is, when to look again, and the error if it failed. */
public record LroStatus(State state, Duration retryAfter, JsonNode error) {

  public enum State {
    IN_PROGRESS, SUCCEEDED, FAILED, CANCELED;

    public boolean terminal() {
      return this != IN_PROGRESS;
    }
  }

  /** ARM RPC: terminal states are only Succeeded, Failed, Canceled; anything else (Accepted, Running, …) is in progress. */
  public static State parse(String status) {
    return switch (status == null ? "" : status.toLowerCase(java.util.Locale.ROOT)) {
      case "succeeded" -> State.SUCCEEDED;
      case "failed" -> State.FAILED;
      case "canceled", "cancelled" -> State.CANCELED;
      default -> State.IN_PROGRESS;
    };
  }
}
