package io.stamprelease.testkit;

import io.stamprelease.testkit.arm.FakeArm;
import io.stamprelease.testkit.arm.IdentitySystem;
import io.stamprelease.testkit.arm.Json;
import io.stamprelease.testkit.arm.TokenService;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import io.stamprelease.testkit.traffic.EndpointMonitor;
import io.stamprelease.testkit.traffic.TrafficManagerProfiles;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * The simulated public-Azure region (Azure AD identity, current api-versions) that hosts what Hub lacks:
 * Traffic Manager, whose external endpoints point at the stamps' public ingress host names.
 */
public final class PublicRegion implements AutoCloseable {
  private final FakeArm arm;
  private final TrafficManagerProfiles trafficManager;
  private final EndpointMonitor monitor;
  private final String clientId = UUID.nameUUIDFromBytes("sp-public".getBytes()).toString();
  private final String clientSecret = "sim-" + UUID.randomUUID();

  PublicRegion(TestCertificateAuthority ca, HubSettings settings, ScheduledExecutorService scheduler,
      BiFunction<String, String, Integer> probe) {
    TokenService tokens = new TokenService(IdentitySystem.AZURE_AD, UUID.nameUUIDFromBytes("tenant-public".getBytes()).toString(),
        "https://management.core.windows.net/");
    tokens.registerClientSecret(clientId, clientSecret);
    String subscription = UUID.nameUUIDFromBytes("sub-public".getBytes()).toString();
    arm = FakeArm.publicAzure("westeurope", subscription, tokens,
        ca.issueServer("management.azure.sim", List.of("localhost", "management.azure.sim"), List.of("127.0.0.1")), settings.arm(), scheduler);
    trafficManager = new TrafficManagerProfiles(subscription, arm.contract(), arm.baseUrl());
    arm.addRoutes(trafficManager.routes());
    monitor = new EndpointMonitor(trafficManager, probe, scheduler, settings.probePeriod());
    arm.start();
  }

  /** Creates a weighted profile with one external endpoint per stamp (equal weights), as a platform team would. */
  public String createWeightedProfile(String resourceGroup, String profile, List<SimulatedHub> stamps, String app, String monitorPath, int ttl) {
    return createWeightedProfile(resourceGroup, profile, stamps, app, monitorPath, ttl, true);
  }

  /**
   * As {@link #createWeightedProfile(String, String, List, String, String, int)}, with the endpoints {@code Enabled} or
   * {@code Disabled}: stamps not yet serving are kept out of rotation (Traffic Manager does not probe a disabled endpoint),
   * and keep their weight for when they are enabled.
   */
  public String createWeightedProfile(String resourceGroup, String profile, List<SimulatedHub> stamps, String app, String monitorPath, int ttl,
      boolean enabled) {
    arm.createResourceGroup(resourceGroup);
    var body = Json.object().put("location", "global");
    var props = body.putObject("properties").put("profileStatus", "Enabled").put("trafficRoutingMethod", "Weighted");
    props.putObject("dnsConfig").put("relativeName", profile).put("ttl", ttl);
    props.putObject("monitorConfig").put("protocol", "HTTP").put("port", 80).put("path", monitorPath)
        .put("intervalInSeconds", 30).put("timeoutInSeconds", 10).put("toleratedNumberOfFailures", 3);
    var endpoints = props.putArray("endpoints");
    int weight = Math.max(1, 1000 / Math.max(1, stamps.size()));
    for (SimulatedHub hub : stamps) {
      endpoints.addObject().put("name", hub.name()).put("type", "Microsoft.Network/trafficManagerProfiles/externalEndpoints")
          .putObject("properties").put("target", hub.appHost(app)).put("endpointStatus", enabled ? "Enabled" : "Disabled").put("weight", weight)
          .put("endpointLocation", hub.location());
    }
    return trafficManager.putDirect(arm.subscriptionId(), resourceGroup, profile, body);
  }

  public FakeArm arm() {
    return arm;
  }

  public TrafficManagerProfiles trafficManager() {
    return trafficManager;
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  @Override
  public void close() {
    monitor.close();
    arm.close();
  }
}
