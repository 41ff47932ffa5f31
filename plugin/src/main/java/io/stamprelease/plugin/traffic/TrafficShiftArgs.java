package io.stamprelease.plugin.traffic;

import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficShiftInput;
import io.stamprelease.core.traffic.TrafficShiftRequest;
import io.stamprelease.core.traffic.TrafficShiftValidator;
import io.stamprelease.core.validation.InvalidInputException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code trafficShift} arguments as they cross to the agent (plain values, no secret). Core's
 * {@link TrafficShiftValidator} judges them; its field names become the step's argument names.
 *
 * @param provider     azure-traffic-manager | f5-gtm (as given; core judges it)
 * @param hub          Traffic Manager: the configured hub whose subscription holds the profile
 * @param gslb         F5: the configured GSLB
 * @param profile      the profile id or F5 pool; null = the GSLB's pool (F5 only)
 * @param operation    core's operation: set-weights | drain | restore | shift
 * @param operationArg the argument that chose it: set | drain | restore | shiftTo
 * @param weights      {@code set:} (set-weights only)
 * @param stamp        {@code drain:}, {@code restore:} or {@code shiftTo:}
 * @param bake         null = none
 * @param waitOverride {@code wait:}; null = computed from the profile's DNS timing
 * @param reason       null until the build gives its default
 * @param actor        the user who started the build, else {@code jenkins}; null before the build is known
 */
public record TrafficShiftArgs(String provider, String hub, String gslb, String profile, String operation, String operationArg, String weights,
    String stamp, boolean raw, String drainMode, String steps, boolean partial, Duration bake, int maxStep, Duration waitOverride,
    Duration poll, String probeUrl, boolean dryRun, String reason, String actor) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The step's argument for each field name of core's validator. */
  private static final Map<String, String> ARGUMENTS = Map.of("maxStepPercent", "maxStep", "waitOverride", "wait", "weights", "set",
      "operation", "set/drain/restore/shiftTo");

  public boolean f5() {
    return ProviderType.F5_GTM.value().equals(provider);
  }

  /** The configured entry the step works with: the hub (Traffic Manager) or the GSLB (F5). */
  public String target() {
    return f5() ? gslb : hub;
  }

  /** The same arguments for one build: who started it and, when none was given, a reason naming the build. */
  public TrafficShiftArgs forBuild(String buildActor, String buildId) {
    String why = reason != null ? reason : "Jenkins " + buildId + ": trafficShift " + operation + (stamp == null ? "" : " " + stamp);
    return new TrafficShiftArgs(provider, hub, gslb, profile, operation, operationArg, weights, stamp, raw, drainMode, steps, partial, bake,
        maxStep, waitOverride, poll, probeUrl, dryRun, why, buildActor);
  }

  /** What core validates, for {@code profileId} (the given profile, or the GSLB's pool). */
  public TrafficShiftInput input(String profileId) {
    return new TrafficShiftInput(operation, provider, profileId, weights, raw, stamp, steps, partial, drainMode, bake, maxStep, waitOverride,
        actor == null ? "jenkins" : actor, reason);
  }

  /**
   * Core's validation plus the profile's shape for its provider (what {@code TrafficManagerProvider} and
   * {@code F5GtmProvider} would refuse later): every problem in one {@link InvalidInputException} that names the step's
   * arguments ({@code set}, {@code drain}, {@code maxStep}, {@code wait} …) instead of core's field names.
   */
  public TrafficShiftRequest request(String profileId) {
    List<String> problems = new ArrayList<>();
    TrafficShiftRequest request = null;
    try {
      request = TrafficShiftValidator.validate(input(profileId));
    } catch (InvalidInputException e) {
      problems.addAll(e.problems());
    }
    if (profileId != null && !profileId.isBlank()) {
      if (ProviderType.AZURE_TRAFFIC_MANAGER.value().equals(provider) && !profileId.trim().toLowerCase().startsWith("/subscriptions/")) {
        problems.add("profile: must be a Traffic Manager profile id /subscriptions/<id>/resourceGroups/<group>/providers/"
            + "Microsoft.Network/trafficManagerProfiles/<name> (was '" + profileId + "')");
      }
      if (f5() && !profileId.trim().matches("/[^/]+/[^/]+")) {
        problems.add("profile: must be an F5 pool /<partition>/<pool>, e.g. /Common/app (was '" + profileId + "')");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(TrafficShiftStep.NAME, argumentNames(problems));
    }
    return request;
  }

  /** {@code maxStepPercent: …} → {@code maxStep: …}, {@code stamp: …} → {@code drain: …} (or restore, shiftTo); other problems unchanged. */
  public List<String> argumentNames(List<String> problems) {
    List<String> out = new ArrayList<>();
    for (String p : problems) {
      int colon = p.indexOf(": ");
      String field = colon < 0 ? null : p.substring(0, colon);
      String argument = "stamp".equals(field) ? operationArg : field == null ? null : ARGUMENTS.get(field);
      out.add(argument == null ? p : argument + p.substring(colon));
    }
    return out;
  }
}
