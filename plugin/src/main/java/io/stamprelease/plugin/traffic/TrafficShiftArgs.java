package io.stamprelease.plugin.traffic;

import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.traffic.ProviderType;
import java.io.Serializable;

/**
 * The {@code trafficShift} arguments as they cross to the agent and are persisted with the execution: core's
 * {@link TrafficShiftInput} (plain text, no secret) and what only Jenkins has — which configured connection to use
 * (a hub for Traffic Manager, a GSLB for F5) and whether to stop after the plan.
 *
 * @param hub  Traffic Manager: the configured hub whose subscription holds the profile
 * @param gslb F5: the configured GSLB
 */
public record TrafficShiftArgs(TrafficShiftInput input, String hub, String gslb, boolean dryRun) implements Serializable {
  private static final long serialVersionUID = 1L;

  public boolean f5() {
    return input.providerType() == ProviderType.F5_GTM;
  }

  /** The configured entry the step works with: the hub (Traffic Manager) or the GSLB (F5). */
  public String target() {
    return f5() ? gslb : hub;
  }

  /** The same arguments for one build: who started it and, when none was given, a reason naming the build. */
  public TrafficShiftArgs forBuild(String buildActor, String buildId) {
    input.actor(buildActor);
    if (input.reason() == null) {
      input.reason("Jenkins " + buildId + ": trafficShift " + input.operation().value() + (input.stamp() == null ? "" : " " + input.stamp()));
    }
    return this;
  }

  /** The stamp a drain, restore or shift names, or null. */
  public String stamp() {
    return input.stamp();
  }
}
