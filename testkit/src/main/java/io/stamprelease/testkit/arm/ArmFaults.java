package io.stamprelease.testkit.arm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults injectable into one fake ARM server, per route. A route is matched by a case-insensitive
 * substring of {@code "<METHOD> <path>"} (e.g. {@code "PUT /subscriptions"} or {@code "operationstatuses"};
 * the empty string matches everything). Each fault fires a fixed number of times, then disappears.
 *
 * <p>Spec syntax (for {@code stamp sim --faults}), comma separated:
 * {@code throttle:<match>:<times>:<retryAfterSeconds>}, {@code 5xx:<match>:<times>[:<status>]},
 * {@code reset:<match>:<times>}, {@code latency:<millis>}, {@code lro-fail}.
 */
public final class ArmFaults {

  /** What the server must do instead of (or before) serving a request. */
  public sealed interface Fault {
  }

  public record Respond(int status, String code, String message, Integer retryAfterSeconds) implements Fault {
  }

  public record DropConnection() implements Fault {
  }

  private static final class Rule {
    final String match;
    final Fault fault;
    int remaining;

    Rule(String match, Fault fault, int remaining) {
      this.match = match.toLowerCase(Locale.ROOT);
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  /** A deployment failure to hand out to the next deployment that completes. */
  public record DeploymentFailure(String code, String message) {
  }

  private final List<Rule> rules = new ArrayList<>();
  private volatile Duration latency = Duration.ZERO;
  private DeploymentFailure nextDeploymentFailure;

  /** The next {@code times} matching requests answer 429 with {@code Retry-After}. */
  public synchronized ArmFaults throttle(String match, int times, int retryAfterSeconds) {
    rules.add(new Rule(match, new Respond(429, "TooManyRequests",
        "The request is being throttled as the limit has been reached for operation type. Please try again after '"
            + retryAfterSeconds + "' seconds.", retryAfterSeconds), times));
    return this;
  }

  /** The next {@code times} matching requests answer a 5xx (500, 502, 503 or 504). */
  public synchronized ArmFaults serverErrors(String match, int times, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("serverErrors status must be 5xx, was " + status);
    }
    String code = status == 503 ? "ServiceUnavailable" : status == 504 ? "GatewayTimeout" : "InternalServerError";
    rules.add(new Rule(match, new Respond(status, code, "Simulated transient failure (" + status + ").", null), times));
    return this;
  }

  /** The next {@code times} matching requests get their connection closed with no response. */
  public synchronized ArmFaults dropConnections(String match, int times) {
    rules.add(new Rule(match, new DropConnection(), times));
    return this;
  }

  /** Added before every response. */
  public ArmFaults latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /** The next deployment submitted (PUT) ends Failed, its failed operation carrying this nested error. */
  public synchronized ArmFaults failNextDeployment(String code, String message) {
    nextDeploymentFailure = new DeploymentFailure(code, message);
    return this;
  }

  /** The classic AKS Engine failure on Hub: the node bootstrap script (CSE) exits 50, no outbound connectivity. */
  public ArmFaults failNextDeploymentWithCseExit50() {
    return failNextDeployment("VMExtensionProvisioningError",
        "VM has reported a failure when processing extension 'cse-agent-0'. Error message: \"Enable failed: failed to "
            + "execute command: command terminated with exit status=50\\n[stdout]\\n\\n[stderr]\\n\".");
  }

  public synchronized void clear() {
    rules.clear();
    latency = Duration.ZERO;
    nextDeploymentFailure = null;
  }

  public Duration latency() {
    return latency;
  }

  /** The fault to apply to this request, if any (consumes one occurrence). */
  public synchronized Optional<Fault> next(String method, String path) {
    String key = (method + " " + path).toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.remaining > 0 && key.contains(rule.match)) {
        rule.remaining--;
        return Optional.of(rule.fault);
      }
    }
    return Optional.empty();
  }

  synchronized Optional<DeploymentFailure> takeDeploymentFailure() {
    DeploymentFailure failure = nextDeploymentFailure;
    nextDeploymentFailure = null;
    return Optional.ofNullable(failure);
  }

  /** Applies a {@code --faults} spec (see class comment); an unknown fault is an error naming it. */
  public ArmFaults apply(String spec) {
    if (spec == null || spec.isBlank()) {
      return this;
    }
    for (String item : spec.split(",")) {
      String[] p = item.trim().split(":");
      try {
        switch (p[0]) {
          case "throttle" -> throttle(p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]));
          case "5xx" -> serverErrors(p[1], Integer.parseInt(p[2]), p.length > 3 ? Integer.parseInt(p[3]) : 503);
          case "reset" -> dropConnections(p[1], Integer.parseInt(p[2]));
          case "latency" -> latency(Duration.ofMillis(Long.parseLong(p[1].replace("ms", ""))));
          case "lro-fail" -> failNextDeploymentWithCseExit50();
          default -> throw new IllegalArgumentException("unknown fault '" + p[0]
              + "' (allowed: throttle, 5xx, reset, latency, lro-fail)");
        }
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new IllegalArgumentException("malformed fault '" + item.trim()
            + "' (forms: throttle:<match>:<times>:<seconds>, 5xx:<match>:<times>[:<status>], reset:<match>:<times>, "
            + "latency:<millis>, lro-fail)", e);
      }
    }
    return this;
  }
}
