package io.stamprelease.core.clients.hub;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The CA-bundle option users need for enterprise CAs is how the product trusts the simulated hub")
class TrustBundleTest {
  static SimulatedCloud cloud;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(1, HubSettings.fast());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  static String metadataUrl() {
    return cloud.hubs().get(0).arm().baseUrl() + "/metadata/endpoints?api-version=1.0";
  }

  @Test
  @DisplayName("with the hub's CA bundle file, an HTTPS call to the hub succeeds")
  void trustsBundle(@TempDir Path dir) throws Exception {
    // Given the CA file `stamp sim` writes
    Path caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, cloud.ca().caPem());
    // When
    try (HttpResponse response = ArmHttpClients.create(TrustBundle.fromPemFile(caFile, HubSpec.Field.CA_FILE))
        .sendSync(new HttpRequest(HttpMethod.GET, metadataUrl()), Context.NONE)) {
      // Then
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(response.getBodyAsBinaryData().toString()).contains("loginEndpoint");
    }
  }

  @Test
  @DisplayName("without it, the JVM defaults refuse the hub's certificate (no silent trust-all)")
  void refusesUnknownCa() {
    var client = ArmHttpClients.create(TrustBundle.systemDefault());
    assertThatThrownBy(() -> client.sendSync(new HttpRequest(HttpMethod.GET, metadataUrl()), Context.NONE).close())
        .hasStackTraceContaining("PKIX path building failed");
  }

  @Test
  @DisplayName("a file without certificates is refused with a message naming the caFile")
  void refusesGarbage(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("not-a-ca.pem");
    Files.writeString(bad, "hello");
    assertThatThrownBy(() -> TrustBundle.fromPemFile(bad, HubSpec.Field.CA_FILE)).isInstanceOf(io.stamprelease.core.input.InvalidInputException.class)
        .hasMessageContaining("caFile").hasMessageContaining("not-a-ca.pem").hasMessageContaining("BEGIN CERTIFICATE");
  }

  @Test
  @DisplayName("a missing file is refused with a message naming it")
  void refusesMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> TrustBundle.fromPemFile(dir.resolve("nope.pem"), HubSpec.Field.CA_FILE)).hasMessageContaining("caFile").hasMessageContaining("nope.pem");
  }
}
