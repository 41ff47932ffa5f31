package io.stamprelease.core.clients.arm;

import java.io.Serializable;
import java.time.Instant;

/**
 * A long-running operation ARM accepted, as a task keeps it between calls (ids and URLs only, so it persists in a
 * checkpoint): the monitoring URLs of the answer that started it — {@code Azure-AsyncOperation} and/or {@code Location}
 * (ARM RPC async-api-reference) — the resource it works on (a PUT's resource, whose {@code provisioningState} is the
 * authority when no monitoring URL was given), when to read it next, and how many status reads in a row failed.
 *
 * @param asyncOperationUrl the {@code Azure-AsyncOperation} status resource, or null
 * @param locationUrl       the {@code Location} URL (202 while running, then the final answer), or null
 * @param resourcePath      the resource a PUT creates or changes (read for its {@code provisioningState}), or null
 * @param resourceType      its type, for the api-version
 * @param pollAt            not read before this instant: the {@code Retry-After} of the last answer
 * @param failedReads       status reads in a row that failed (a failed read is not a failed operation)
 * @param failingSince      when the first of them failed, or null
 */
public record LroOperation(String asyncOperationUrl, String locationUrl, String resourcePath, String resourceType, Instant pollAt,
    int failedReads, Instant failingSince) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An operation watched through its resource only (a PUT answered 200/201 without monitoring headers, or a re-attach). */
  public static LroOperation ofResource(String resourcePath, String resourceType, Instant pollAt) {
    return new LroOperation(null, null, resourcePath, resourceType, pollAt, 0, null);
  }

  /** How the operation is watched, for messages. */
  public String style() {
    return asyncOperationUrl != null ? "Azure-AsyncOperation" : locationUrl != null ? "Location" : "provisioningState";
  }

  LroOperation next(String newLocation, Instant at) {
    return new LroOperation(asyncOperationUrl, newLocation, resourcePath, resourceType, at, 0, null);
  }

  LroOperation readFailed(Instant now, Instant at) {
    return new LroOperation(asyncOperationUrl, locationUrl, resourcePath, resourceType, at, failedReads + 1,
        failingSince == null ? now : failingSince);
  }

  /** Watched from now on through its resource (a final answer whose resource is still provisioning). */
  LroOperation resourceOnly(Instant at) {
    return new LroOperation(null, null, resourcePath, resourceType, at, 0, null);
  }
}
