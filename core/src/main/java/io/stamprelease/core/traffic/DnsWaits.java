package io.stamprelease.core.traffic;

import io.stamprelease.core.input.Durations;
import java.time.Duration;

/**
 * Waits that follow DNS physics. A weight change is seen once cached answers expire (TTL). An
 * enable/disable, or any monitor-status transition, is seen once the monitor has made up its mind
 * ({@code interval × (tolerated + 1) + timeout}) and the caches have expired after that (TTL).
 */
public final class DnsWaits {
  private DnsWaits() {
  }

  public static DnsWait afterWeightChange(DnsTiming t) {
    return new DnsWait(t.ttl(), "TTL " + Durations.human(t.ttl()));
  }

  /** Until the monitor reports the new status (probing only; clients have not seen it yet). */
  public static DnsWait forMonitorTransition(DnsTiming t) {
    return new DnsWait(probing(t), probingFormula(t));
  }

  /** Until clients see an enable/disable: probing, then one TTL. */
  public static DnsWait afterEnableOrDisable(DnsTiming t) {
    return new DnsWait(t.ttl().plus(probing(t)), "TTL " + Durations.human(t.ttl()) + " + " + probingFormula(t));
  }

  /** The wait a change needs: enable/disable of any endpoint needs the monitor, pure weight changes only the TTL. */
  public static DnsWait after(TrafficState before, TrafficChange change) {
    boolean toggles = change.desired().entrySet().stream().anyMatch(e -> before.endpoint(e.getKey())
        .map(s -> s.enabled() != e.getValue().enabled()).orElse(false));
    return toggles ? afterEnableOrDisable(before.timing()) : afterWeightChange(before.timing());
  }

  /** A user's duration replaces the computed one; the log still says what DNS timing would have asked for. */
  public static DnsWait overridden(DnsWait computed, Duration override) {
    if (override == null) {
      return computed;
    }
    if (override.isNegative()) {
      throw new IllegalArgumentException("wait override must not be negative, got " + override);
    }
    return new DnsWait(override, Durations.human(override) + " (user override; DNS timing gives " + Durations.human(computed.total()) + " = "
        + computed.formula() + ")");
  }

  private static Duration probing(DnsTiming t) {
    return t.probeInterval().multipliedBy(t.toleratedFailures() + 1L).plus(t.probeTimeout());
  }

  private static String probingFormula(DnsTiming t) {
    return Durations.human(t.probeInterval()) + " × (" + t.toleratedFailures() + " + 1) + " + Durations.human(t.probeTimeout()) + " timeout";
  }

}
