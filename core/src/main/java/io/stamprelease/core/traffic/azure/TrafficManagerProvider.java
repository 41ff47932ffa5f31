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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Azure Traffic Manager (public Azure; Hub has none) over ARM: a profile's endpoints of every kind (external, Azure,
 * nested) are read with one GET; a change is ONE whole-profile PUT, so several weights move together or not at all. A
 * profile someone else changed since our read is refused instead of overwritten: by {@code If-Match} (412) when the
 * profile has an ETag, by read-compare-write checked by a read after the write when it has none (the 2022-04-01 API
 * defines neither). Endpoint names are matched case-insensitively, as ARM matches every name.
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

  /**
   * One whole-profile PUT of the profile as ARM has it now, with the change's endpoints set. With an ETag the PUT carries
   * {@code If-Match}: a profile changed since {@code expected} was read is refused (412). The 2022-04-01 API defines
   * neither {@code etag} nor {@code If-Match}, so without one the write is read-compare-write: the profile is read again
   * just before the PUT and must still be what was judged (else a conflict: the caller re-reads and re-judges), and read
   * once more after it, which must show the change and every other endpoint as judged. Endpoint names are matched
   * case-insensitively, as ARM matches names.
   */
  @Override
  public TrafficState apply(TrafficState expected, TrafficChange change) {
    ArmResponse fresh = arm.get(profileId, RESOURCE_TYPE);
    String etag = expected.etag();
    if (etag == null) {
      List<String> moved = differences(expected, toState(fresh));
      if (!moved.isEmpty()) {
        throw new ConflictException("Traffic Manager profile " + name() + " changed since it was read (it has no ETag, so the write is "
            + "read-compare-write; read again before writing): " + String.join("; ", moved));
      }
    }
    ObjectNode profile = (ObjectNode) fresh.body().deepCopy();
    Map<String, EndpointSetting> wanted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    wanted.putAll(change.desired());
    Set<String> missing = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    missing.addAll(change.desired().keySet());
    for (JsonNode e : profile.at("/properties/endpoints")) {
      String name = e.path("name").asText();
      EndpointSetting setting = wanted.get(name);
      if (setting != null) {
        ObjectNode props = (ObjectNode) e.get("properties");
        props.put("endpointStatus", setting.enabled() ? "Enabled" : "Disabled").put("weight", setting.weight());
        missing.remove(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConflictException("Traffic Manager profile " + profileId + " has no endpoint " + String.join(", ", missing)
          + " any more; someone else changed the profile");
    }
    if (etag != null) {
      try {
        return toState(arm.put(profileId, RESOURCE_TYPE, profile, Map.of("If-Match", etag)));
      } catch (ConflictException e) {
        throw new ConflictException("someone else changed Traffic Manager profile " + name() + " since it was read (If-Match "
            + etag + " refused with 412): " + e.getMessage());
      }
    }
    arm.put(profileId, RESOURCE_TYPE, profile);
    TrafficState after = read();
    List<String> lost = differences(expected.with(canonical(expected, change)), after);
    if (!lost.isEmpty()) {
      throw new ConflictException("Traffic Manager profile " + name() + " does not hold what was written when read again after the write "
          + "(someone else wrote it at the same time; it has no ETag to prevent that): " + String.join("; ", lost));
    }
    return after;
  }

  /** The change with its endpoint names as the profile spells them. */
  private static TrafficChange canonical(TrafficState state, TrafficChange change) {
    Map<String, EndpointSetting> desired = new LinkedHashMap<>();
    change.desired().forEach((name, setting) -> desired.put(state.names().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst()
        .orElse(name), setting));
    return new TrafficChange(desired, change.actor(), change.reason());
  }

  /** Endpoints whose setting differs between two reads (names compared case-insensitively), or that one of them lacks. */
  static List<String> differences(TrafficState judged, TrafficState now) {
    List<String> out = new ArrayList<>();
    for (EndpointState e : judged.endpoints()) {
      Optional<EndpointState> other = now.endpoints().stream().filter(o -> o.name().equalsIgnoreCase(e.name())).findFirst();
      if (other.isEmpty()) {
        out.add(e.name() + " is gone");
      } else if (!other.get().setting().equals(e.setting())) {
        out.add(e.name() + " was " + e.setting() + ", is " + other.get().setting());
      }
    }
    now.endpoints().stream().filter(o -> judged.endpoints().stream().noneMatch(e -> e.name().equalsIgnoreCase(o.name())))
        .forEach(o -> out.add(o.name() + " is new"));
    return out;
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
