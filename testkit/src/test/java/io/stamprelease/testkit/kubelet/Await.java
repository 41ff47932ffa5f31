package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition over several objects: re-checks on every watch event of {@code source}, with a deadline. */
final class Await {

  static <W, T> T until(Watchable<W> source, Supplier<T> probe, Predicate<T> ok, String what) {
    return until(source, probe, ok, Duration.ofSeconds(10), what);
  }

  static <W, T> T until(Watchable<W> source, Supplier<T> probe, Predicate<T> ok, Duration timeout, String what) {
    Semaphore changed = new Semaphore(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Watch ignored = source.watch(new Watcher<W>() {
      @Override
      public void eventReceived(Action action, W resource) {
        changed.release();
      }

      @Override
      public void onClose(WatcherException cause) {
        changed.release();
      }
    })) {
      T last = probe.get();
      while (!ok.test(last)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
        }
        // a watch event, or at the latest every 250 ms (time-based transitions may not touch the watched kind)
        changed.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
        changed.drainPermits();
        last = probe.get();
      }
      return last;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  private Await() {
  }
}
