package io.stamprelease.testkit.arm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Faults injectable into one fake ARM server, per route. A route is matched by a case-insensitive
 * substring of {@code "<METHOD> <path>"} (e.g. {@code "PUT /subscriptions"} or {@code "operationstatuses"};
 * the empty string matches everything). Each fault fires a fixed number of times, then disappears.
 *
 * <p>The {@code statusRead…} faults hit only reads of LRO status resources (an {@code Azure-AsyncOperation} or
 * {@code Location} URL). They change what one read answers, never the operation: the RPC says a 4xx/5xx on the
 * status resource "indicates a failure in reading the status but not in the underlying operation".
 *
 * <p>Spec syntax (for {@code stamp sim --faults}), comma separated:
 * {@code throttle:<match>:<times>:<retryAfterSeconds>}, {@code 5xx:<match>:<times>[:<status>]},
 * {@code 404:<match>:<times>}, {@code hold:<match>:<times>:<millis>}, {@code reset:<match>:<times>},
 * {@code latency:<millis>}, {@code status-404:<times>}, {@code status-5xx:<times>[:<status>]},
 * {@code status-hold:<times>:<millis>}, {@code lro-fail}, {@code whatif-fail}.
 */
public final class ArmFaults {
  /** The paths of LRO status resources: {@code …/operationStatuses/{id}}, {@code …/operationResults/{id}}, {@code …/locations/{l}/operations/{id}}. */
  private static final Pattern STATUS_READ = Pattern.compile(
      "(?i)^GET .*/(operationstatuses|operationresults)/[^/]+$|^GET .*/providers/[^/]+/locations/[^/]+/operations/[^/]+$");


  /** What the server must do instead of (or before) serving a request. */
  public sealed interface Fault {
  }

  public record Respond(int status, String code, String message, Integer retryAfterSeconds) implements Fault {
  }

  public record DropConnection() implements Fault {
  }

  /** The answer is held back this long, then the request is served as usual (a slow or hanging response). */
  public record Hold(Duration hold) implements Fault {
  }

  private static final class Rule {
    final Predicate<String> matches;
    final Fault fault;
    int remaining;

    Rule(String match, Fault fault, int remaining) {
      this(key -> key.contains(match.toLowerCase(Locale.ROOT)), fault, remaining);
    }

    Rule(Predicate<String> matches, Fault fault, int remaining) {
      this.matches = matches;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private static boolean isStatusRead(String key) {
    return STATUS_READ.matcher(key).matches();
  }

  /** A deployment failure to hand out to the next deployment that completes. */
  public record DeploymentFailure(String code, String message) {
  }

  private final List<Rule> rules = new ArrayList<>();
  private volatile Duration latency = Duration.ZERO;
  private DeploymentFailure nextDeploymentFailure;
  private DeploymentFailure nextWhatIfFailure;

  /** The next {@code times} matching requests answer 429 with {@code Retry-After}. */
  public synchronized ArmFaults throttle(String match, int times, int retryAfterSeconds) {
    rules.add(new Rule(match, new Respond(429, "TooManyRequests",
        "The request is being throttled as the limit has been reached for operation type. Please try again after '"
            + retryAfterSeconds + "' seconds.", retryAfterSeconds), times));
    return this;
  }

  /** The next {@code times} matching requests answer a 5xx (500, 502, 503 or 504). */
  public synchronized ArmFaults serverErrors(String match, int times, int status) {
    rules.add(new Rule(match, serverError(status), times));
    return this;
  }

  private static Respond serverError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("a server error status must be 5xx, was " + status);
    }
    String code = status == 503 ? "ServiceUnavailable" : status == 504 ? "GatewayTimeout" : "InternalServerError";
    return new Respond(status, code, "Simulated transient failure (" + status + ").", null);
  }

  private static Respond notFound() {
    return new Respond(404, "NotFound", "The requested resource was not found (simulated read failure).", null);
  }

