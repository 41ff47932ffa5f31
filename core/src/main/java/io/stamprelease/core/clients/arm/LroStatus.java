package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/**
 * One look at an ARM long-running operation: where it is, when to look again (and the operation to keep for that), the
 * error when it failed, the final body when there is one, and — while status reads fail — what the last failed read
 * said (the operation goes on: the RPC says a 4xx/5xx of the status resource is a failure in reading the status, not in
 * the operation).
 *
 * @param next      the operation to keep for the next look (null once terminal)
 * @param error     ARM's {@code error} object ({@code code}, {@code message}, {@code details}) when it failed, else null
 * @param body      the final answer's body (a Location's final answer, or the resource read), or null
 * @param readIssue why this look could not read the status, or null when it could
 */
public record LroStatus(State state, Duration retryAfter, JsonNode error, JsonNode body, String readIssue, LroOperation next) {

  public enum State {
    IN_PROGRESS, SUCCEEDED, FAILED, CANCELED;

    public boolean terminal() {
      return this != IN_PROGRESS;
    }
  }

  /** ARM RPC: terminal states are only Succeeded, Failed, Canceled; anything else (Accepted, Running, …) is in progress. */
  public static State parse(String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "succeeded" -> State.SUCCEEDED;
      case "failed" -> State.FAILED;
      case "canceled", "cancelled" -> State.CANCELED;
      default -> State.IN_PROGRESS;
    };
  }

  /** {@code code: message} of the error, its deepest nested detail first when ARM wrapped it; empty when there is none. */
  public String errorText() {
    return error == null ? "" : ArmErrors.describe(error);
  }
}
