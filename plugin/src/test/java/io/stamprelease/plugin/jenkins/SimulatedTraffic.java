package io.stamprelease.plugin.jenkins;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.plugin.hubs.GslbEntry;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.StampApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The simulated Traffic Manager and BIG-IP DNS (two stamps, seattle and denver, both serving) and what a Jenkins
 * admin would configure for them: a hub {@code public-azure} (Azure AD, API profile latest) with the service
 * principal's credentials {@code sp-traffic-manager}, and a GSLB {@code lab-bigip} with {@code bigip-stamp-release}.
 */
final class SimulatedTraffic implements AutoCloseable {
  static final String HUB = "public-azure";
  static final String GSLB = "lab-bigip";
  static final String HUB_CREDENTIALS = "sp-traffic-manager";
  static final String GSLB_CREDENTIALS = "bigip-stamp-release";

  final SimulatedCloud cloud;
  final HubsFile hubs;
  final TrafficManagerProvider azure;
  final F5GtmProvider f5;

  SimulatedTraffic(Path dir) {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    cloud.hubs().forEach(StampApps::deployHealthy);
    hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
    azure = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(), profileId());
    f5 = F5GtmProvider.of(hubs.gslb().orElseThrow(), null);
  }

  String profileId() {
    return cloud.trafficProfileId().orElseThrow();
  }

  /** Both stamps enabled at 500 and Online, journals cleared. */
  void reset() throws Exception {
    for (TrafficProvider p : List.of(azure, f5)) {
      p.apply(p.read(), TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)), "test", "reset"));
      Await.until(p.type().value() + ": both stamps serving", Duration.ofSeconds(20), () -> p.read().serving().size() == 2);
    }
    cloud.publicRegion().arm().journal().clear();
    cloud.gslb().journal().clear();
  }

  /** The global configuration and both username/password credentials. */
  void configure() throws Exception {
    HubSpec tm = hubs.publicAzure().orElseThrow();
    GslbSpec gslb = hubs.gslb().orElseThrow();
    SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, HUB_CREDENTIALS,
        "Traffic Manager service principal", tm.clientId(), tmSecret()));
    SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, GSLB_CREDENTIALS,
        "BIG-IP user", gslb.username(), cloud.gslbPassword()));
    SystemCredentialsProvider.getInstance().save();
    HubEntry hub = new HubEntry(HUB, tm.armEndpoint().toString(), "azure_ad", tm.subscription(), HUB_CREDENTIALS);
    hub.setTenant(tm.tenant());
    hub.setApiProfile("latest");
    hub.setCaCertificate(Files.readString(tm.caFile()));
    GslbEntry bigip = new GslbEntry(GSLB, gslb.url().toString(), GSLB_CREDENTIALS, gslb.pool());
    bigip.setCaCertificate(Files.readString(gslb.caFile()));
    StampReleaseHubs.get().setHubs(List.of(hub));
    StampReleaseHubs.get().setGslbs(List.of(bigip));
  }

  String tmSecret() {
    return hubs.publicAzure().orElseThrow().clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET);
  }

  /** Writes to Traffic Manager's ARM and to the BIG-IP (its token login changes nothing). */
  long writes() {
    return cloud.publicRegion().arm().journal().writes().size()
        + cloud.gslb().journal().writes().stream().filter(w -> !w.path().equals("/mgmt/shared/authn/login")).count();
  }

  @Override
  public void close() {
    cloud.close();
  }
}
