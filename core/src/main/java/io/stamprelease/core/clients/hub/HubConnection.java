package io.stamprelease.core.clients.hub;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import java.util.function.Consumer;

/**
 * An opened hub: the trusted HTTP client, its discovered metadata, the credential and the ARM client.
 * Opening reads {@code /metadata/endpoints} (unauthenticated), so an unreachable or untrusted hub is
 * reported here, before any step starts writing.
 */
public record HubConnection(HubSpec spec, HubMetadata metadata, TokenCredential credential, ArmClient arm) {

  public static HubConnection open(HubSpec spec, Consumer<String> warnings) {
    HttpClient http = spec.insecureSkipTlsVerify()
        ? ArmHttpClients.insecure(spec.name(), spec.proxy(), warnings)
        : ArmHttpClients.create(spec.caFile() == null ? TrustBundle.systemDefault() : TrustBundle.fromPemFile(spec.caFile(), HubSpec.Field.CA_FILE), spec.proxy());
    HubMetadata metadata = HubMetadata.discover(spec, http);
    TokenCredential credential = HubCredentials.create(spec, metadata, http);
    return new HubConnection(spec, metadata, credential, new ArmClient(spec, http, credential, metadata.audience(), ArmClient.defaultRetry()));
  }
}
