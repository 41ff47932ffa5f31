package io.stamprelease.plugin.offline;

import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.IdentitySystem;
import io.stamprelease.core.clients.hub.SecretSource;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.HubEntry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A visit's secret files on the agent live in the agent JVM's run directory, which a later JVM sweeps after a SIGKILL")
class AgentPrivateDirTest {
  @Test
  @DisplayName("Given a hub with a client secret, when a visit materializes it, then the secret is a 0600 file in a 0700 directory of "
      + "the run directory, and it is gone when the visit ends")
  void privateDirInTheRunDirectory() throws Exception {
    // Given
    AgentHub hub = Serialization.roundTrip(AgentHub.withSecret(new AgentHub.Endpoint("seattle",
        URI.create("https://management.seattle.example"), IdentitySystem.ADFS, "adfs", "sub-1", null, null, null, ApiProfile.HYBRID_2020_09_01),
        "app-1", "s3cr3t-value".toCharArray()));
    Path privateDir = AgentHub.newPrivateDir();

    // When
    HubSpec spec = hub.materialize(privateDir);

    // Then
    assertThat(privateDir.getParent()).isEqualTo(RunDirectory.current().path());
    assertThat(Files.getPosixFilePermissions(privateDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    Path secret = ((SecretSource.FromFile) spec.clientSecret()).file();
    assertThat(secret.getParent()).isEqualTo(privateDir);
    assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    // When the visit ends
    AgentHub.deletePrivate(privateDir);

    // Then
    assertThat(privateDir).doesNotExist();
  }

  @Test
  @DisplayName("Given a configured hub entry, when its connection crosses to the agent and is materialized, then core gets the identity "
      + "system, API profile, proxy and CA as configured (parsed on the controller)")
  void hubEntryCrossesParsed() throws Exception {
    // Given
    HubEntry entry = new HubEntry("seattle", "https://management.seattle.example/", "AzureAD", "00000000-0000-0000-0000-000000000001", "sp");
    entry.setTenant("contoso.onmicrosoft.com");
    entry.setApiProfile("latest");
    entry.setProxy("proxy.corp:3128");
    entry.setNoProxy("10.0.0.0/8, .corp");
    entry.setCaCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    assertThat(entry.problems()).isEmpty();
    AgentHub hub = Serialization.roundTrip(AgentHub.withSecret(entry.endpoint(), "app-1", "s3cr3t-value".toCharArray()));
    Path privateDir = AgentHub.newPrivateDir();
    try {
      // When
      HubSpec spec = hub.materialize(privateDir);
      // Then
      assertThat(spec.identitySystem()).isEqualTo(IdentitySystem.AZURE_AD);
      assertThat(spec.apiProfile()).isEqualTo(ApiProfile.PUBLIC_AZURE);
      assertThat(spec.armEndpoint()).isEqualTo(URI.create("https://management.seattle.example/"));
      assertThat(spec.tenant()).isEqualTo("contoso.onmicrosoft.com");
      assertThat(spec.clientId()).isEqualTo("app-1");
      assertThat(spec.proxy().proxy()).isEqualTo(URI.create("http://proxy.corp:3128"));
      assertThat(spec.proxy().noProxy()).containsExactly("10.0.0.0/8", ".corp");
      assertThat(Files.readString(spec.caFile())).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(hub.toString()).contains("AZURE_AD").doesNotContain("s3cr3t-value");
    } finally {
      AgentHub.deletePrivate(privateDir);
    }
  }
}
