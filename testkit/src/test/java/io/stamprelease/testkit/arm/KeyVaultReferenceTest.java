package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Key Vault references in a deployment's parameters are resolved by ARM, or refused with ARM's codes")
class KeyVaultReferenceTest {
  static final String RG = "rg-kv";
  RawArm hub;
  String vault;

  @BeforeEach
  void start() {
    hub = RawArm.start();
    hub.putResourceGroup(RG);
    vault = hub.arm.keyVaults().createVault("pipeline-secrets", "hub-pipeline", true);
    hub.arm.keyVaults().putSecret(vault, "spSecret", "s3cr3t-value-never-echoed");
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  /** The cluster's deployment body with its service principal secret given as a Key Vault reference to {@code vaultId}. */
  static String bodyReferencing(String vaultId, String secretName) {
    Cluster cluster = Cluster.of("kvprefix", "11112222", 1, Map.of("agentpool1", 1));
    ObjectNode parameters = AksEngineTemplates.parameters(cluster);
    ObjectNode reference = parameters.putObject("servicePrincipalClientSecret").putObject("reference");
    reference.putObject("keyVault").put("id", vaultId);
    reference.put("secretName", secretName);
    return AksEngineTemplates.deploymentBody(AksEngineTemplates.template(cluster), parameters, "Incremental").toString();
  }

  @Test
  @DisplayName("a reference to an existing secret of a vault enabled for template deployment deploys, and its value is never echoed")
  void resolved() {
    // When
    RawArm.Answer put = hub.send("PUT", RawArm.deployment(RG, "kv-ok") + "?api-version=2019-10-01", bodyReferencing(vault, "spSecret"));
    hub.awaitDeployment(RG, "kv-ok", "Succeeded");
    // Then
    assertThat(put.status()).as(put.text()).isEqualTo(201);
    RawArm.Answer got = hub.get(RawArm.deployment(RG, "kv-ok") + "?api-version=2019-10-01");
    assertThat(got.body().at("/properties/parameters/servicePrincipalClientSecret/type").asText()).isEqualTo("Securestring");
    assertThat(got.text()).doesNotContain("s3cr3t-value-never-echoed");
  }

  @Test
  @DisplayName("a vault that does not exist: 400 KeyVaultParameterReferenceNotFound, nothing created")
  void vaultMissing() {
    // When
    String missing = vault.replace("hub-pipeline", "no-such-vault");
    RawArm.Answer put = hub.send("PUT", RawArm.deployment(RG, "kv-missing") + "?api-version=2019-10-01", bodyReferencing(missing, "spSecret"));
    // Then
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("KeyVaultParameterReferenceNotFound");
    assertThat(put.body().at("/error/message").asText()).contains(missing);
    assertThat(hub.get(RawArm.deployment(RG, "kv-missing") + "?api-version=2019-10-01").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a secret the vault does not hold, or a vault not enabled for template deployment: KeyVaultParameterReferenceSecretRetrieveFailed")
  void secretMissingOrVaultClosed() {
    // Given
    String closed = hub.arm.keyVaults().createVault("pipeline-secrets", "closed-vault", false);
    hub.arm.keyVaults().putSecret(closed, "spSecret", "x");
    // When
    RawArm.Answer noSecret = hub.send("POST", RawArm.deployment(RG, "kv-a") + "/validate?api-version=2019-10-01", bodyReferencing(vault, "other"));
    RawArm.Answer forbidden = hub.send("POST", RawArm.deployment(RG, "kv-b") + "/validate?api-version=2019-10-01",
        bodyReferencing(closed, "spSecret"));
    // Then
    assertThat(noSecret.status()).isEqualTo(400);
    assertThat(noSecret.errorCode()).isEqualTo("KeyVaultParameterReferenceSecretRetrieveFailed");
    assertThat(noSecret.body().at("/error/message").asText()).contains("servicePrincipalClientSecret", "'NotFound'", "other");
    assertThat(forbidden.errorCode()).isEqualTo("KeyVaultParameterReferenceSecretRetrieveFailed");
    assertThat(forbidden.body().at("/error/message").asText()).contains("'Forbidden'");
  }
}
