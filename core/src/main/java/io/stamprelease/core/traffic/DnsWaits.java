package io.stamprelease.core.traffic;

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
    return new DnsWait(t.ttl(), "TTL " + human(t.ttl()));
  }

  /** Until the monitor reports the new status (probing only; clients have not seen it yet). */
  public static DnsWait forMonitorTransition(DnsTiming t) {
    return new DnsWait(probing(t), probingFormula(t));
  }

  /** Until clients see an enable/disable: probing, then one TTL. */
  public static DnsWait afterEnableOrDisable(DnsTiming t) {
    return new DnsWait(t.ttl().plus(probing(t)), "TTL " + human(t.ttl()) + " + " + probingFormula(t));
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
    return new DnsWait(override, human(override) + " (user override; DNS timing gives " + human(computed.total()) + " = "
        + computed.formula() + ")");
  }

  private static Duration probing(DnsTiming t) {
    return t.probeInterval().multipliedBy(t.toleratedFailures() + 1L).plus(t.probeTimeout());
  }

  private static String probingFormula(DnsTiming t) {
    return human(t.probeInterval()) + " × (" + t.toleratedFailures() + " + 1) + " + human(t.probeTimeout()) + " timeout";
  }

  /** {@code 2m40s}, {@code 30s}, {@code 1h5m}, {@code 0s}; sub-second parts as {@code 1.5s}. */
  static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long hours = d.toHours();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (d.toMinutesPart() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    if (d.toMillisPart() > 0) {
      sb.append(d.toSecondsPart()).append('.').append(String.format("%03d", d.toMillisPart()).replaceAll("0+$", "")).append('s');
    } else if (d.toSecondsPart() > 0) {
      sb.append(d.toSecondsPart()).append('s');
    }
    return sb.toString();
  }
}
