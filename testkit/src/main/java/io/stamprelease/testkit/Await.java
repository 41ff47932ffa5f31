package io.stamprelease.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition of the simulation with a deadline (the simulated monitors and controllers act
 * asynchronously): checks every 50 ms, fails with what was awaited once the deadline passes. A check
 * that throws counts as "not yet".
 */
public final class Await {
  /** A condition that may need I/O to evaluate. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {
  }

  public static void until(String what, Duration timeout, Condition condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private static boolean holds(Condition condition) {
    try {
      return condition.holds();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    } catch (Exception e) {
      return false;
    }
  }
}
