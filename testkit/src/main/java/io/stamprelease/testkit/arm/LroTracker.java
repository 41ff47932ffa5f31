package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The subscription-level status resources of long-running operations, in the RPC's two monitoring styles
 * (async-api-reference): {@code Azure-AsyncOperation} ({@code …/locations/{l}/operations/{id}}: always 200, the
 * {@code status} InProgress → Succeeded / Failed / Canceled in the body, {@code error} when it failed) and
 * {@code Location} ({@code …/locations/{l}/operationResults/{id}}: 202 without body while running, then "the exact
 * same response that would have been returned had the operation been executed synchronously"). Deletes of VMs, NICs,
 * disks and resource groups, what-if, and deployments answered in the Location style are tracked here.
 */
public final class LroTracker {

  enum Status {
    InProgress, Succeeded, Failed, Canceled;

    boolean terminal() {
      return this != InProgress;
    }
  }

  /** One operation: its live status, its error once it failed, and what its Location answers once it ended. */
  interface Operation {
    Status status();

    /** {@code {"code","message",...}} when Failed or Canceled, else null. */
    ObjectNode error();

    /** The answer the synchronous call would have given; asked only once the operation ended. */
    ArmResponse finalAnswer();
  }

  /** An operation that ends when its work, run on the scheduler, completes it. */
  static final class Timed implements Operation {
    private volatile Status status = Status.InProgress;
    private volatile ObjectNode error;
    private volatile ArmResponse answer;

    void complete(Status status, ObjectNode error, ArmResponse answer) {
      this.error = error;
      this.answer = answer;
      this.status = status;
    }

    @Override
    public Status status() {
      return status;
    }

    @Override
    public ObjectNode error() {
      return error;
    }

    @Override
    public ArmResponse finalAnswer() {
      return answer;
    }
  }

  private record Entry(String id, Instant start, Operation operation) {
  }

  private final ArmContext arm;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Instant> ends = new ConcurrentHashMap<>();

  LroTracker(ArmContext arm) {
    this.arm = arm;
  }

  /** Tracks {@code operation}; returns its id. */
  String register(Operation operation) {
    String id = UUID.randomUUID().toString();
    entries.put(id, new Entry(id, Instant.now(), operation));
    return id;
  }

  String asyncOperationUrl(String provider, String id, String apiVersion) {
    return prefix(provider) + "/operations/" + id + "?api-version=" + apiVersion;
  }

  String locationUrl(String provider, String id, String apiVersion) {
    return prefix(provider) + "/operationResults/" + id + "?api-version=" + apiVersion;
  }

  private String prefix(String provider) {
    return arm.baseUrl() + "/subscriptions/" + arm.subscriptionId() + "/providers/" + provider + "/locations/" + arm.location();
  }

  /** 202 Accepted without body, with the monitoring headers of {@code style} and the contract's starting {@code Retry-After}. */
  ArmResponse accepted(String provider, String id, String apiVersion, ArmContract.LroStyle style) {
    ArmResponse response = ArmResponse.empty(202);
    if (style.asyncOperation()) {
      response.header("Azure-AsyncOperation", asyncOperationUrl(provider, id, apiVersion));
    }
    if (style.location()) {
      response.header("Location", locationUrl(provider, id, apiVersion));
    }
    arm.startRetryAfter().ifPresent(v -> response.header("Retry-After", v));
    return response;
  }

  /**
   * Starts a delete of {@code provider} that completes after {@code duration} by running {@code work} (a work that
   * throws makes the operation fail), answered 202 in the contract's {@link ArmContract.LroKind#DELETE} style.
   */
  ArmResponse startDelete(String provider, String apiVersion, Duration duration, Runnable work) {
    Timed op = new Timed();
    String id = register(op);
    arm.scheduler().schedule(() -> {
      try {
        work.run();
        op.complete(Status.Succeeded, null, ArmResponse.empty(200));
      } catch (RuntimeException e) {
        ArmException failure = new ArmException(500, "InternalOperationError", "The simulated operation failed.");
        op.complete(Status.Failed, Json.object().put("code", failure.code()).put("message", failure.getMessage()), failure.toResponse());
      }
      ends.put(id, Instant.now());
    }, duration.toMillis(), TimeUnit.MILLISECONDS);
    return accepted(provider, id, apiVersion, arm.contract().lroStyle(ArmContract.LroKind.DELETE));
  }

  List<Route> routes() {
    String base = "^/subscriptions/[^/]+/providers/(?<ns>Microsoft\\.(Compute|Network|Resources))/locations/[^/]+";
    return List.of(
        Route.arm("GET", base + "/operations/(?<op>[^/]+)$", null, this::status),
        Route.arm("GET", base + "/operationResults/(?<op>[^/]+)$", null, this::result));
  }

  /** The {@code Azure-AsyncOperation} status resource: always 200, the state in the body. */
  private ArmResponse status(ArmRequest request) {
    Entry entry = find(request);
    Status status = entry.operation().status();
    ObjectNode doc = Json.object().put("id", request.path()).put("name", entry.id()).put("status", status.name())
        .put("startTime", Json.timestamp(entry.start()));
    if (status.terminal()) {
      doc.put("endTime", Json.timestamp(ends.getOrDefault(entry.id(), Instant.now())));
    }
    if ((status == Status.Failed || status == Status.Canceled) && entry.operation().error() != null) {
      doc.set("error", entry.operation().error());
    }
    ArmResponse response = ArmResponse.ok(doc);
    if (!status.terminal()) {
      arm.pollRetryAfter().ifPresent(v -> response.header("Retry-After", v));
    }
    return response;
  }

  /** The {@code Location} URL: 202 without body while running, then the operation's final answer. */
  private ArmResponse result(ArmRequest request) {
    Entry entry = find(request);
    if (!entry.operation().status().terminal()) {
      ArmResponse running = ArmResponse.empty(202).header("Location", arm.baseUrl() + request.rawPath() + "?api-version=" + request.apiVersion());
      arm.pollRetryAfter().ifPresent(v -> running.header("Retry-After", v));
      return running;
    }
    ends.putIfAbsent(entry.id(), Instant.now());
    return entry.operation().finalAnswer();
  }

  /** Notes when an operation that is not {@link Timed} ended (for {@code endTime}). */
  void ended(String id) {
    ends.putIfAbsent(id, Instant.now());
  }

  private Entry find(ArmRequest request) {
    Entry entry = entries.get(request.param("op"));
    if (entry == null) {
      throw ArmException.notFound("OperationNotFound", "The operation '" + request.param("op") + "' could not be found.");
    }
    return entry;
  }
}
