package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.arm.ArmErrors;
import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.input.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sending an ARM template deployment and watching it, the same for {@code akseDeploy} and {@code akseScale}'s
 * scale-out: the PUT (a {@code 409 DeploymentActive} means one of that name runs already: re-attach to it, never start a
 * second), one look at the running deployment through {@link LroPoller} (either header style, status-read failures
 * retried, never taken as the outcome), and the failure report — the root cause first, then every failed operation of
 * every page, then the correlation id.
 */
public final class Deployments {
  public static final String TYPE = DeploymentPaths.TYPE;

  private Deployments() {
  }

  /** {@code /subscriptions/…/resourceGroups/{rg}/providers/Microsoft.Resources/deployments/{name}}. */
  public static String path(ArmClient arm, String resourceGroup, String name) {
    return DeploymentPaths.deployment(arm, resourceGroup, name);
  }

  /** The deployment as ARM shows it, or empty (never deployed, or started Location-style and invisible until it ends). */
  public static Optional<JsonNode> read(ArmClient arm, String path) {
    try {
      return Optional.ofNullable(arm.get(path, TYPE).body());
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether ARM shows it Accepted/Running (not Succeeded, Failed or Canceled). */
  public static boolean running(JsonNode deployment) {
    return !LroStatus.parse(deployment.at("/properties/provisioningState").asText("Succeeded")).terminal();
  }

  /** What a PUT led to. */
  public sealed interface Submission {
    /** ARM accepted our PUT; watch {@code operation}. */
    record Accepted(LroOperation operation, String correlationId) implements Submission {
    }

    /**
     * {@code 409 DeploymentActive}: a deployment of this name runs (ours from a crashed run, or someone else's). ARM shows it
     * ({@code existing}) or — started Location-style — not yet (null): then wait for it to end and look again.
     */
    record Active(JsonNode existing, String message) implements Submission {
    }
  }

  /** PUTs {@code body} at {@code path}; a {@code DeploymentActive} refusal is an {@link Submission.Active}, never an error. */
  public static Submission submit(ArmClient arm, String path, JsonNode body, Instant now) {
    ArmResponse response;
    try {
      response = arm.put(path, TYPE, body);
    } catch (ArmCallException e) {
      if (e.code().equals("DeploymentActive")) {
        return new Submission.Active(read(arm, path).orElse(null), e.getMessage());
      }
      throw e;
    }
    LroOperation op = LroPoller.started(response, path, TYPE, now).orElse(LroOperation.ofResource(path, TYPE, now));
    String correlation = response.body() == null ? null : response.body().at("/properties/correlationId").asText(null);
    return new Submission.Accepted(op, correlation);
  }

  /** One look at a running deployment. */
  public sealed interface Look {
    record Running(LroOperation next, Duration retryAfter, String message) implements Look {
    }

    record Succeeded(JsonNode deployment) implements Look {
    }

    record Failed(String report, JsonNode deployment) implements Look {
    }
  }

  /**
   * Looks at deployment {@code name} through {@code op} once.
   *
   * @param since when it was submitted or found running (for "running for 2m"), or null
   */
  public static Look look(ArmClient arm, String resourceGroup, String name, LroOperation op, Instant now, Instant since, Duration pollInterval) {
    LroStatus status = LroPoller.poll(arm, op, now, pollInterval);
    if (!status.state().terminal()) {
      String running = "deployment " + name + " running" + (since == null ? "" : " for " + Durations.human(Duration.between(since, now)
          .truncatedTo(ChronoUnit.SECONDS)));
      return new Look.Running(status.next(), status.retryAfter(), status.readIssue() == null ? running : running + "; " + status.readIssue());
    }
    String path = path(arm, resourceGroup, name);
    JsonNode deployment = isDeployment(status.body()) ? status.body() : read(arm, path).orElse(null);
    if (status.state() == LroStatus.State.SUCCEEDED) {
      return new Look.Succeeded(deployment);
    }
    return new Look.Failed(failureReport(arm, resourceGroup, name, status, deployment), deployment);
  }

  private static boolean isDeployment(JsonNode body) {
    return body != null && body.at("/properties/provisioningState").isTextual();
  }

  /**
   * {@code deployment X … ended Failed: <root cause>} — the deepest ARM error, not the wrapper's code — then every failed
   * operation (all pages of the operations list) with its own root cause, then the correlation id to quote.
   */
  static String failureReport(ArmClient arm, String resourceGroup, String name, LroStatus status, JsonNode deployment) {
    JsonNode error = deployment == null ? null : deployment.at("/properties/error");
    if ((error == null || !error.isObject()) && status.error() != null) {
      error = status.error();
    }
    List<FailedOperations.Failure> failures = List.of();
    try {
      failures = FailedOperations.from(arm.list(path(arm, resourceGroup, name) + "/operations", TYPE)).failures();
    } catch (ArmCallException e) {
      // a deployment ARM does not show (an error answer of a Location-style PUT that never created it): no operations
    }
    StringBuilder message = new StringBuilder("deployment " + name + " in resource group " + resourceGroup + " on hub " + arm.hub().name()
        + " ended " + (status.state() == LroStatus.State.CANCELED ? "Canceled" : "Failed"));
    if (!failures.isEmpty()) {
      FailedOperations.Failure first = failures.get(0);
      message.append(": ").append(first.code()).append(": ").append(first.message());
      if (error != null && error.isObject()) {
        message.append(" (ARM: ").append(error.path("code").asText()).append(")");
      }
    } else if (error != null && error.isObject()) {
      message.append(": ").append(ArmErrors.describe(error));
    }
    if (!failures.isEmpty()) {
      message.append("; failed operations:\n").append(failures.stream().map(f -> "  " + f.line()).collect(Collectors.joining("\n")));
    }
    String correlation = deployment == null ? "" : deployment.at("/properties/correlationId").asText("");
    if (!correlation.isEmpty()) {
      message.append("\ncorrelation id ").append(correlation).append(" (quote it to the hub operator)");
    }
    return message.toString();
  }
}
