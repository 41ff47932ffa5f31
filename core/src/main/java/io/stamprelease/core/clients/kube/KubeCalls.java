package io.stamprelease.core.clients.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import java.util.Optional;
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

  /** As {@link #translate(String, String, KubernetesClientException)} when the API server's URL is not at hand. */
  public static RuntimeException translate(String what, KubernetesClientException e) {
    return translate(what, null, e);
  }

  /**
   * The engine's error for a fabric8 failure: an API server that cannot be reached (DNS, TCP, TLS) or refuses the credentials
   * (401, or an RBAC 403) is an {@link io.stamprelease.core.engine.UnreachableException} told by {@link KubeErrors} (exit 3);
   * 429, 5xx, 409 and other I/O failures (a dropped connection, a read timeout) are transient; the rest stops the step.
   *
   * @param apiServer the kubeconfig's server ({@code KubernetesClient.getMasterUrl()}), or null
   */
  public static RuntimeException translate(String what, String apiServer, KubernetesClientException e) {
    int code = e.getCode();
    String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    if (code <= 0) {
      Optional<KubeErrors.Cause> cause = KubeErrors.causeOf(e);
      if (cause.isPresent()) {
        return KubeErrors.unreachable(apiServer, cause.get(), what, KubeErrors.rootMessage(e), e);
      }
      return new TransientException("Kubernetes API: cannot " + what + ": " + KubeErrors.rootMessage(e), e);
    }
    if (code == 401) {
      return KubeErrors.unreachable(apiServer, KubeErrors.Cause.UNAUTHORIZED, what, said, e);
    }
    if (code == 403 && KubeErrors.RBAC_DENIAL.matcher(String.valueOf(said)).find()) {
      return KubeErrors.unreachable(apiServer, KubeErrors.Cause.FORBIDDEN, what, said, e);
    }
    String message = "Kubernetes API: cannot " + what + ": " + said;
    if (code == 429 || code >= 500 || code == 409) {
      return new TransientException(message, e);
    }
    return new TerminalException(message, e);
  }
}
