package io.stamprelease.core.clients.hub;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;

/**
 * The service principal's credential through azure-identity's real code path. ADFS hubs: tenant
 * {@code adfs}, authority host = the login endpoint without its {@code adfs} segment, instance discovery off
 * (azure-identity appends the tenant to the authority host). Azure AD: authority host = login endpoint.
 */
public final class HubCredentials {
  private HubCredentials() {
  }

  public static TokenCredential create(HubSpec spec, HubMetadata metadata, HttpClient http) {
    String authorityHost = authorityHost(spec.identitySystem(), metadata.loginEndpoint());
    if (spec.clientCertificate() != null) {
      ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder().clientId(spec.clientId())
          .tenantId(spec.effectiveTenant()).authorityHost(authorityHost).httpClient(http).disableInstanceDiscovery();
      String file = spec.clientCertificate().toString();
      if (file.endsWith(".pfx") || file.endsWith(".p12")) {
        builder.pfxCertificate(file).clientCertificatePassword(
            spec.certificatePassword() == null ? "" : spec.certificatePassword().read(HubSpec.Field.CERTIFICATE_PASSWORD));
      } else {
        builder.pemCertificate(file);
      }
      return builder.build();
    }
    return new ClientSecretCredentialBuilder().clientId(spec.clientId()).clientSecret(spec.clientSecret().read(HubSpec.Field.CLIENT_SECRET))
        .tenantId(spec.effectiveTenant()).authorityHost(authorityHost).httpClient(http).disableInstanceDiscovery().build();
  }

  /** {@code https://adfs.local.azurestack.external/adfs/} → {@code https://adfs.local.azurestack.external/}. */
  static String authorityHost(IdentitySystem system, String loginEndpoint) {
    String login = loginEndpoint.endsWith("/") ? loginEndpoint : loginEndpoint + "/";
    if (system == IdentitySystem.ADFS && login.toLowerCase().endsWith("/adfs/")) {
      return login.substring(0, login.length() - "adfs/".length());
    }
    return login;
  }
}
