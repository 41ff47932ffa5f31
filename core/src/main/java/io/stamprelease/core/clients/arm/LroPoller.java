package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.input.Durations;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one way we watch an ARM long-running operation, as the RPC (async-api-reference) describes it, one look per call
 * (never waits; the calling task returns RUNNING with the wait it gets):
 * <ul>
 *   <li>{@code Azure-AsyncOperation} (preferred when both headers come): the status resource answers 200 with
 *       {@code status}; Succeeded / Failed / Canceled are terminal, {@code error} tells the failure. For a PUT, the
 *       resource's own {@code provisioningState} is read once the status says Succeeded, and it has the last word.</li>
 *   <li>{@code Location}: 202 while running (maybe with a new Location); then "the exact same response that would have
 *       been returned had the operation been executed synchronously": 200/201/204 — whose body may still say
 *       {@code provisioningState: Failed} (a deployment) or {@code status: Failed} (a what-if) — or an error answer
 *       (4xx with {@code error}).</li>
 *   <li>neither (a PUT answered 200/201 with a non-terminal {@code provisioningState}): the resource is polled.</li>
 * </ul>
 * A failed <em>read</em> — 404, 408, 429, 5xx, a timeout, a dropped connection — is not the operation's outcome: the
 * look is IN_PROGRESS with the reason, and the caller looks again, bounded by its deadline. The first look waits the
 * {@code Retry-After} of the answer that started the operation; every wait is that header's, at least
 * {@link #MIN_RETRY_AFTER} (a {@code Retry-After: 0} would make a hot loop), or the RPC's default
 * {@link #RPC_DEFAULT_RETRY_AFTER} when a status answer has none.
 */
public final class LroPoller {
  /** RPC: "Clients should wait for the Retry-After interval, if it was specified, or the default of 60 seconds if it was not". */
  public static final Duration RPC_DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
  /** The shortest wait between two looks, whatever the server says (the RPC's minimum is 10 s; 0 is out of contract). */
  public static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

  private LroPoller() {
  }

  /**
   * The operation an answer started, to look at from {@code now} plus its {@code Retry-After}; empty when the answer is
   * already final (a 200/204 without monitoring headers, or a body whose {@code provisioningState} is terminal).
   *
   * @param resourcePath the resource a PUT creates or changes, or null (a delete, an action)
   */
  public static Optional<LroOperation> started(ArmResponse answer, String resourcePath, String resourceType, Instant now) {
    String async = answer.header("Azure-AsyncOperation").orElse(null);
    String location = answer.header("Location").orElse(null);
    Instant at = now.plus(wait(answer));
    if (async != null || (location != null && (answer.status() == 202 || answer.status() == 201))) {
      return Optional.of(new LroOperation(async, location, resourcePath, resourceType, at, 0, null));
    }
    JsonNode state = answer.body() == null ? null : answer.body().at("/properties/provisioningState");
    boolean provisioning = state != null && state.isTextual() && !LroStatus.parse(state.asText()).terminal();
    if (resourcePath != null && (provisioning || answer.status() == 202)) {
      return Optional.of(LroOperation.ofResource(resourcePath, resourceType, at));
    }
    return Optional.empty();
  }

  /** The wait an answer asks for: its {@code Retry-After}, at least {@link #MIN_RETRY_AFTER}; the RPC default when absent. */
  public static Duration wait(ArmResponse answer) {
    return answer.retryAfter().map(LroPoller::floor).orElse(RPC_DEFAULT_RETRY_AFTER);
  }

  private static Duration floor(Duration d) {
    return d.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : d;
  }

  /**
   * One look at {@code op} (none before its {@code pollAt}: then IN_PROGRESS with the wait left).
   *
   * @param pollInterval how often to look when nothing says: a resource read for its provisioningState, a failed read
   */
  public static LroStatus poll(ArmClient arm, LroOperation op, Instant now, Duration pollInterval) {
    if (now.isBefore(op.pollAt())) {
      return new LroStatus(LroStatus.State.IN_PROGRESS, Duration.between(now, op.pollAt()), null, null, null, op);
    }
    if (op.asyncOperationUrl() != null) {
      return asyncOperation(arm, op, now, pollInterval);
    }
    if (op.locationUrl() != null) {
      return location(arm, op, now, pollInterval);
    }
    return resource(arm, op, now, pollInterval);
  }

  private static LroStatus asyncOperation(ArmClient arm, LroOperation op, Instant now, Duration pollInterval) {
    ArmResponse r;
    try {
      r = arm.readAbsolute(op.asyncOperationUrl());
    } catch (TransientException | UncheckedIOException e) {
      return readFailure(op, now, pollInterval, firstLine(e.getMessage()), null);
    }
    if (r.status() != 200 || r.body() == null || !r.body().path("status").isTextual()) {
      return readFailure(op, now, pollInterval, answered(r), r);
    }
    LroStatus.State state = LroStatus.parse(r.body().path("status").asText());
    if (!state.terminal()) {
      Instant at = now.plus(wait(r));
      return new LroStatus(state, Duration.between(now, at), null, null, null, op.next(op.locationUrl(), at));
    }
    JsonNode error = state == LroStatus.State.SUCCEEDED ? null : r.body().get("error");
    if (op.resourcePath() == null) {
      return new LroStatus(state, Duration.ZERO, error, null, null, null);
    }
    // a PUT: the resource's provisioningState is the authority once the status resource says it ended
    Optional<JsonNode> resource = readResource(arm, op);
    if (resource.isEmpty()) {
      return new LroStatus(state, Duration.ZERO, error, null, null, null);
    }
    LroStatus.State provisioning = provisioningState(resource.get());
    if (state == LroStatus.State.SUCCEEDED && provisioning.terminal() && provisioning != LroStatus.State.SUCCEEDED) {
      return new LroStatus(provisioning, Duration.ZERO, resource.get().at("/properties/error").isObject()
          ? resource.get().at("/properties/error") : null, resource.get(), null, null);
    }
    return new LroStatus(state, Duration.ZERO, error, resource.get(), null, null);
  }

  private static LroStatus location(ArmClient arm, LroOperation op, Instant now, Duration pollInterval) {
    ArmResponse r;
    try {
      r = arm.readAbsolute(op.locationUrl());
    } catch (TransientException | UncheckedIOException e) {
      return readFailure(op, now, pollInterval, firstLine(e.getMessage()), null);
    }
    int status = r.status();
    if (status == 202) {
      Instant at = now.plus(wait(r));
      return new LroStatus(LroStatus.State.IN_PROGRESS, Duration.between(now, at), null, null, null,
          op.next(r.header("Location").orElse(op.locationUrl()), at));
    }
    if (status == 200 || status == 201 || status == 204) {
      return finalAnswer(r.body(), op, now, pollInterval);
    }
    if (status >= 400 && status < 500 && status != 404 && status != 408 && status != 429 && r.body() != null
        && r.body().path("error").isObject()) {
      // the error answer the synchronous call would have given: the operation failed
      return new LroStatus(LroStatus.State.FAILED, Duration.ZERO, r.body().get("error"), r.body(), null, null);
    }
    return readFailure(op, now, pollInterval, answered(r), r);
  }

  /** A Location's final 2xx: its body (a deployment, a what-if result) may still say it failed. */
  private static LroStatus finalAnswer(JsonNode body, LroOperation op, Instant now, Duration pollInterval) {
    if (body == null) {
      return new LroStatus(LroStatus.State.SUCCEEDED, Duration.ZERO, null, null, null, null);
    }
    JsonNode provisioning = body.at("/properties/provisioningState");
    if (provisioning.isTextual()) {
      LroStatus.State state = LroStatus.parse(provisioning.asText());
      if (!state.terminal() && op.resourcePath() != null) {
        Instant at = now.plus(pollInterval);
        return new LroStatus(state, pollInterval, null, body, null, op.resourceOnly(at));
      }
      JsonNode error = body.at("/properties/error");
      return new LroStatus(state.terminal() ? state : LroStatus.State.SUCCEEDED, Duration.ZERO, state == LroStatus.State.SUCCEEDED
          || !error.isObject() ? null : error, body, null, null);
    }
    JsonNode status = body.get("status");
    if (status != null && status.isTextual()) {
      LroStatus.State state = LroStatus.parse(status.asText());
      if (state.terminal()) {
        return new LroStatus(state, Duration.ZERO, state == LroStatus.State.SUCCEEDED ? null : body.get("error"), body, null, null);
      }
    }
    return new LroStatus(LroStatus.State.SUCCEEDED, Duration.ZERO, null, body, null, null);
  }

  private static LroStatus resource(ArmClient arm, LroOperation op, Instant now, Duration pollInterval) {
    ArmResponse r;
    try {
      r = arm.read(op.resourcePath(), op.resourceType());
    } catch (TransientException | UncheckedIOException e) {
      return readFailure(op, now, pollInterval, firstLine(e.getMessage()), null);
    }
    if (r.status() != 200 || r.body() == null) {
      return readFailure(op, now, pollInterval, answered(r), r);
    }
    LroStatus.State state = provisioningState(r.body());
    if (!state.terminal()) {
      Instant at = now.plus(r.retryAfter().map(LroPoller::floor).orElse(pollInterval));
      return new LroStatus(state, Duration.between(now, at), null, r.body(), null, op.next(null, at));
    }
    JsonNode error = r.body().at("/properties/error");
    return new LroStatus(state, Duration.ZERO, state == LroStatus.State.SUCCEEDED || !error.isObject() ? null : error, r.body(), null, null);
  }

  private static Optional<JsonNode> readResource(ArmClient arm, LroOperation op) {
    try {
      return Optional.ofNullable(arm.get(op.resourcePath(), op.resourceType()).body());
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** RPC: "If the resource returns no provisioningState, it is assumed to be Succeeded." */
  private static LroStatus.State provisioningState(JsonNode resource) {
    JsonNode state = resource.at("/properties/provisioningState");
    return state.isTextual() ? LroStatus.parse(state.asText()) : LroStatus.State.SUCCEEDED;
  }

  /** The status could not be read: the operation goes on; look again after the answer's Retry-After or {@code pollInterval}. */
  private static LroStatus readFailure(LroOperation op, Instant now, Duration pollInterval, String why, ArmResponse answer) {
    Duration retry = answer == null ? pollInterval : answer.retryAfter().map(LroPoller::floor).orElse(pollInterval);
    LroOperation next = op.readFailed(now, now.plus(retry));
    String issue = "reading the operation's status (" + op.style() + ") failed: " + why + "; that is not the operation's outcome, "
        + "reading again in " + Durations.human(retry) + (next.failedReads() > 1 ? " (" + next.failedReads() + " failed reads since "
        + Durations.human(Duration.between(next.failingSince(), now)) + ")" : "");
    return new LroStatus(LroStatus.State.IN_PROGRESS, retry, null, null, issue, next);
  }

  private static String answered(ArmResponse r) {
    String code = r.body() == null ? "" : r.body().at("/error/code").asText("");
    return "answered " + r.status() + (code.isEmpty() ? "" : " " + code) + (r.status() == 200 ? " without a status" : "");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
