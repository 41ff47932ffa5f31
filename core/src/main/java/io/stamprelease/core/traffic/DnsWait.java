package io.stamprelease.core.traffic;

import java.time.Duration;

/** How long to wait after a change, and the arithmetic behind it, so the log can show its working. */
public record DnsWait(Duration total, String formula) {

  /** {@code waiting 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout}. */
  public String describe() {
    return "waiting " + io.stamprelease.core.input.Durations.human(total) + " = " + formula;
  }
}
