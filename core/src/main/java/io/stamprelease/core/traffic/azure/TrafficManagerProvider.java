package io.stamprelease.core.traffic.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.ConflictException;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.traffic.DnsTiming;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Azure Traffic Manager (public Azure; Hub has none) over ARM: a profile's endpoints of every kind (external, Azure,
 * nested) are read with one GET; a change is ONE whole-profile PUT with {@code If-Match}, so several weights move
 * together or not at all, and a profile someone else changed since our read is refused (412) instead of overwritten.
 */
public final class TrafficManagerProvider implements TrafficProvider {
  public static final String RESOURCE_TYPE = "Microsoft.Network/trafficmanagerprofiles";

  private final ArmClient arm;
  private final String profileId;

  public TrafficManagerProvider(ArmClient arm, String profileId) {
    if (profileId == null || !profileId.toLowerCase().startsWith("/subscriptions/")) {
      throw new IllegalArgumentException("profile: a Traffic Manager profile id /subscriptions/…/providers/Microsoft.Network/"
          + "trafficManagerProfiles/<name> is required (was '" + profileId + "')");
    }
    this.arm = arm;
    this.profileId = profileId;
  }

  @Override
  public ProviderType type() {
    return ProviderType.AZURE_TRAFFIC_MANAGER;
  }

  @Override
  public TrafficState read() {
    ArmResponse r = arm.get(profileId, RESOURCE_TYPE);
    return toState(r);
  }

  @Override
  public TrafficState apply(TrafficState expected, TrafficChange change) {
    // The body to send is the profile as ARM has it now; If-Match makes the PUT fail if that is not what was judged.
    ObjectNode profile = (ObjectNode) arm.get(profileId, RESOURCE_TYPE).body().deepCopy();
    List<String> missing = new ArrayList<>(change.desired().keySet());
    for (JsonNode e : profile.at("/properties/endpoints")) {
      EndpointSetting wanted = change.desired().get(e.path("name").asText());
      if (wanted != null) {
        ObjectNode props = (ObjectNode) e.get("properties");
        props.put("endpointStatus", wanted.enabled() ? "Enabled" : "Disabled").put("weight", wanted.weight());
        missing.remove(e.path("name").asText());
      }
    }
    if (!missing.isEmpty()) {
      throw new ConflictException("Traffic Manager profile " + profileId + " has no endpoint " + String.join(", ", missing)
          + " any more; someone else changed the profile");
    }
    try {
      return toState(arm.put(profileId, RESOURCE_TYPE, profile, Map.of("If-Match", expected.etag())));
    } catch (ConflictException e) {
      throw new ConflictException("someone else changed Traffic Manager profile " + name() + " since it was read (If-Match "
          + expected.etag() + " refused with 412): " + e.getMessage());
    }
  }

  private String name() {
    return profileId.substring(profileId.lastIndexOf('/') + 1);
  }

  private TrafficState toState(ArmResponse r) {
    JsonNode body = r.body();
    if (body == null) {
      throw new TerminalException("Traffic Manager profile " + profileId + ": empty answer (HTTP " + r.status() + ")");
    }
    JsonNode props = body.path("properties");
    List<EndpointState> endpoints = new ArrayList<>();
    for (JsonNode e : props.path("endpoints")) {
      JsonNode p = e.path("properties");
      boolean enabled = "Enabled".equalsIgnoreCase(p.path("endpointStatus").asText("Enabled"));
      int weight = Math.max(Weights.MIN_WEIGHT, Math.min(Weights.MAX_WEIGHT, p.path("weight").asInt(Weights.MIN_WEIGHT)));
      endpoints.add(new EndpointState(e.path("name").asText(), enabled, weight, monitor(p.path("endpointMonitorStatus").asText(null), enabled),
          p.path("target").asText(p.path("targetResourceId").asText(null))));
    }
    JsonNode m = props.path("monitorConfig");
    DnsTiming defaults = DnsTiming.TRAFFIC_MANAGER_DEFAULTS;
    DnsTiming timing = new DnsTiming(Duration.ofSeconds(props.at("/dnsConfig/ttl").asLong(defaults.ttl().toSeconds())),
        Duration.ofSeconds(m.path("intervalInSeconds").asLong(defaults.probeInterval().toSeconds())),
        m.path("toleratedNumberOfFailures").asInt(defaults.toleratedFailures()),
        Duration.ofSeconds(m.path("timeoutInSeconds").asLong(defaults.probeTimeout().toSeconds())));
    String etag = r.header("ETag").orElseGet(() -> body.path("etag").asText(null));
    return new TrafficState(type().value(), profileId, endpoints, timing, etag);
  }

  /** Missing status: a disabled endpoint is not probed (Disabled); an enabled one has not been probed yet. */
  private static MonitorStatus monitor(String text, boolean enabled) {
    if (text == null || text.isBlank()) {
      return enabled ? MonitorStatus.CheckingEndpoint : MonitorStatus.Disabled;
    }
    try {
      return MonitorStatus.parse(text);
    } catch (IllegalArgumentException e) {
      return MonitorStatus.Unmonitored;
    }
  }
}
