package io.stamprelease.testkit.kubelet;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread runs every reconcile and every timer, so controllers never race each other. A key that is
 * already queued is not queued twice; a failing reconcile is logged and retried with a short back-off.
 */
final class ReconcileQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);
  private static final long MAX_RETRY_MS = 2_000;

  private final ScheduledExecutorService executor;
  private final Consumer<ResourceKey> reconciler;
  private final Set<ResourceKey> queued = new HashSet<>();
  private final Map<ResourceKey, ScheduledFuture<?>> timers = new HashMap<>(); // reconcile thread only
  private final Map<ResourceKey, Integer> failures = new HashMap<>();          // reconcile thread only
  private volatile boolean closed;

  ReconcileQueue(String name, Consumer<ResourceKey> reconciler) {
    this.reconciler = reconciler;
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    ex.setRemoveOnCancelPolicy(true);
    ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = ex;
  }

  /** Thread-safe; called from informer threads. */
  void enqueue(ResourceKey key) {
    synchronized (queued) {
      if (!queued.add(key)) {
        return;
      }
    }
    try {
      executor.execute(() -> run(key));
    } catch (RejectedExecutionException closed) {
      // shutting down
    }
  }

  /** Reconcile {@code key} again after {@code delay}; replaces an earlier timer for the same key. Reconcile thread only. */
  void enqueueAfter(ResourceKey key, Duration delay) {
    ScheduledFuture<?> old = timers.remove(key);
    if (old != null) {
      old.cancel(false);
    }
    try {
      timers.put(key, executor.schedule(() -> {
        timers.remove(key);
        enqueue(key);
      }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException closed) {
      // shutting down
    }
  }

  /** Runs {@code task} on the reconcile thread. */
  void execute(Runnable task) {
    executor.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("simulator task failed", e);
      }
    });
  }

  /** Runs {@code task} on the reconcile thread every {@code period}; a failure is logged, the next run still happens. */
  void every(Duration period, Runnable task) {
    executor.scheduleWithFixedDelay(() -> {
      if (closed) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("periodic simulator task failed: {}", e.toString());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run(ResourceKey key) {
    synchronized (queued) {
      queued.remove(key);
    }
    if (closed) {
      return;
    }
    try {
      reconciler.accept(key);
      failures.remove(key);
    } catch (RuntimeException e) {
      int n = failures.merge(key, 1, Integer::sum);
      long delay = Math.min(MAX_RETRY_MS, 50L << Math.min(n, 6));
      LOG.warn("reconcile of {} failed (attempt {}), retrying in {} ms: {}", key, n, delay, e.toString());
      LOG.debug("reconcile failure", e);
      enqueueAfter(key, Duration.ofMillis(delay));
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    try {
      // let an in-flight reconcile finish its API call rather than interrupting it half-way
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
