package io.stamprelease.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The absolute deadline of the task running on this thread, so the clients it calls bound their own waits by it: a
 * request held by the server, the sleep before an HTTP retry. The engine sets it around every task execution (the way
 * gRPC propagates a deadline in its context); a call made outside a task has none and keeps its own limits.
 */
public final class Deadline {
  private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

  private final Instant at;
  private final Clock clock;

  private Deadline(Instant at, Clock clock) {
    this.at = at;
    this.clock = clock;
  }

  /** The deadline of the task running on this thread, if any. */
  public static Optional<Deadline> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  public Instant at() {
    return at;
  }

  /** The time left before the deadline; zero once it passed. */
  public Duration left() {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Sets the deadline of this thread until the scope is closed (then the previous one, if any, is back). */
  static Scope enter(Instant at, Clock clock) {
    Deadline previous = CURRENT.get();
    CURRENT.set(new Deadline(at, clock));
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** A deadline set on this thread; closing it restores the previous one. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
