package io.stamprelease.testkit;

import io.stamprelease.testkit.arm.ArmTimings;
import io.stamprelease.testkit.arm.IdentitySystem;
import io.stamprelease.testkit.kubelet.SimulatorSettings;
import java.time.Duration;

/**
 * How a simulated cloud behaves in time. {@link #fast()} is for tests; {@link #demo()} keeps every phase
 * visible to a person watching while staying well under a minute for a whole release.
 *
 * @param arm          deployment/delete durations and Retry-After
 * @param kubelet      pod start/readiness/crash back-off timings
 * @param nodeBootDelay time from a VM's creation to its Node joining Ready
 * @param probePeriod  real-time period of Traffic Manager endpoint probes
 */
public record HubSettings(ArmTimings arm, SimulatorSettings kubelet, Duration nodeBootDelay, Duration probePeriod) {

  public static HubSettings fast() {
    return new HubSettings(ArmTimings.fast(), SimulatorSettings.fast(), Duration.ofMillis(200), Duration.ofMillis(200));
  }

  public static HubSettings demo() {
    return new HubSettings(new ArmTimings(Duration.ofSeconds(2), Duration.ofMillis(800), 1), SimulatorSettings.realistic(),
        Duration.ofMillis(500), Duration.ofMillis(500));
  }

  /** Hubs alternate identity systems so both paths are always exercised: odd hubs ADFS, even hubs Azure AD. */
  static IdentitySystem identityOf(int hubIndex) {
    return hubIndex % 2 == 0 ? IdentitySystem.ADFS : IdentitySystem.AZURE_AD;
  }
}
