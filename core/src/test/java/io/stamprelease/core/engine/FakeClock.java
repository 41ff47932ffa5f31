package io.stamprelease.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; its sleeper jumps instead of waiting. */
final class FakeClock extends Clock {
  private Instant now = Instant.parse("2026-11-21T10:00:00Z");

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  Sleeper sleeper() {
    return (when, cancelled) -> {
      if (when.isAfter(now)) {
        now = when;
      }
    };
  }
}
