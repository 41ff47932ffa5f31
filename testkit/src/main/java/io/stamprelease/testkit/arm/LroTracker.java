package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asynchronous operations of resource providers other than deployments (deletes of VMs, NICs, disks,
 * resource groups), with the RPC's two monitoring styles: {@code Azure-AsyncOperation} (always 200 with
 * {@code status} InProgress → Succeeded/Failed) and {@code Location} (202 while running, then 200).
 */
public final class LroTracker {

  private enum State { InProgress, Succeeded, Failed }

  private static final class Operation {
    final String id;
    final Instant start = Instant.now();
    volatile State state = State.InProgress;
    volatile Instant end;

    Operation(String id) {
      this.id = id;
    }
  }

  private final String subscriptionId;
  private final String location;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private volatile int retryAfterSeconds;
  private String baseUrl;

  LroTracker(String subscriptionId, String location, ScheduledExecutorService scheduler, int retryAfterSeconds) {
    this.subscriptionId = subscriptionId;
    this.location = location;
    this.scheduler = scheduler;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void bind(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  void retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
  }

  /**
   * Starts an operation of {@code provider} (e.g. Microsoft.Compute) that completes after {@code duration}
   * by running {@code work}, and returns the 202 response carrying both monitoring headers.
   */
  ArmResponse start(String provider, String apiVersion, Duration duration, Runnable work) {
    Operation op = new Operation(UUID.randomUUID().toString());
    operations.put(op.id, op);
    scheduler.schedule(() -> {
      try {
        work.run();
        op.state = State.Succeeded;
      } catch (RuntimeException e) {
        op.state = State.Failed;
      }
      op.end = Instant.now();
    }, duration.toMillis(), TimeUnit.MILLISECONDS);
    String prefix = baseUrl + "/subscriptions/" + subscriptionId + "/providers/" + provider + "/locations/" + location;
    return ArmResponse.empty(202)
        .header("Azure-AsyncOperation", prefix + "/operations/" + op.id + "?api-version=" + apiVersion)
        .header("Location", prefix + "/operationResults/" + op.id + "?api-version=" + apiVersion)
        .header("Retry-After", String.valueOf(retryAfterSeconds));
  }

  List<Route> routes() {
    String base = "^/subscriptions/[^/]+/providers/(?<ns>Microsoft\\.(Compute|Network|Resources))/locations/[^/]+";
    return List.of(
        Route.arm("GET", base + "/operations/(?<op>[^/]+)$", null, this::status),
        Route.arm("GET", base + "/operationResults/(?<op>[^/]+)$", null, this::result));
  }

  private ArmResponse status(ArmRequest request) {
    Operation op = find(request);
    ObjectNode doc = Json.object().put("name", op.id).put("status", op.state.name()).put("startTime", Json.timestamp(op.start));
    if (op.end != null) {
      doc.put("endTime", Json.timestamp(op.end));
    }
    if (op.state == State.Failed) {
      doc.putObject("error").put("code", "InternalOperationError").put("message", "The simulated operation failed.");
    }
    ArmResponse response = ArmResponse.ok(doc);
    return op.state == State.InProgress ? response.header("Retry-After", String.valueOf(retryAfterSeconds)) : response;
  }

  private ArmResponse result(ArmRequest request) {
    Operation op = find(request);
    if (op.state == State.InProgress) {
      return ArmResponse.empty(202).header("Location", baseUrl + request.path() + "?api-version=" + request.apiVersion())
          .header("Retry-After", String.valueOf(retryAfterSeconds));
    }
    if (op.state == State.Failed) {
      throw new ArmException(500, "InternalOperationError", "The simulated operation failed.");
    }
    return ArmResponse.empty(200);
  }

  private Operation find(ArmRequest request) {
    Operation op = operations.get(request.param("op"));
    if (op == null) {
      throw ArmException.notFound("OperationNotFound", "The operation '" + request.param("op") + "' could not be found.");
    }
    return op;
  }

  String subscriptionId() {
    return subscriptionId;
  }
}
