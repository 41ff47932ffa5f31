package io.stamprelease.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** How the blocking runner waits until a task wants to be called again (a seam: tests use a fake clock). */
@FunctionalInterface
public interface Sleeper {
  void sleepUntil(Instant when, BooleanSupplier cancelled) throws InterruptedException;

  /** Real waiting, waking early when cancelled. */
  static Sleeper system(Clock clock) {
    return (when, cancelled) -> {
      while (!cancelled.getAsBoolean()) {
        Duration left = Duration.between(clock.instant(), when);
        if (left.isNegative() || left.isZero()) {
          return;
        }
        Thread.sleep(Math.min(left.toMillis() + 1, 200)); // a wait scheduled by the engine, not a test
      }
    };
  }
}
