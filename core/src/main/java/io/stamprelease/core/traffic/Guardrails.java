package io.stamprelease.core.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a proposed change may be sent. Pure: given what the provider reported and what we want,
 * it lists every rule the change breaks (empty = may be sent), each naming the endpoint, its status and
 * weight, and the rule. Warnings are things the user must know but that do not stop the change.
 */
public final class Guardrails {
  private Guardrails() {
  }

  public static List<String> check(TrafficState current, TrafficChange proposed, GuardrailPolicy policy) {
    List<String> violations = new ArrayList<>();
    for (String name : proposed.desired().keySet()) {
      if (current.endpoint(name).isEmpty()) {
        violations.add("endpoint '" + name + "': not in profile " + current.profile() + " (endpoints: "
            + String.join(", ", current.names()) + "); rule: unknown endpoints are refused");
      }
    }
    if (!violations.isEmpty()) {
      return violations; // nothing else can be judged on a change that names endpoints we cannot see
    }
    TrafficState after = predict(current, proposed);
    boolean lastHealthyReported = false;
    for (Map.Entry<String, EndpointSetting> entry : proposed.desired().entrySet()) {
      EndpointState before = current.endpoint(entry.getKey()).orElseThrow();
      EndpointSetting wanted = entry.getValue();
      noWeightUpOntoUnhealthy(before, wanted, violations);
      lastHealthyReported |= notTheLastHealthy(before, wanted, after, violations);
    }
    // The general net, for whatever the specific rule above does not name (it already says "last healthy").
    if (!current.serving().isEmpty() && after.serving().isEmpty() && !lastHealthyReported) {
      violations.add("no endpoint would be serving (enabled and Online) after this change: " + describeAll(after)
          + "; rule: never leave zero serving endpoints");
    }
    noShareUpOntoUnhealthy(current, after, violations);
    withinMaxStep(current, after, policy, violations);
    return List.copyOf(violations);
  }

  /** What the user should hear even though the change is allowed. */
  public static List<String> warnings(TrafficState current, TrafficChange proposed) {
    List<String> warnings = new ArrayList<>();
    if (proposed.desired().keySet().stream().anyMatch(n -> current.endpoint(n).isEmpty())) {
      return warnings;
    }
    TrafficState after = predict(current, proposed);
    if (EffectiveShares.of(after).allDegradedFallback()) {
      warnings.add("all enabled endpoints are Degraded (" + String.join(", ",
          after.endpoints().stream().filter(EndpointState::enabled).map(EndpointState::name).toList())
          + "): Traffic Manager returns all of them, ignoring health");
    }
    proposed.desired().forEach((name, wanted) -> {
      EndpointState before = current.endpoint(name).orElseThrow();
      if (!before.enabled() && wanted.enabled()) {
        warnings.add("endpoint '" + name + "' (" + before.monitor() + ") is enabled at weight " + wanted.weight()
            + " only to be probed; wait until it is Online before giving it traffic");
      }
    });
    return List.copyOf(warnings);
  }

  /**
   * The profile as the provider will report it after the change: a newly disabled endpoint shows Disabled, a newly
   * enabled one CheckingEndpoint — whatever its status said while disabled, it was not being probed.
   */
  static TrafficState predict(TrafficState current, TrafficChange change) {
    TrafficState after = current.with(change);
    return after.withEndpoints(after.endpoints().stream().map(e -> {
      boolean was = current.endpoint(e.name()).orElseThrow().enabled();
      return was && !e.enabled() ? e.withMonitor(MonitorStatus.Disabled)
          : !was && e.enabled() ? e.withMonitor(MonitorStatus.CheckingEndpoint) : e;
    }).toList());
  }

  private static void noWeightUpOntoUnhealthy(EndpointState before, EndpointSetting wanted, List<String> violations) {
    if (before.serving() || !wanted.enabled()) {
      return;
    }
    if (!before.enabled() && wanted.weight() != Weights.MIN_WEIGHT) {
      // A disabled endpoint is not probed, so its health is unknown: enable it at the minimum and let the monitor speak.
      violations.add(describe(before) + ": cannot be enabled at weight " + wanted.weight() + " while its health is unknown; rule: a "
          + "disabled endpoint may only be enabled at the minimum weight " + Weights.MIN_WEIGHT + " (to be probed)");
    } else if (before.enabled() && wanted.weight() > before.weight()) {
      violations.add(describe(before) + ": weight " + before.weight() + " → " + wanted.weight()
          + "; rule: never shift weight up onto an endpoint that is not Online");
    }
  }

  /**
   * Weights are not the whole story: when no enabled endpoint is Online but all are Degraded, Traffic Manager answers
   * with all of them, so lowering or disabling one endpoint raises the share of the others. Refuse that too.
   */
  private static void noShareUpOntoUnhealthy(TrafficState current, TrafficState after, List<String> violations) {
    EffectiveShares was = EffectiveShares.of(current);
    EffectiveShares will = EffectiveShares.of(after);
    for (EndpointState e : current.endpoints()) {
      if (!e.serving() && will.of(e.name()) > was.of(e.name()) + 1e-9) {
        violations.add(describe(e) + ": share " + pct(was.of(e.name())) + " → " + pct(will.of(e.name()))
            + (will.allDegradedFallback() ? " (all enabled endpoints Degraded: Traffic Manager answers with all of them)" : "")
            + "; rule: never shift traffic up onto an endpoint that is not Online");
      }
    }
  }

  private static boolean notTheLastHealthy(EndpointState before, EndpointSetting wanted, TrafficState after, List<String> violations) {
    boolean drained = !wanted.enabled() || (wanted.weight() == Weights.MIN_WEIGHT && before.weight() > Weights.MIN_WEIGHT);
    if (!before.serving() || !drained) {
      return false;
    }
    boolean othersServe = after.serving().stream().anyMatch(e -> !e.name().equals(before.name()));
    if (!othersServe) {
      violations.add(describe(before) + ": no other endpoint is serving (enabled and Online) to take its traffic; "
          + "rule: never drain the last healthy endpoint");
    }
    return !othersServe;
  }

  private static void withinMaxStep(TrafficState current, TrafficState after, GuardrailPolicy policy, List<String> violations) {
    EffectiveShares was = EffectiveShares.of(current);
    EffectiveShares will = EffectiveShares.of(after);
    for (EndpointState e : current.endpoints()) {
      double delta = Math.abs(will.of(e.name()) - was.of(e.name()));
      if (delta > policy.maxStepPercent() + GuardrailPolicy.ROUNDING_SLACK_POINTS) {
        violations.add(describe(e) + ": share " + pct(was.of(e.name())) + " → " + pct(will.of(e.name())) + " moves "
            + pct(delta).replace("%", "") + " points; rule: at most " + policy.maxStepPercent() + " points per change (max step size)");
      }
    }
  }

  static String describe(EndpointState e) {
    return "endpoint '" + e.name() + "' (" + e.monitor() + ", " + (e.enabled() ? "enabled" : "disabled") + ", weight " + e.weight() + ")";
  }

  private static String describeAll(TrafficState state) {
    return String.join(", ", state.endpoints().stream()
        .map(e -> e.name() + " " + e.monitor() + "/" + (e.enabled() ? "enabled" : "disabled")).toList());
  }

  private static String pct(double p) {
    return String.format(Locale.ROOT, "%.1f%%", p);
  }
}
