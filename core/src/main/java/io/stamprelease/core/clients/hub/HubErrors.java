package io.stamprelease.core.clients.hub;

import io.stamprelease.core.engine.UnreachableException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/** Turns connection and authentication failures into messages a user can act on, naming hub and endpoint. */
final class HubErrors {
  private HubErrors() {
  }

  static UnreachableException unreachable(HubSpec spec, String what, Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String hint;
    if (anyInChain(error, t -> t instanceof SSLException || String.valueOf(t.getMessage()).contains("PKIX")
        || String.valueOf(t.getMessage()).contains("certification path"))) {
      hint = "its TLS certificate is not trusted; give the hub's CA bundle with caFile"
          + (spec.caFile() == null ? "" : " (the configured " + spec.caFile() + " does not cover it)");
    } else if (root instanceof UnknownHostException) {
      hint = "unknown host " + spec.armEndpoint().getHost() + "; check armEndpoint and DNS";
    } else if (root instanceof ConnectException || root instanceof HttpConnectTimeoutException) {
      hint = "connection refused or timed out; is this agent inside the hub's network"
          + (spec.proxy() == null ? "" : ", and is the proxy " + spec.proxy() + " right") + "?";
    } else {
      hint = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
    }
    return new UnreachableException("hub " + spec.name() + " (" + spec.armEndpoint() + "): " + what + ": " + hint, error);
  }

  /** True when azure-identity/MSAL refused the credential (the sync path wraps it in plain RuntimeExceptions). */
  static boolean isAuthenticationFailure(Throwable error) {
    return anyInChain(error, t -> t instanceof com.azure.core.exception.ClientAuthenticationException
        || t.getClass().getName().startsWith("com.microsoft.aad.msal4j."));
  }

  /** The deepest message of the chain, e.g. MSAL's {@code MSIS9622: Client authentication failed…}. */
  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return firstLine(String.valueOf(root.getMessage()));
  }

  private static boolean anyInChain(Throwable error, Predicate<Throwable> test) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(String s) {
    return s.lines().findFirst().orElse("");
  }
}