  /** The next {@code times} matching requests answer 404 {@code NotFound}. */
  public synchronized ArmFaults notFound(String match, int times) {
    rules.add(new Rule(match, notFound(), times));
    return this;
  }

  /** The next {@code times} matching requests are answered only after {@code hold} (then as usual). */
  public synchronized ArmFaults hold(String match, int times, Duration hold) {
    rules.add(new Rule(match, new Hold(hold), times));
    return this;
  }

  /** The next {@code times} reads of any LRO status resource answer 404; the operations go on. */
  public synchronized ArmFaults statusReadsNotFound(int times) {
    rules.add(new Rule(ArmFaults::isStatusRead, notFound(), times));
    return this;
  }

  /** The next {@code times} reads of any LRO status resource answer {@code status} (5xx); the operations go on. */
  public synchronized ArmFaults statusReadsFail(int times, int status) {
    rules.add(new Rule(ArmFaults::isStatusRead, serverError(status), times));
    return this;
  }

  /** The next {@code times} reads of any LRO status resource are answered only after {@code hold}, with the status of then. */
  public synchronized ArmFaults holdStatusReads(int times, Duration hold) {
    rules.add(new Rule(ArmFaults::isStatusRead, new Hold(hold), times));
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

  /** The next what-if that completes ends {@code status: Failed} with this error (what-if must be served, see {@link ArmContract#whatIf}). */
  public synchronized ArmFaults failNextWhatIf(String code, String message) {
    nextWhatIfFailure = new DeploymentFailure(code, message);
    return this;
  }

  public synchronized void clear() {
    rules.clear();
    latency = Duration.ZERO;
    nextDeploymentFailure = null;
    nextWhatIfFailure = null;
  }

  public Duration latency() {
    return latency;
  }

  /** The fault to apply to this request, if any (consumes one occurrence). */
  public synchronized Optional<Fault> next(String method, String path) {
    String key = (method + " " + path).toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.remaining > 0 && rule.matches.test(key)) {
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

  synchronized Optional<DeploymentFailure> takeWhatIfFailure() {
    DeploymentFailure failure = nextWhatIfFailure;
    nextWhatIfFailure = null;
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
          case "404" -> notFound(p[1], Integer.parseInt(p[2]));
          case "hold" -> hold(p[1], Integer.parseInt(p[2]), Duration.ofMillis(Long.parseLong(p[3].replace("ms", ""))));
          case "reset" -> dropConnections(p[1], Integer.parseInt(p[2]));
          case "latency" -> latency(Duration.ofMillis(Long.parseLong(p[1].replace("ms", ""))));
          case "status-404" -> statusReadsNotFound(Integer.parseInt(p[1]));
          case "status-5xx" -> statusReadsFail(Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 503);
          case "status-hold" -> holdStatusReads(Integer.parseInt(p[1]), Duration.ofMillis(Long.parseLong(p[2].replace("ms", ""))));
          case "lro-fail" -> failNextDeploymentWithCseExit50();
          case "whatif-fail" -> failNextWhatIf("InvalidTemplate", "Deployment template validation failed (simulated what-if failure).");
          default -> throw new IllegalArgumentException("unknown fault '" + p[0]
              + "' (allowed: throttle, 5xx, reset, latency, lro-fail) or a read/LRO fault (404, hold, status-404, status-5xx, "
              + "status-hold, whatif-fail)");
        }
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new IllegalArgumentException("malformed fault '" + item.trim()
            + "' (forms: throttle:<match>:<times>:<seconds>, 5xx:<match>:<times>[:<status>], 404:<match>:<times>, "
            + "hold:<match>:<times>:<millis>, reset:<match>:<times>, latency:<millis>, status-404:<times>, "
            + "status-5xx:<times>[:<status>], status-hold:<times>:<millis>, lro-fail, whatif-fail)", e);
      }
    }
    return this;
  }
}
