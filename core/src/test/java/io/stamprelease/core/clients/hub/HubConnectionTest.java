package io.stamprelease.core.clients.hub;

import io.stamprelease.core.engine.UnreachableException;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Opening hubs from hubs.yaml through the real credential path")
class HubConnectionTest {
  static SimulatedCloud cloud;
  static HubsFile hubs;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(2, HubSettings.fast());
    cloud.hubs().forEach(h -> h.arm().createResourceGroup("rg1"));
    hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Nested
  @DisplayName("hubs.yaml as stamp sim writes it")
  class Loading {
    @Test
    @DisplayName("loads both identity systems, secrets as files, and the public region")
    void loads() {
      assertThat(hubs.hubs()).containsOnlyKeys("seattle", "denver");
      assertThat(hubs.hub("seattle").identitySystem()).isEqualTo(IdentitySystem.ADFS);
      assertThat(hubs.hub("seattle").effectiveTenant()).isEqualTo("adfs");
      assertThat(hubs.hub("denver").identitySystem()).isEqualTo(IdentitySystem.AZURE_AD);
      assertThat(hubs.hub("seattle").clientSecret()).hasToString("file " + dir.resolve("secrets/seattle.client-secret"));
      assertThat(hubs.publicAzure()).hasValueSatisfying(p -> assertThat(p.apiProfile()).isEqualTo(ApiProfile.PUBLIC_AZURE));
    }

    @Test
    @DisplayName("an unknown hub name lists the hubs there are")
    void unknownHub() {
      assertThatThrownBy(() -> hubs.hub("austin")).hasMessage("invalid hubs file input: hub: unknown hub 'austin' (hubs in " + hubs.file() + ": seattle, denver)");
    }

    @Test
    @DisplayName("every problem of a bad hubs file is reported at once, and an inline secret is refused")
    void badFile(@TempDir Path tmp) throws Exception {
      Path file = tmp.resolve("hubs.yaml");
      Files.writeString(file, """
          hubs:
          - name: Bad_Name
            armEndpoint: http://management.local.azurestack.external/
            identitySystem: kerberos
            subscription: not-a-guid
            clientSecret: oops-a-secret
          """);
      assertThatThrownBy(() -> HubsFile.load(file, Map.of())).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("hubs[0].identitySystem: identitySystem must be azure_ad or adfs (was 'kerberos')")
          .hasMessageContaining("hubs[0].clientSecret: secrets are never written in hubs files")
          .hasMessageContaining("hubs[0].name: must be 1-63 lower-case letters")
          .hasMessageContaining("hubs[0].armEndpoint: must be an https:// URL")
          .hasMessageContaining("hubs[0].subscription: must be a subscription GUID (was 'not-a-guid')")
          .hasMessageContaining("hubs[0].clientId: is required")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("oops-a-secret"));
    }
  }

  @Nested
  @DisplayName("ARM calls")
  class Calls {
    @Test
    @DisplayName("an ADFS hub: token from /adfs, api-version pinned to 2019-10-01 by the hybrid profile")
    void adfsHub() {
      HubConnection hub = HubConnection.open(hubs.hub("seattle"), w -> { });
      var response = hub.arm().get(hub.arm().resourceGroupPath("rg1"), "resourceGroups");
      assertThat(response.status()).isEqualTo(200);
      assertThat(cloud.hub("seattle").arm().journal().entries()).anyMatch(e -> e.path().endsWith("/resourceGroups/rg1")
          && "2019-10-01".equals(e.apiVersion()) && e.status() == 200);
      assertThat(cloud.hub("seattle").arm().journal().entries()).anyMatch(e -> e.path().equals("/adfs/oauth2/token"));
    }

    @Test
    @DisplayName("an Azure AD hub works the same way")
    void aadHub() {
      HubConnection hub = HubConnection.open(hubs.hub("denver"), w -> { });
      assertThat(hub.arm().get(hub.arm().resourceGroupPath("rg1"), "resourceGroups").body().path("name").asText()).isEqualTo("rg1");
    }

    @Test
    @DisplayName("a 404 is an ArmCallException carrying ARM's code")
    void notFound() {
      HubConnection hub = HubConnection.open(hubs.hub("seattle"), w -> { });
      assertThatThrownBy(() -> hub.arm().get(hub.arm().resourceGroupPath("nope"), "resourceGroups"))
          .isInstanceOfSatisfying(ArmCallException.class, e -> assertThat(e.code()).isEqualTo("ResourceGroupNotFound"));
    }

    @Test
    @DisplayName("429 with Retry-After is survived inside the call")
    void throttled() {
      HubConnection hub = HubConnection.open(hubs.hub("denver"), w -> { });
      cloud.hub("denver").arm().faults().throttle("GET /subscriptions/" + hubs.hub("denver").subscription() + "/resourcegroups/rg1", 2, 1);
      assertThat(hub.arm().get(hub.arm().resourceGroupPath("rg1"), "resourceGroups").status()).isEqualTo(200);
      assertThat(cloud.hub("denver").arm().journal().count(e -> e.status() == 429)).isGreaterThanOrEqualTo(2);
    }
  }

  @Nested
  @DisplayName("failures are named, with the hub and a hint")
  class Failures {
    @Test
    @DisplayName("a wrong secret: cannot authenticate, the secret itself never shown")
    void wrongSecret(@TempDir Path tmp) throws Exception {
      Path secret = tmp.resolve("wrong");
      Files.writeString(secret, "definitely-wrong-secret");
      HubConnection hub = HubConnection.open(hubs.hub("seattle").withSecret(new SecretSource.FromFile(secret)), w -> { });
      assertThatThrownBy(() -> hub.arm().get(hub.arm().resourceGroupPath("rg1"), "resourceGroups"))
          .isInstanceOf(UnreachableException.class).hasMessageContaining("hub seattle: cannot authenticate service principal")
          .hasMessageContaining("MSIS9622").satisfies(e -> assertThat(e.getMessage()).doesNotContain("definitely-wrong-secret"));
    }

    @Test
    @DisplayName("no CA bundle: the hub's certificate is untrusted and the message says to set caFile")
    void untrusted() {
      HubSpec s = hubs.hub("seattle");
      HubSpec noCa = new HubSpec(s.name(), s.armEndpoint(), s.identitySystem(), s.tenant(), s.subscription(), s.clientId(), s.clientSecret(),
          null, null, null, false, null, s.apiProfile(), null, null);
      assertThatThrownBy(() -> HubConnection.open(noCa, w -> { })).isInstanceOf(UnreachableException.class)
          .hasMessageContaining("hub seattle (" + s.armEndpoint() + ")").hasMessageContaining("give the hub's CA bundle with caFile");
    }

    @Test
    @DisplayName("insecureSkipTlsVerify connects but warns on every use")
    void insecure() {
      HubSpec s = hubs.hub("seattle");
      HubSpec insecure = new HubSpec(s.name(), s.armEndpoint(), s.identitySystem(), s.tenant(), s.subscription(), s.clientId(),
          s.clientSecret(), null, null, null, true, null, s.apiProfile(), null, null);
      List<String> warnings = new ArrayList<>();
      HubConnection.open(insecure, warnings::add);
      HubConnection.open(insecure, warnings::add);
      assertThat(warnings).hasSize(2).allMatch(w -> w.contains("TLS certificate verification is disabled for hub 'seattle'"));
    }
  }
}
