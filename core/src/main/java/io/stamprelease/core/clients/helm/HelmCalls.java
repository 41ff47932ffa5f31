package io.stamprelease.core.clients.helm;

import io.stamprelease.core.clients.kube.KubeErrors;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one helm-java call. Helm runs as native Go code that can block forever (FACTS §5 #8), so every call
 * runs on its own daemon thread and the caller waits at most {@code timeout}: a hung call never keeps the JVM
 * (or a Jenkins executor) alive. Helm's errors arrive as {@link IllegalStateException} carrying Helm's message: an API server
 * that cannot be reached or refuses the credentials becomes {@link KubeErrors.ClusterUnreachableException} (exit 3), any
 * other error a {@link HelmException}.
 *
 * <p>The thread's context class loader is {@link HelmNativeLibrary#providerLoader()}: helm-java finds its native
 * library through it on the first call, whichever thread (a Jenkins Timer thread, an agent session) made the call.
 * While a call runs and after it, the JVM's handlers of SIGINT, SIGTERM and SIGQUIT are put back when Helm took them
 * ({@link HelmSignals}): otherwise Ctrl-C and {@code kill} no longer stop the JVM after a first install.
 */
public final class HelmCalls {
  static {
    // the linux-amd64 native jar is on the classpath; never download one at run time
    if (System.getProperty("com.marcnuri.jkube-helm.skipRemoteJar") == null) {
      System.setProperty("com.marcnuri.jkube-helm.skipRemoteJar", "true");
    }
  }

  /** How often the JVM's signal handlers are checked while a Helm call runs ({@link HelmSignals}). */
  static final Duration SIGNAL_CHECK = Duration.ofMillis(100);

  private HelmCalls() {
  }

  public static <T> T call(String what, Duration timeout, Callable<T> helmCall) {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "helm-" + what);
      thread.setDaemon(true);
      thread.setContextClassLoader(HelmNativeLibrary.providerLoader());
      return thread;
    });
    try {
      Future<T> future = executor.submit(helmCall);
      long deadline = System.nanoTime() + Math.max(1, timeout.toMillis()) * 1_000_000L;
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          return future.get(Math.min(left, SIGNAL_CHECK.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
          HelmSignals.restoreIfChanged(); // Helm's install takes SIGINT/SIGTERM/SIGQUIT from the JVM: give them back
        }
      }
    } catch (TimeoutException e) {
      throw new TransientException("helm " + what + " did not answer within " + timeout.toSeconds() + "s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalStateException ise) {
        // a cluster that cannot be reached or refuses us is exit 3, told as fabric8's failures are; anything else is Helm's no
        throw KubeErrors.fromHelm(null, "helm " + what, ise.getMessage(), ise).orElseThrow(() -> new HelmException(what, ise.getMessage()));
      }
      throw new TerminalException("helm " + what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TerminalException("interrupted while waiting for helm " + what);
    } finally {
      executor.shutdownNow();
      HelmSignals.restoreIfChanged();
    }
  }

  /** Helm said no (a rendering error, an API error, a missing chart): its message, as Helm printed it. */
  public static final class HelmException extends TerminalException {
    HelmException(String what, String message) {
      super("helm " + what + ": " + (message == null ? "failed" : message.strip()));
    }
  }
}
