package io.stamprelease.plugin.offline;

import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.SecretSource;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.plugin.hubs.AgentHub;
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
    AgentHub hub = Serialization.roundTrip(new AgentHub("seattle", "https://management.seattle.example", "adfs", "adfs", "sub-1", "app-1",
        "s3cr3t-value".toCharArray(), null, null, null, null, null, null));
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
}
