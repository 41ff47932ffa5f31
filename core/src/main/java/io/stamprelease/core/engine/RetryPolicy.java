package io.stamprelease.core.engine;

import java.time.Duration;

/**
 * Backoff for transient errors: the n-th consecutive error waits {@code min(base * 2^(n-1), max)};
 * after {@code maxConsecutiveErrors} the step fails with the last error's message.
 */
public record RetryPolicy(Duration base, Duration max, int maxConsecutiveErrors) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6);

  public Duration delayFor(int consecutiveErrors) {
    long factor = 1L << Math.min(20, Math.max(0, consecutiveErrors - 1));
    Duration d = base.multipliedBy(factor);
    return d.compareTo(max) > 0 ? max : d;
  }
}
