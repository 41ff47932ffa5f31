package io.stamprelease.core.hub;

import io.stamprelease.core.validation.Problems;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Everything needed to talk to one hub's ARM. Secrets are {@link SecretSource}s (file or environment
 * variable), never values. Login endpoint and audience are discovered from {@code /metadata/endpoints}
 * unless overridden.
 *
 * @param clientSecret      service principal secret; exactly one of this and {@code clientCertificate}
 * @param clientCertificate PEM (certificate + private key) or PFX file of a certificate-registered principal
 */
public record HubSpec(String name, URI armEndpoint, IdentitySystem identitySystem, String tenant, String subscription,
    String clientId, SecretSource clientSecret, Path clientCertificate, SecretSource certificatePassword, Path caFile,
    boolean insecureSkipTlsVerify, ProxySettings proxy, ApiProfile apiProfile, String loginEndpoint, String audience) {

  private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  /** The tenant azure-identity must use: the literal {@code adfs} for ADFS hubs. */
  public String effectiveTenant() {
    return identitySystem == IdentitySystem.ADFS ? "adfs" : tenant;
  }

  /** Adds every problem of this spec to {@code problems}, fields prefixed with {@code prefix}. */
  public void validate(Problems problems, String prefix) {
    problems.check(name != null && NAME.matcher(name).matches(), prefix + "name",
        "must be 1-63 lower-case letters, digits or '-' (was '" + name + "')");
    if (problems.check(armEndpoint != null, prefix + "armEndpoint", "is required (https://management.<region>.<fqdn>/)")) {
      problems.check("https".equalsIgnoreCase(armEndpoint.getScheme()) && armEndpoint.getHost() != null, prefix + "armEndpoint",
          "must be an https:// URL (was '" + armEndpoint + "'); ARM tokens are never sent over plain HTTP");
    }
    problems.check(identitySystem != null, prefix + "identitySystem", "must be azure_ad or adfs");
    if (identitySystem == IdentitySystem.AZURE_AD) {
      problems.check(tenant != null && (GUID.matcher(tenant).matches() || tenant.contains(".")), prefix + "tenant",
          "is required for Azure AD: the directory GUID or domain (was '" + tenant + "')");
    }
    problems.check(subscription != null && GUID.matcher(subscription).matches(), prefix + "subscription",
        "must be a subscription GUID (was '" + subscription + "')");
    problems.check(clientId != null && !clientId.isBlank(), prefix + "clientId", "is required (the service principal's application id)");
    problems.check((clientSecret == null) != (clientCertificate == null), prefix + "clientSecret/clientCertificate",
        "exactly one is required (a secret file or variable, or a PEM/PFX certificate file)");
    if (clientCertificate != null) {
      problems.check(Files.isReadable(clientCertificate), prefix + "clientCertificate", "cannot read '" + clientCertificate + "'");
    }
    if (caFile != null) {
      problems.check(Files.isReadable(caFile), prefix + "caFile", "cannot read '" + caFile + "'");
    }
    problems.check(apiProfile != null, prefix + "apiProfile", "must be 2020-09-01-hybrid, 2019-03-01-hybrid or latest");
  }

  public HubSpec withSecret(SecretSource secret) {
    return new HubSpec(name, armEndpoint, identitySystem, tenant, subscription, clientId, secret, null, null, caFile,
        insecureSkipTlsVerify, proxy, apiProfile, loginEndpoint, audience);
  }
}
