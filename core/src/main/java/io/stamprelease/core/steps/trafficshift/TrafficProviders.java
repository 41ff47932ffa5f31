package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput.Field;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opening a {@link TrafficProvider} — the one place every front end (the CLI, the Jenkins step, the release) does it:
 * Traffic Manager through a public-Azure hub connection, F5 BIG-IP DNS through a GSLB. A connection that is missing or
 * cannot serve the provider is invalid input naming the field that should have given it ({@code hub} or {@code gslb}).
 */
public final class TrafficProviders {
  private TrafficProviders() {
  }

  /** The provider a hubs file configures when it configures exactly one (Traffic Manager or a GSLB), else empty. */
  public static Optional<ProviderType> configuredIn(HubsFile hubs) {
    boolean tm = hubs.publicAzure().isPresent() && hubs.trafficManagerProfileId().isPresent();
    boolean f5 = hubs.gslb().isPresent();
    return tm == f5 ? Optional.empty() : Optional.of(tm ? ProviderType.AZURE_TRAFFIC_MANAGER : ProviderType.F5_GTM);
  }

  /** The profile a hubs file names for {@code type}: the Traffic Manager profile id, or the GSLB's pool. */
  public static Optional<String> profileIn(HubsFile hubs, ProviderType type) {
    return type == ProviderType.AZURE_TRAFFIC_MANAGER ? hubs.trafficManagerProfileId() : hubs.gslb().map(GslbSpec::pool);
  }

  /** The request's provider, connected through the hubs file's public-Azure entry or GSLB. */
  public static TrafficProvider open(TrafficShiftRequest request, HubsFile hubs, Consumer<String> warnings) {
    return open(request.provider(), request.profile(), hubs.publicAzure(), hubs.gslb(), warnings);
  }

  /**
   * {@code type} at {@code profile}: Traffic Manager needs {@code publicAzure}, a hub whose API profile serves Traffic
   * Manager (public Azure; Azure Stack Hub has none); F5 needs {@code gslb}.
   */
  public static TrafficProvider open(ProviderType type, String profile, Optional<HubSpec> publicAzure, Optional<GslbSpec> gslb,
      Consumer<String> warnings) {
    if (type == ProviderType.F5_GTM) {
      GslbSpec spec = gslb.orElseThrow(() -> InvalidInputException.of("trafficShift", Field.GSLB,
          "provider f5-gtm needs a GSLB connection (a gslb: section in hubs.yaml, or a configured GSLB), and none is given"));
      return F5GtmProvider.of(spec, profile);
    }
    HubSpec hub = publicAzure.orElseThrow(() -> InvalidInputException.of("trafficShift", Field.HUB,
        "provider azure-traffic-manager needs a public-Azure connection (a publicAzure: section in hubs.yaml, or a configured hub "
            + "with API profile latest): Traffic Manager lives in public Azure, and none is given"));
    if (!hub.apiProfile().serves(TrafficManagerProvider.RESOURCE_TYPE)) {
      throw InvalidInputException.of("trafficShift", Field.HUB, "hub '" + hub.name() + "' has API profile " + hub.apiProfile().id()
          + ", which has no Traffic Manager; Traffic Manager lives in public Azure: give a hub configured for it (API profile latest)");
    }
    return new TrafficManagerProvider(HubConnection.open(hub, warnings).arm(), profile);
  }
}
