package io.stamprelease.core.clients.hub;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
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

  /** The fields of a hub (hubs.yaml keys, Jenkins form fields). */
  public enum Field implements InputField {
    NAME("name"), ARM_ENDPOINT("armEndpoint"), IDENTITY_SYSTEM("identitySystem"), TENANT("tenant"), SUBSCRIPTION("subscription"), CLIENT_ID("clientId"), CLIENT_SECRET("clientSecret"), CLIENT_CERTIFICATE("clientCertificate"), CERTIFICATE_PASSWORD("certificatePassword"), CA_FILE("caFile"), API_PROFILE("apiProfile"), PROXY("proxy");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  /** The tenant azure-identity must use: the literal {@code adfs} for ADFS hubs. */
  public String effectiveTenant() {
    return identitySystem == IdentitySystem.ADFS ? "adfs" : tenant;
  }

  /** Adds every problem of this spec to {@code problems} (a {@link Problems#within} view inside a file, or a form's own). */
  public void validate(Problems problems) {
    validateConnection(problems);
    validateCredentials(problems);
  }

  /**
   * The hub's connection alone — name, ARM endpoint, identity system, tenant, subscription, CA file, API profile — for a
   * front end whose credentials live elsewhere (a Jenkins credentials store resolves them per build).
   */
  public void validateConnection(Problems problems) {
    problems.check(name != null && NAME.matcher(name).matches(), Field.NAME,
        "must be 1-63 lower-case letters, digits or '-' (was '" + name + "')");
    if (problems.check(armEndpoint != null, Field.ARM_ENDPOINT, "is required (https://management.<region>.<fqdn>/)")) {
      problems.check("https".equalsIgnoreCase(armEndpoint.getScheme()) && armEndpoint.getHost() != null, Field.ARM_ENDPOINT,
          "must be an https:// URL (was '" + armEndpoint + "'); ARM tokens are never sent over plain HTTP");
    }
    problems.check(identitySystem != null, Field.IDENTITY_SYSTEM, "must be azure_ad or adfs");
    if (identitySystem == IdentitySystem.AZURE_AD) {
      problems.check(tenant != null && (GUID.matcher(tenant).matches() || tenant.contains(".")), Field.TENANT,
          "is required for Azure AD: the directory GUID or domain (was '" + tenant + "')");
    }
    problems.check(subscription != null && GUID.matcher(subscription).matches(), Field.SUBSCRIPTION,
        "must be a subscription GUID (was '" + subscription + "')");
    if (caFile != null) {
      problems.check(Files.isReadable(caFile), Field.CA_FILE, "cannot read '" + caFile + "'");
    }
    problems.check(apiProfile != null, Field.API_PROFILE, "must be 2020-09-01-hybrid, 2019-03-01-hybrid or latest");
  }

  /** The service principal: its application id, and exactly one of a secret or a certificate. */
  public void validateCredentials(Problems problems) {
    problems.check(clientId != null && !clientId.isBlank(), Field.CLIENT_ID, "is required (the service principal's application id)");
    problems.check((clientSecret == null) != (clientCertificate == null), Field.CLIENT_SECRET,
        "exactly one of clientSecret and clientCertificate is required (a secret file or variable, or a PEM/PFX certificate file)");
    if (clientCertificate != null) {
      problems.check(Files.isReadable(clientCertificate), Field.CLIENT_CERTIFICATE, "cannot read '" + clientCertificate + "'");
    }
  }

  public HubSpec withSecret(SecretSource secret) {
    return new HubSpec(name, armEndpoint, identitySystem, tenant, subscription, clientId, secret, null, null, caFile,
        insecureSkipTlsVerify, proxy, apiProfile, loginEndpoint, audience);
  }
}
