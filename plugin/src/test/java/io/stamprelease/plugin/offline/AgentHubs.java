package io.stamprelease.plugin.offline;

import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.IdentitySystem;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;

/** Hubs as the controller ships them to the agent (plain values, the client secret as char[]), for the offline tests. */
final class AgentHubs {
  private AgentHubs() {
  }

  /** A simulated hub's spec as the controller would ship it, under {@code name}: its client secret, its CA as PEM text. */
  static AgentHub of(String name, HubSpec spec, ApiProfile profile) throws IOException {
    AgentHub.Endpoint endpoint = new AgentHub.Endpoint(name, spec.armEndpoint(), spec.identitySystem(), spec.tenant(), spec.subscription(),
        Files.readString(spec.caFile()), null, null, profile);
    return AgentHub.withSecret(endpoint, spec.clientId(), spec.clientSecret().read(HubSpec.Field.CLIENT_SECRET).toCharArray());
  }

  /** As {@link #of(String, HubSpec, ApiProfile)}, under the spec's own name and the Azure Stack Hub profile. */
  static AgentHub of(HubSpec spec) throws IOException {
    return of(spec.name(), spec, ApiProfile.HYBRID_2020_09_01);
  }

  /** An ADFS hub nobody listens on (127.0.0.1:1): a test that expects no contact fails differently if one is made. */
  static AgentHub nowhere(String name, String secret) {
    AgentHub.Endpoint endpoint = new AgentHub.Endpoint(name, URI.create("https://127.0.0.1:1/"), IdentitySystem.ADFS, null,
        "00000000-0000-0000-0000-000000000001", null, null, null, ApiProfile.HYBRID_2020_09_01);
    return AgentHub.withSecret(endpoint, "app", secret.toCharArray());
  }
}
