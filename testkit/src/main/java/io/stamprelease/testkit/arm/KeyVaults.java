package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Key Vaults of one simulated subscription, as far as a deployment sees them: ARM resolves a parameter given as a
 * Key Vault reference ({@code {"reference": {"keyVault": {"id": <vault id>}, "secretName": …, "secretVersion"?: …}}},
 * the form {@code aks-engine-azurestack generate} writes for secrets kept in Key Vault) before the deployment starts, so
 * the secret never travels in the request. The vault is a resource of the subscription ({@code Microsoft.KeyVault/vaults},
 * {@code properties.enabledForTemplateDeployment}); its secrets are data-plane objects, held here and never answered
 * by any route.
 *
 * <p>Sources: Learn "Use Azure Key Vault to pass secure parameter value during deployment" (ARM templates: the
 * reference form, {@code enabledForTemplateDeployment}), Azure Stack Hub "Deploy a VM with a securely stored password"
 * (the same on Hub); aks-engine {@code examples/keyvault-params} and {@code pkg/engine/params.go}
 * ({@code addKeyvaultReference}). Errors as ARM answers them (quoted in Azure/bicep#4068, #1571):
 * {@code KeyVaultParameterReferenceNotFound} "The specified KeyVault '…' could not be found.", and
 * {@code KeyVaultParameterReferenceSecretRetrieveFailed} "The secret of KeyVault parameter '…' cannot be retrieved. Http
 * status code: 'NotFound'/'Forbidden' …".
 */
public final class KeyVaults {
  static final String TYPE = "Microsoft.KeyVault/vaults";
  private static final String HELP = " Please see https://aka.ms/arm-keyvault for usage details.";

  private final ArmContext arm;
  /** vault id (lower-cased, ARM ids are case-insensitive) → secret name (case-insensitive in Key Vault) → value. */
  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

  KeyVaults(ArmContext arm) {
    this.arm = arm;
  }

  /**
   * Creates (or updates) a vault directly, as an operator would before any pipeline runs (setting up a scenario, not an
   * API call: nothing is journaled); creates its resource group when missing. Returns the vault's id.
   */
  public String createVault(String resourceGroup, String name, boolean enabledForTemplateDeployment) {
    if (arm.store().get(arm.resourceGroupId(resourceGroup)) == null) {
      ObjectNode group = Json.object().put("id", arm.resourceGroupId(resourceGroup)).put("name", resourceGroup)
          .put("type", "Microsoft.Resources/resourceGroups").put("location", arm.location());
      group.putObject("tags");
      group.putObject("properties").put("provisioningState", "Succeeded");
      arm.store().put(arm.resourceGroupId(resourceGroup), group);
    }
    String id = arm.resourceGroupId(resourceGroup) + "/providers/" + TYPE + "/" + name;
    ObjectNode vault = Json.object().put("id", id).put("name", name).put("type", TYPE).put("location", arm.location());
    vault.putObject("properties").put("enabledForTemplateDeployment", enabledForTemplateDeployment).put("provisioningState", "Succeeded")
        .putObject("sku").put("family", "A").put("name", "standard");
    arm.store().put(id, vault);
    secrets.computeIfAbsent(key(id), k -> new ConcurrentHashMap<>());
    return id;
  }

  /** Sets a secret of a vault created by {@link #createVault}. */
  public void putSecret(String vaultId, String name, String value) {
    Map<String, String> vault = secrets.get(key(vaultId));
    if (vault == null) {
      throw new IllegalArgumentException("no vault " + vaultId + " (create it first)");
    }
    vault.put(name.toLowerCase(Locale.ROOT), value);
  }

  /** Removes a secret (a test of the "not found" answer). */
  public void deleteSecret(String vaultId, String name) {
    Map<String, String> vault = secrets.get(key(vaultId));
    if (vault != null) {
      vault.remove(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Whether {@code given} (one entry of a deployment's {@code parameters}) is a Key Vault reference rather than a value. */
  static boolean isReference(JsonNode given) {
    return given != null && given.isObject() && !given.has("value") && given.path("reference").isObject();
  }

  /** The value ARM substitutes for the reference, or ARM's error: vault missing, not enabled for deployments, secret missing. */
  JsonNode resolve(String parameter, JsonNode given) {
    JsonNode reference = given.path("reference");
    String vaultId = reference.at("/keyVault/id").asText("");
    String secretName = reference.path("secretName").asText("");
    if (vaultId.isEmpty() || secretName.isEmpty()) {
      throw ArmException.badRequest("InvalidTemplate", "Deployment template validation failed: 'The Key Vault reference of template "
          + "parameter '" + parameter + "' must give 'keyVault.id' and 'secretName'.'." + HELP);
    }
    Optional<ObjectNode> vault = Optional.ofNullable(arm.store().get(vaultId)).filter(v -> v.path("type").asText().equalsIgnoreCase(TYPE));
    if (vault.isEmpty()) {
      throw ArmException.badRequest("KeyVaultParameterReferenceNotFound", "The specified KeyVault '" + vaultId + "' could not be found."
          + HELP);
    }
    if (!vault.get().at("/properties/enabledForTemplateDeployment").asBoolean(false)) {
      throw ArmException.badRequest("KeyVaultParameterReferenceSecretRetrieveFailed", "The secret of KeyVault parameter '" + parameter
          + "' cannot be retrieved. Http status code: 'Forbidden'. Error message: 'Access denied to first party service.'." + HELP);
    }
    String value = secrets.getOrDefault(key(vaultId), Map.of()).get(secretName.toLowerCase(Locale.ROOT));
    if (value == null) {
      throw ArmException.badRequest("KeyVaultParameterReferenceSecretRetrieveFailed", "The secret of KeyVault parameter '" + parameter
          + "' cannot be retrieved. Http status code: 'NotFound'. Error message: 'A secret with (name/id) " + secretName
          + " was not found in this key vault.'." + HELP);
    }
    return TextNode.valueOf(value);
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
