package io.stamprelease.testkit.kubelet;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the simulated cluster.
 *
 * @param podStartDelay    from a pod being bound to a node until its containers run (image pull + create)
 * @param readinessDelay   from running until Ready (first successful readiness probe)
 * @param crashBackoffBase first CrashLoopBackOff / ImagePullBackOff delay; doubles per restart, capped at 30x
 * @param tick             safety-net resync period (everything is re-reconciled from the API); null = 2 s
 */
public record SimulatorSettings(Duration podStartDelay, Duration readinessDelay, Duration crashBackoffBase, Duration tick) {

  public SimulatorSettings {
    Objects.requireNonNull(podStartDelay, "podStartDelay");
    Objects.requireNonNull(readinessDelay, "readinessDelay");
    Objects.requireNonNull(crashBackoffBase, "crashBackoffBase");
    if (tick == null) {
      tick = Duration.ofSeconds(2);
    }
  }

  /** For tests: a healthy pod is Ready ~300 ms after it was created. */
  public static SimulatorSettings fast() {
    return new SimulatorSettings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1));
  }

  /** For demos: close to a small real cluster (kubelet's CrashLoopBackOff starts at 10 s). */
  public static SimulatorSettings realistic() {
    return new SimulatorSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }
}
