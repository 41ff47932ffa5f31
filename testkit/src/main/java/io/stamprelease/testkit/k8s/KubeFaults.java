package io.stamprelease.testkit.k8s;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Faults the simulated API server can be told to show. All methods are thread-safe and take effect at once. */
public final class KubeFaults {

  private final WatchRegistry watches;
  private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus;

  KubeFaults(WatchRegistry watches) {
    this.watches = watches;
  }

  /** Closes every open watch as a dropped connection would; clients are expected to re-list and watch again. */
  public int cutWatches() {
    return watches.closeAll();
  }

  /**
   * Waits for at least {@code count} open watches, e.g. for an informer to (re)connect before or after
   * {@link #cutWatches()}. @return false when {@code timeout} passed first
   */
  public boolean awaitOpenWatches(int count, Duration timeout) throws InterruptedException {
    return watches.awaitOpen(count, timeout);
  }

  /** Delays every later response but watch upgrades by {@code delay} ({@link Duration#ZERO} to stop). */
  public KubeFaults latency(Duration delay) {
    latency.set(delay);
    return this;
  }

  /** The next {@code count} requests that are not watches fail with {@code httpStatus} and a Status body. */
  public KubeFaults failNext(int count, int httpStatus) {
    failureStatus = httpStatus;
    failuresLeft.set(count);
    return this;
  }

  /** Clears latency and pending failures. */
  public void reset() {
    latency(Duration.ZERO);
    failuresLeft.set(0);
  }

  Duration latency() {
    return latency.get();
  }

  /** @return the status to fail this request with, or 0 to serve it */
  int takeFailure() {
    return failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? failureStatus : 0;
  }
}
