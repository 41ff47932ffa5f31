package io.stamprelease.testkit.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.ArmContract;
import io.stamprelease.testkit.arm.ArmException;
import io.stamprelease.testkit.arm.ArmRequest;
import io.stamprelease.testkit.arm.ArmResponse;
import io.stamprelease.testkit.arm.Json;
import io.stamprelease.testkit.arm.Paging;
import io.stamprelease.testkit.arm.Route;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code Microsoft.Network/trafficmanagerprofiles} (2022-04-01 shape) in the simulated public region:
 * profiles and their external endpoints, synchronous PUT/PATCH/GET/DELETE (Traffic Manager has no LRO), lists
 * per resource group and subscription (paged by the region's {@link ArmContract}). By default every response carries
 * an {@code ETag} of the profile and a write whose {@code If-Match} does not match is refused with 412; with
 * {@link #etags(boolean) etags(false)} the profile behaves as the 2022-04-01 swagger defines it — no {@code etag},
 * no {@code If-Match} parameter — so responses carry no ETag and If-Match is ignored. Profile and endpoint names are
 * matched case-insensitively and keep the casing of the latest write (RPC resource-api-reference). The endpoint type
 * segment is matched case-insensitively and shown in the swagger's casing. {@code endpointMonitorStatus} is read-only:
 * the {@link EndpointMonitor} sets it from probes.
 */
public final class TrafficManagerProfiles {
  private static final String TYPE = "Microsoft.Network/trafficmanagerprofiles";
  private static final String PROFILE = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/Microsoft\\.Network/trafficmanagerprofiles/(?<profile>[^/]+)";
  private static final String ENDPOINT = PROFILE + "/(?<kind>externalEndpoints|azureEndpoints|nestedEndpoints)/(?<endpoint>[^/]+)$";
  private static final Set<String> ROUTING = Set.of("Performance", "Priority", "Weighted", "Geographic", "MultiValue", "Subnet");

  private final String subscriptionId;
  private final ArmContract contract;
  private final String baseUrl;
  private final Map<String, ObjectNode> profiles = new ConcurrentHashMap<>();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private volatile boolean etags = true;

  /** Profiles of {@code subscriptionId}; lists are answered in one page. */
  public TrafficManagerProfiles(String subscriptionId) {
    this(subscriptionId, null, null);
  }

  /** Profiles of {@code subscriptionId} on the ARM at {@code baseUrl}, whose {@code contract} pages the lists. */
  public TrafficManagerProfiles(String subscriptionId, ArmContract contract, String baseUrl) {
    this.subscriptionId = subscriptionId;
    this.contract = contract;
    this.baseUrl = baseUrl;
  }

  /**
   * {@code true} (default): ETag on every response, If-Match checked (412 on mismatch). {@code false}: the 2022-04-01
   * swagger's profile — no ETag header, If-Match ignored, so concurrent writers are not detected by the service.
   */
  public TrafficManagerProfiles etags(boolean on) {
    this.etags = on;
    return this;
  }

  public List<Route> routes() {
    String group = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/Microsoft\\.Network/trafficmanagerprofiles$";
    String subscription = "^/subscriptions/(?<sub>[^/]+)/providers/Microsoft\\.Network/trafficmanagerprofiles$";
    return List.of(
        Route.arm("GET", group, TYPE, r -> list(r, true)),
        Route.arm("GET", subscription, TYPE, r -> list(r, false)),
        Route.arm("PUT", PROFILE + "$", TYPE, this::putProfile),
        Route.arm("GET", PROFILE + "$", TYPE, this::getProfile),
        Route.arm("PATCH", PROFILE + "$", TYPE, this::patchProfile),
        Route.arm("DELETE", PROFILE + "$", TYPE, this::deleteProfile),
        Route.arm("GET", ENDPOINT, TYPE, this::getEndpoint),
        Route.arm("PUT", ENDPOINT, TYPE, r -> writeEndpoint(r, false)),
        Route.arm("PATCH", ENDPOINT, TYPE, r -> writeEndpoint(r, true)),
        Route.arm("DELETE", ENDPOINT, TYPE, this::deleteEndpoint));
  }

  /** Profiles_ListByResourceGroup / Profiles_ListBySubscription: ProfileListResult with {@code nextLink}. */
  private ArmResponse list(ArmRequest r, boolean byGroup) {
    checkSubscription(r);
    String prefix = ("/subscriptions/" + subscriptionId + (byGroup ? "/resourceGroups/" + r.param("rg") : "") + "/").toLowerCase(Locale.ROOT);
    List<ObjectNode> value = profiles.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().deepCopy()).toList();
    if (contract == null) {
      ObjectNode page = Json.object();
      value.forEach(page.putArray("value")::add);
      return ArmResponse.ok(page);
    }
    return Paging.page(r, value, contract, baseUrl);
  }

  /** A copy of every profile (the monitor's view). */
  public List<ObjectNode> all() {
    return profiles.values().stream().map(ObjectNode::deepCopy).toList();
  }

  /** Sets the monitor status of one endpoint without changing the ETag (monitoring is not an edit). */
  synchronized void setMonitorStatus(String profileId, String endpointName, String status) {
    ObjectNode profile = profiles.get(profileId.toLowerCase(Locale.ROOT));
    if (profile == null) {
      return;
    }
    for (JsonNode e : profile.at("/properties/endpoints")) {
      if (e.path("name").asText().equalsIgnoreCase(endpointName)) {
        ((ObjectNode) e.get("properties")).put("endpointMonitorStatus", status);
      }
    }
    ((ObjectNode) profile.get("properties")).withObjectProperty("monitorConfig").put("profileMonitorStatus", profileStatus(profile));
  }

  private static String profileStatus(ObjectNode profile) {
    if (!"Enabled".equals(profile.at("/properties/profileStatus").asText())) {
      return "Disabled";
    }
    boolean anyEnabled = false;
    boolean anyOnline = false;
    boolean anyChecking = false;
    for (JsonNode e : profile.at("/properties/endpoints")) {
      String s = e.at("/properties/endpointMonitorStatus").asText();
      anyEnabled |= !"Disabled".equals(s);
      anyOnline |= "Online".equals(s);
      anyChecking |= "CheckingEndpoint".equals(s);
    }
    return !anyEnabled ? "Inactive" : anyOnline ? "Online" : anyChecking ? "CheckingEndpoints" : "Degraded";
  }

  private String id(ArmRequest r) {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + r.param("rg") + "/providers/Microsoft.Network/trafficManagerProfiles/"
        + r.param("profile");
  }

  private void checkSubscription(ArmRequest r) {
    if (!subscriptionId.equalsIgnoreCase(r.param("sub"))) {
      throw ArmException.notFound("SubscriptionNotFound", "The subscription '" + r.param("sub") + "' could not be found.");
    }
  }

  private synchronized ArmResponse putProfile(ArmRequest r) {
    checkSubscription(r);
    checkIfMatch(r, id(r));
    boolean created = upsert(id(r), r.param("profile"), r.json());
    return withEtag(ArmResponse.of(created ? 201 : 200, profiles.get(key(id(r))).deepCopy()), id(r));
  }

  /** Creates a profile without an API call (scenario set-up, e.g. by `stamp sim`); returns its id. */
  public synchronized String putDirect(String subscription, String resourceGroup, String name, JsonNode body) {
    String id = "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.Network/trafficManagerProfiles/" + name;
    upsert(id, name, body);
    return id;
  }

  private boolean upsert(String id, String name, JsonNode body) {
    JsonNode props = body.path("properties");
    String routing = props.path("trafficRoutingMethod").asText("");
    if (!ROUTING.contains(routing)) {
      throw ArmException.badRequest("BadRequest", "The 'trafficRoutingMethod' must be one of " + ROUTING + ".");
    }
    long ttl = props.at("/dnsConfig/ttl").asLong(-1);
    if (ttl < 0 || ttl > 2_147_483_647L) {
      throw ArmException.badRequest("BadRequest", "The TTL must be between 0 and 2147483647 seconds.");
    }
    ObjectNode profile = Json.object().put("id", id).put("name", name).put("type", "Microsoft.Network/trafficManagerProfiles")
        .put("location", "global");
    profile.set("tags", body.has("tags") ? body.get("tags") : Json.object());
    ObjectNode p = profile.putObject("properties");
    p.put("profileStatus", props.path("profileStatus").asText("Enabled")).put("trafficRoutingMethod", routing);
    ObjectNode dns = p.putObject("dnsConfig").put("relativeName", props.at("/dnsConfig/relativeName").asText(name)).put("ttl", ttl);
    dns.put("fqdn", dns.path("relativeName").asText() + ".trafficmanager.net");
    ObjectNode monitor = props.path("monitorConfig").isObject() ? ((ObjectNode) props.get("monitorConfig")).deepCopy() : Json.object();
    monitor.putIfAbsent("protocol", monitor.textNode("HTTP"));
    monitor.putIfAbsent("port", monitor.numberNode(80));
    monitor.putIfAbsent("path", monitor.textNode("/"));
    monitor.putIfAbsent("intervalInSeconds", monitor.numberNode(30));
    monitor.putIfAbsent("timeoutInSeconds", monitor.numberNode(10));
    monitor.putIfAbsent("toleratedNumberOfFailures", monitor.numberNode(3));
    checkMonitor(monitor);
    p.set("monitorConfig", monitor);
    ArrayNode endpoints = p.putArray("endpoints");
    ObjectNode previous = profiles.get(key(id));
    for (JsonNode e : props.path("endpoints")) {
      // a PUT that keeps an endpoint keeps what the monitor knows about it; only new or re-enabled ones start over
      String endpointName = e.path("name").asText();
      String knownStatus = previous == null ? null : monitorStatusOf(previous, endpointName);
      endpoints.add(endpoint(id, endpointName, e.path("type").asText("Microsoft.Network/trafficManagerProfiles/externalEndpoints"),
          e.path("properties"), knownStatus));
    }
    boolean created = previous == null;
    store(profile);
    return created;
  }

  private synchronized ArmResponse patchProfile(ArmRequest r) {
    checkSubscription(r);
    ObjectNode profile = require(r);
    checkIfMatch(r, id(r));
    JsonNode props = r.json().path("properties");
    ObjectNode p = (ObjectNode) profile.get("properties");
    if (props.has("profileStatus")) {
      p.put("profileStatus", props.get("profileStatus").asText());
    }
    if (props.at("/dnsConfig/ttl").isNumber()) {
      ((ObjectNode) p.get("dnsConfig")).put("ttl", props.at("/dnsConfig/ttl").asLong());
    }
    if (props.path("monitorConfig").isObject()) {
      ((ObjectNode) p.get("monitorConfig")).setAll((ObjectNode) props.get("monitorConfig"));
      checkMonitor((ObjectNode) p.get("monitorConfig"));
    }
    store(profile);
    return withEtag(ArmResponse.ok(profile.deepCopy()), id(r));
  }

  private static void checkMonitor(ObjectNode monitor) {
    int interval = monitor.path("intervalInSeconds").asInt();
    int timeout = monitor.path("timeoutInSeconds").asInt();
    int tolerated = monitor.path("toleratedNumberOfFailures").asInt();
    if (interval != 10 && interval != 30) {
      throw ArmException.badRequest("BadRequest", "The monitor interval must be 10 or 30 seconds.");
    }
    int maxTimeout = interval == 10 ? 9 : 10;
    if (timeout < 5 || timeout > maxTimeout) {
      throw ArmException.badRequest("BadRequest", "The monitor timeout must be between 5 and " + maxTimeout + " seconds for a "
          + interval + " second interval.");
    }
    if (tolerated < 0 || tolerated > 9) {
      throw ArmException.badRequest("BadRequest", "The tolerated number of failures must be between 0 and 9.");
    }
  }

  private ArmResponse getProfile(ArmRequest r) {
    checkSubscription(r);
    return withEtag(ArmResponse.ok(require(r).deepCopy()), id(r));
  }

  private synchronized ArmResponse deleteProfile(ArmRequest r) {
    checkSubscription(r);
    checkIfMatch(r, id(r));
    boolean existed = profiles.remove(key(id(r))) != null;
    versions.remove(key(id(r)));
    return ArmResponse.empty(existed ? 200 : 204);
  }

  private ArmResponse getEndpoint(ArmRequest r) {
    checkSubscription(r);
    return withEtag(ArmResponse.ok(findEndpoint(require(r), r.param("endpoint")).deepCopy()), id(r));
  }

  private synchronized ArmResponse writeEndpoint(ArmRequest r, boolean patch) {
    checkSubscription(r);
    ObjectNode profile = require(r);
    checkIfMatch(r, id(r));
    String type = "Microsoft.Network/trafficManagerProfiles/" + canonicalKind(r.param("kind"));
    ArrayNode endpoints = (ArrayNode) profile.at("/properties/endpoints");
    ObjectNode existing = null;
    int index = -1;
    for (int i = 0; i < endpoints.size(); i++) {
      if (endpoints.get(i).path("name").asText().equalsIgnoreCase(r.param("endpoint"))) {
        existing = (ObjectNode) endpoints.get(i);
        index = i;
      }
    }
    if (patch && existing == null) {
      throw ArmException.notFound("NotFound", "Endpoint '" + r.param("endpoint") + "' was not found in profile '" + r.param("profile") + "'.");
    }
    JsonNode given = r.json().path("properties");
    ObjectNode merged = patch ? existing.path("properties").deepCopy() : Json.object();
    if (given.isObject()) {
      merged.setAll((ObjectNode) given);
    }
    ObjectNode endpoint = endpoint(id(r), r.param("endpoint"), type, merged,
        existing == null ? null : existing.at("/properties/endpointMonitorStatus").asText());
    if (index >= 0) {
      endpoints.set(index, endpoint);
    } else {
      endpoints.add(endpoint);
    }
    store(profile);
    return withEtag(ArmResponse.of(existing == null ? 201 : 200, endpoint.deepCopy()), id(r));
  }

  private synchronized ArmResponse deleteEndpoint(ArmRequest r) {
    checkSubscription(r);
    ObjectNode profile = require(r);
    checkIfMatch(r, id(r));
    ArrayNode endpoints = (ArrayNode) profile.at("/properties/endpoints");
    for (Iterator<JsonNode> it = endpoints.elements(); it.hasNext(); ) {
      if (it.next().path("name").asText().equalsIgnoreCase(r.param("endpoint"))) {
        it.remove();
        store(profile);
        return ArmResponse.empty(200);
      }
    }
    return ArmResponse.empty(204);
  }

  /** Builds a validated endpoint document; monitor status restarts at CheckingEndpoint when (re-)enabled. */
  private static ObjectNode endpoint(String profileId, String name, String type, JsonNode props, String previousMonitorStatus) {
    String status = props.path("endpointStatus").asText("Enabled");
    if (!status.equals("Enabled") && !status.equals("Disabled")) {
      throw ArmException.badRequest("BadRequest", "The endpointStatus '" + status + "' is invalid. Allowed values: Enabled, Disabled.");
    }
    if (props.has("weight") && (!props.get("weight").canConvertToInt() || props.get("weight").asInt() < 1 || props.get("weight").asInt() > 1000)) {
      throw ArmException.badRequest("BadRequest", "The weight of endpoint '" + name + "' must be an integer between 1 and 1000.");
    }
    if (type.endsWith("externalEndpoints") && props.path("target").asText("").isBlank()) {
      throw ArmException.badRequest("BadRequest", "The target of external endpoint '" + name + "' is required.");
    }
    String kind = type.substring(type.lastIndexOf('/') + 1);
    ObjectNode e = Json.object().put("id", profileId + "/" + kind + "/" + name).put("name", name).put("type", type);
    ObjectNode p = e.putObject("properties");
    p.put("endpointStatus", status).put("target", props.path("target").asText())
        .put("weight", props.path("weight").asInt(1)).put("priority", props.path("priority").asInt(1));
    if (props.has("endpointLocation")) {
      p.put("endpointLocation", props.get("endpointLocation").asText());
    }
    String monitor = status.equals("Disabled") ? "Disabled"
        : previousMonitorStatus == null || previousMonitorStatus.equals("Disabled") ? "CheckingEndpoint" : previousMonitorStatus;
    p.put("endpointMonitorStatus", monitor);
    return e;
  }

  private static String canonicalKind(String kind) {
    for (String k : List.of("externalEndpoints", "azureEndpoints", "nestedEndpoints")) {
      if (k.equalsIgnoreCase(kind)) {
        return k;
      }
    }
    return kind;
  }

  private static String monitorStatusOf(ObjectNode profile, String endpointName) {
    for (JsonNode e : profile.at("/properties/endpoints")) {
      if (e.path("name").asText().equalsIgnoreCase(endpointName)) {
        return e.at("/properties/endpointMonitorStatus").asText(null);
      }
    }
    return null;
  }

  private static ObjectNode findEndpoint(ObjectNode profile, String name) {
    for (JsonNode e : profile.at("/properties/endpoints")) {
      if (e.path("name").asText().equalsIgnoreCase(name)) {
        return (ObjectNode) e;
      }
    }
    throw ArmException.notFound("NotFound", "Endpoint '" + name + "' was not found in profile '" + profile.path("name").asText() + "'.");
  }

  private ObjectNode require(ArmRequest r) {
    ObjectNode profile = profiles.get(key(id(r)));
    if (profile == null) {
      throw ArmException.notFound("ResourceNotFound", "The Resource 'Microsoft.Network/trafficManagerProfiles/" + r.param("profile")
          + "' under resource group '" + r.param("rg") + "' was not found.");
    }
    return profile;
  }

  private void store(ObjectNode profile) {
    String key = key(profile.path("id").asText());
    ((ObjectNode) profile.get("properties")).withObjectProperty("monitorConfig").put("profileMonitorStatus", profileStatus(profile));
    profiles.put(key, profile);
    versions.merge(key, 1L, Long::sum);
  }

  private String etag(String id) {
    Long version = versions.get(key(id));
    return version == null ? null : "\"" + Long.toHexString(0x5eed0000L + version) + "\"";
  }

  private void checkIfMatch(ArmRequest r, String id) {
    String ifMatch = r.header("If-Match");
    if (ifMatch == null || !etags) {
      return;
    }
    String current = etag(id);
    boolean matches = ifMatch.equals("*") ? current != null : ifMatch.equals(current);
    if (!matches) {
      throw new ArmException(412, "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met. "
          + "The profile was changed by someone else (current ETag " + current + ", If-Match " + ifMatch + ").");
    }
  }

  private ArmResponse withEtag(ArmResponse response, String id) {
    if (!etags) {
      return response;
    }
    String etag = etag(id);
    return etag == null ? response : response.header("ETag", etag);
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
