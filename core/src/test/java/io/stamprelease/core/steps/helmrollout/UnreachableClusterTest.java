package io.stamprelease.core.steps.helmrollout;

import com.sun.net.httpserver.HttpServer;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.kube.KubeErrors;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("helmRollout against a cluster it cannot reach or that refuses it: UNREACHABLE (exit 3), saying which API server and what failed")
class UnreachableClusterTest {
  static final String CHART = Path.of("src/test/resources/charts/demo").toAbsolutePath().toString();
  static SimulatedCloud cloud;
  static HttpServer apiServer;
  static volatile int answer;

  @BeforeAll
  static void start() throws Exception {
    HelmProcessEnvironment.prepare();
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    // What kube-apiserver answers a request it cannot authenticate (401) and one RBAC refuses (403): the Status bodies of
    // k8s.io/apiserver's responsewriters (NewUnauthorized; forbiddenMessage "%s is forbidden: User %q cannot %s resource %q
    // in API group %q in the namespace %q").
    apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    apiServer.createContext("/", exchange -> {
      String body = answer == 401
          ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\","
              + "\"reason\":\"Unauthorized\",\"code\":401}"
          : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"secrets is forbidden: User "
              + "\\\"system:serviceaccount:ci:deployer\\\" cannot list resource \\\"secrets\\\" in API group \\\"\\\" in the namespace "
              + "\\\"apps\\\"\",\"reason\":\"Forbidden\",\"details\":{\"kind\":\"secrets\"},\"code\":403}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    apiServer.start();
  }

  @AfterAll
  static void stop() {
    apiServer.stop(0);
    cloud.close();
  }

  static String kubeconfig(String server, String caData) {
    return """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: '%s'%s}}]
        users: [{name: u, user: {token: not-a-valid-token}}]
        contexts: [{name: c, context: {cluster: c, user: u, namespace: apps}}]
        current-context: c
        """.formatted(server, caData == null ? "" : ", certificate-authority-data: " + caData);
  }

  static Outcome<HelmRolloutState> rollout(String kubeconfig) {
    HelmRolloutRequest request = new HelmRolloutInput().kubeconfigContents(kubeconfig).release("web").namespace("apps").chart(CHART)
        .timeout("1m").validate();
    try (HelmRollout rollout = new HelmRollout(request)) {
      Engine engine = Engine.system(e -> { });
      return engine.run(rollout.step(), engine.start(rollout.step(), rollout.initialState()), "seattle", new Engine.Cancellation());
    }
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @DisplayName("DNS: an API server host that does not resolve")
  void dns() {
    Outcome<HelmRolloutState> o = rollout(kubeconfig("https://api.no-such-stamp.invalid:6443", null));

    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.status().exitCode()).isEqualTo(3);
    assertThat(o.message()).startsWith("Kubernetes API server https://api.no-such-stamp.invalid:6443 (DNS): cannot run task plan of release "
        + "web in apps: its host name does not resolve").contains("is this agent inside the hub's network?", "no-such-stamp.invalid");
  }

  @Test
  @DisplayName("TCP: nothing listens on the API server's port")
  void tcp() throws Exception {
    int port = closedPort();

    Outcome<HelmRolloutState> o = rollout(kubeconfig("https://127.0.0.1:" + port, null));

    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.message()).startsWith("Kubernetes API server https://127.0.0.1:" + port + " (TCP): cannot run task plan of release web in "
        + "apps: no connection (refused or timed out); is this agent inside the hub's network, and is the cluster's API server up?");
  }

  @Test
  @DisplayName("TLS: the API server's certificate is not signed by the kubeconfig's CA")
  void tls() {
    String real = cloud.hub("seattle").cluster().kubeconfig("default");
    String server = real.lines().filter(l -> l.contains("server:")).findFirst().orElseThrow().replaceAll(".*server: *['\"]?([^'\"]+)['\"]?", "$1")
        .strip();
    String otherCa = Base64.getEncoder().encodeToString(TestCertificateAuthority.create("another-ca").caPem().getBytes(StandardCharsets.US_ASCII));

    Outcome<HelmRolloutState> o = rollout(kubeconfig(server, otherCa));

    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.message()).startsWith("Kubernetes API server " + server.replaceAll("/$", "") + " (TLS): cannot run task plan of release web in "
        + "apps: its TLS certificate is not trusted or does not match; the kubeconfig's certificate-authority-data must be the cluster's CA")
        .contains("inside the hub's network");
  }

  @Test
  @DisplayName("401: the API server refuses the kubeconfig's token")
  void unauthorized() {
    answer = 401;
    String server = "http://127.0.0.1:" + apiServer.getAddress().getPort();

    Outcome<HelmRolloutState> o = rollout(kubeconfig(server, null));

    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.message()).isEqualTo("Kubernetes API server " + server + " (401 Unauthorized): cannot run task plan of release web in apps: "
        + "the kubeconfig's credentials were refused (a wrong or expired token or client certificate); get a current kubeconfig for the "
        + "cluster (Unauthorized)");
  }

  @Test
  @DisplayName("403: RBAC does not let the kubeconfig's user read the release's records")
  void forbidden() {
    answer = 403;
    String server = "http://127.0.0.1:" + apiServer.getAddress().getPort();

    Outcome<HelmRolloutState> o = rollout(kubeconfig(server, null));

    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.message()).startsWith("Kubernetes API server " + server + " (403 Forbidden): cannot run task plan of release web in apps: "
        + "the kubeconfig's user is not allowed to; grant it the RBAC rights").contains("cannot list resource \"secrets\"");
  }

  @Test
  @DisplayName("Helm first (a dry run): an unreachable cluster and refused credentials are told the same way, naming the API server")
  void throughHelm() throws Exception {
    int port = closedPort();
    answer = 401;
    String authServer = "http://127.0.0.1:" + apiServer.getAddress().getPort();

    try (HelmRollout refused = new HelmRollout(new HelmRolloutInput().kubeconfigContents(kubeconfig("https://127.0.0.1:" + port, null))
        .release("web").namespace("apps").chart(CHART).dryRun(true).validate());
         HelmRollout unauthorized = new HelmRollout(new HelmRolloutInput().kubeconfigContents(kubeconfig(authServer, null)).release("web")
             .namespace("apps").chart(CHART).dryRun(true).validate())) {
      assertThatThrownBy(refused::dryRun).isInstanceOfSatisfying(KubeErrors.ClusterUnreachableException.class, e -> {
        assertThat(e.kind()).isEqualTo(KubeErrors.Cause.TCP);
        assertThat(e.getMessage()).startsWith("Kubernetes API server https://127.0.0.1:" + port + " (TCP): cannot helm upgrade --dry-run=server: ")
            .contains("inside the hub's network", "connection refused");
      });
      assertThatThrownBy(unauthorized::dryRun).isInstanceOfSatisfying(KubeErrors.ClusterUnreachableException.class, e -> {
        assertThat(e.kind()).isEqualTo(KubeErrors.Cause.UNAUTHORIZED);
        assertThat(e.getMessage()).startsWith("Kubernetes API server " + authServer + " (401 Unauthorized): cannot helm upgrade --dry-run=server: ");
      });
    }
  }
}
