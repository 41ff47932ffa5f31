package io.stamprelease.core.clients.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.engine.UnreachableException;
import java.util.function.Supplier;

/** Turns fabric8's exceptions into the engine's error types, naming what was being done. */
public final class KubeCalls {
  private KubeCalls() {
  }

  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw translate(what, e);
    }
  }

  public static void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  public static RuntimeException translate(String what, KubernetesClientException e) {
    int code = e.getCode();
    String message = "Kubernetes API: cannot " + what + ": " + (e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() : e.getMessage());
    if (code == 0 || code == 401 || code == 403) {
      return new UnreachableException(message, e);
    }
    if (code == 429 || code >= 500 || code == 409) {
      return new TransientException(message, e);
    }
    return new TerminalException(message, e);
  }
}
