package io.stamprelease.core.clients.kube;

import io.stamprelease.core.engine.UnreachableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * A cluster's API server that cannot be reached or refuses our credentials, told so a user can act: which API server,
 * what failed — DNS, TCP, TLS, 401 or 403 — and what to check, as {@code clients.hub.HubErrors} does for a hub's ARM.
 * The same causes are recognised in fabric8's exceptions (Java's exception types) and in Helm's messages (Go's error
 * texts: {@code dial tcp …: no such host}, {@code connect: connection refused}, {@code x509: …}, {@code Unauthorized}).
 */
public final class KubeErrors {
  /** What failed. */
  public enum Cause {
    DNS("DNS"), TCP("TCP"), TLS("TLS"), UNAUTHORIZED("401 Unauthorized"), FORBIDDEN("403 Forbidden");

    private final String label;

    Cause(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final Pattern URL_IN_GO_ERROR = Pattern.compile("\"(https?://[^/\"]+)[^\"]*\"");
  /** The API server's RBAC refusal; a 403 of an admission policy (PodSecurity, a webhook) is the chart's problem, not this. */
  static final Pattern RBAC_DENIAL = Pattern.compile("is forbidden: User \"[^\"]*\" cannot ");
  private static final String NETWORK = "is this agent inside the hub's network";

  private KubeErrors() {
  }

  /** The cause of a Java failure (fabric8's client), from its exception chain; empty when it is none of them. */
  public static Optional<Cause> causeOf(Throwable error) {
    if (anyInChain(error, t -> t instanceof SSLException || t instanceof CertificateException)) {
      return Optional.of(Cause.TLS);
    }
    if (anyInChain(error, t -> t instanceof UnknownHostException)) {
      return Optional.of(Cause.DNS);
    }
    if (anyInChain(error, t -> t instanceof ConnectException || t instanceof NoRouteToHostException
        || t.getClass().getName().endsWith("ConnectTimeoutException")
        || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase().contains("connect"))) {
      return Optional.of(Cause.TCP);
    }
    return Optional.empty();
  }

  /** The cause of a Helm (Go) error message; empty when it is none of them. */
  public static Optional<Cause> causeOf(String helmMessage) {
    String m = helmMessage == null ? "" : helmMessage;
    if (m.contains("x509:") || m.contains("tls:")) {
      return Optional.of(Cause.TLS);
    }
    if (m.contains("no such host") || m.contains("server misbehaving") && m.contains("lookup ")) {
      return Optional.of(Cause.DNS);
    }
    if (m.contains("connection refused") || m.contains("no route to host") || m.contains("network is unreachable")
        || m.contains("dial tcp") && (m.contains("i/o timeout") || m.contains("connect:"))) {
      return Optional.of(Cause.TCP);
    }
    if (m.contains("Unauthorized") || m.contains("provide credentials")) {
      return Optional.of(Cause.UNAUTHORIZED);
    }
    if (RBAC_DENIAL.matcher(m).find()) {
      return Optional.of(Cause.FORBIDDEN);
    }
    return Optional.empty();
  }

  /** The API server a Go error names ({@code Get "https://host:6443/version": …}), if it names one. */
  static Optional<String> serverIn(String helmMessage) {
    Matcher m = URL_IN_GO_ERROR.matcher(helmMessage == null ? "" : helmMessage);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * {@code Kubernetes API server https://10.0.0.4:443 (TCP): cannot list the release records: no connection (refused or
   * timed out); is this agent inside the hub's network, and is the cluster's API server up? (connection refused)}
   *
   * @param apiServer the kubeconfig's server, or null when unknown (see {@link ClusterUnreachableException#at})
   * @param what      what was being done ({@code list the release records of web})
   * @param detail    the library's own words (first line), e.g. {@code x509: certificate signed by unknown authority}
   */
  public static ClusterUnreachableException unreachable(String apiServer, Cause cause, String what, String detail, Throwable error) {
    return new ClusterUnreachableException(apiServer, cause, what, detail, error);
  }

  /** An API server that cannot be reached or refuses us (CLI exit 3), with what failed. */
  public static final class ClusterUnreachableException extends UnreachableException {
    private static final long serialVersionUID = 1L;
    private final String apiServer;
    private final Cause kind;
    private final String what;
    private final String detail;

    ClusterUnreachableException(String apiServer, Cause kind, String what, String detail, Throwable error) {
      super(message(apiServer, kind, what, detail), error);
      this.apiServer = apiServer;
      this.kind = kind;
      this.what = what;
      this.detail = detail;
    }

    public Cause kind() {
      return kind;
    }

    /** The API server named, or null when the failing library did not say and the caller has not told it yet. */
    public String apiServer() {
      return apiServer;
    }

    /** The same failure naming {@code server} when it named none (a Helm error without a URL, e.g. 401). */
    public ClusterUnreachableException at(String server) {
      return apiServer != null || server == null ? this : new ClusterUnreachableException(server, kind, what, detail, getCause());
    }

    private static String message(String apiServer, Cause cause, String what, String detail) {
      String server = apiServer == null ? "the cluster's API server" : "Kubernetes API server " + stripSlash(apiServer);
      String hint = switch (cause) {
        case DNS -> "its host name does not resolve; check the kubeconfig's server and this agent's DNS: " + NETWORK + "?";
        case TCP -> "no connection (refused or timed out); " + NETWORK + ", and is the cluster's API server up?";
        case TLS -> "its TLS certificate is not trusted or does not match; the kubeconfig's certificate-authority-data must be the "
            + "cluster's CA, and the server its address (" + NETWORK + ", or is a proxy in between?)";
        case UNAUTHORIZED -> "the kubeconfig's credentials were refused (a wrong or expired token or client certificate); get a "
            + "current kubeconfig for the cluster";
        case FORBIDDEN -> "the kubeconfig's user is not allowed to; grant it the RBAC rights Helm needs in the release's namespace";
      };
      String said = detail == null || detail.isBlank() ? "" : " (" + firstLine(detail) + ")";
      return server + " (" + cause.label() + "): cannot " + what + ": " + hint + said;
    }
  }

  /** A Helm error, when it is one of the causes: the API server is the one the message names, else {@code apiServer}. */
  public static Optional<ClusterUnreachableException> fromHelm(String apiServer, String what, String helmMessage, Throwable error) {
    return causeOf(helmMessage).map(cause -> unreachable(serverIn(helmMessage).orElse(apiServer), cause, what, helmMessage, error));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  static boolean anyInChain(Throwable error, Predicate<Throwable> test) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
