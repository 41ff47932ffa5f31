package io.stamprelease.core.traffic;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers that decide how long a DNS-based change takes to be seen: the record TTL, and the
 * health monitor's probe interval, tolerated failures and probe timeout.
 */
public record DnsTiming(Duration ttl, Duration probeInterval, int toleratedFailures, Duration probeTimeout) {
  /** Traffic Manager's defaults: 30 s interval, 10 s timeout, 3 tolerated failures, with a 30 s TTL. */
  public static final DnsTiming TRAFFIC_MANAGER_DEFAULTS =
      new DnsTiming(Duration.ofSeconds(30), Duration.ofSeconds(30), 3, Duration.ofSeconds(10));

  public DnsTiming {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(probeInterval, "probeInterval");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    if (ttl.isNegative() || probeInterval.isNegative() || probeTimeout.isNegative() || toleratedFailures < 0) {
      throw new IllegalArgumentException("DNS timing values must not be negative: " + ttl + ", " + probeInterval + ", "
          + toleratedFailures + ", " + probeTimeout);
    }
  }
}
