package io.stamprelease.core.clients.kube;

import io.stamprelease.core.clients.kube.KubeErrors.Cause;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Helm's (Go's) error texts are told apart: cannot reach or authenticate, or Helm's own no")
class KubeErrorsTest {
  @Test
  @DisplayName("Go's dial, TLS and credential errors are DNS, TCP, TLS, 401; the URL in the message names the API server")
  void helmCauses() {
    // Helm 3.21's messages, as helm-java 0.0.21 returned them against a missing host, a closed port, another CA, a refused token
    assertThat(KubeErrors.causeOf("Kubernetes cluster unreachable: Get \"https://no-such-host.invalid:6443/version\": dial tcp: lookup "
        + "no-such-host.invalid on 10.0.0.53:53: no such host")).contains(Cause.DNS);
    assertThat(KubeErrors.causeOf("Kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": dial tcp 127.0.0.1:1: connect: "
        + "connection refused")).contains(Cause.TCP);
    assertThat(KubeErrors.causeOf("Kubernetes cluster unreachable: Get \"https://10.1.2.3:443/version\": dial tcp 10.1.2.3:443: i/o timeout"))
        .contains(Cause.TCP);
    assertThat(KubeErrors.causeOf("Kubernetes cluster unreachable: Get \"https://127.0.0.1:43205/version\": tls: failed to verify certificate: "
        + "x509: certificate signed by unknown authority")).contains(Cause.TLS);
    assertThat(KubeErrors.causeOf("Kubernetes cluster unreachable: the server has asked for the client to provide credentials"))
        .contains(Cause.UNAUTHORIZED);
    assertThat(KubeErrors.causeOf("query: failed to query with labels: secrets is forbidden: User \"system:serviceaccount:ci:deployer\" "
        + "cannot list resource \"secrets\" in API group \"\" in the namespace \"apps\"")).contains(Cause.FORBIDDEN);
    assertThat(KubeErrors.serverIn("Get \"https://10.1.2.3:443/version\": dial tcp")).contains("https://10.1.2.3:443");
  }

  @Test
  @DisplayName("A chart's own errors — an admission 403, a missing CRD kind, a template error — stay Helm's")
  void chartErrorsAreNotUnreachable() {
    assertThat(KubeErrors.causeOf("pods \"web\" is forbidden: violates PodSecurity \"restricted:latest\": privileged")).isEmpty();
    assertThat(KubeErrors.causeOf("resource mapping not found for name: \"web\" namespace: \"\" from \"\": no matches for kind "
        + "\"Certificate\" in version \"cert-manager.io/v1\"")).isEmpty();
    assertThat(KubeErrors.causeOf("template: demo/templates/web.yaml:3:10: executing \"demo/templates/web.yaml\" at <.Values.x>: nil pointer"))
        .isEqualTo(Optional.empty());
  }
}
