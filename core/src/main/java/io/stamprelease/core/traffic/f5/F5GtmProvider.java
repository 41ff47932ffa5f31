package io.stamprelease.core.traffic.f5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.SecretSource;
import io.stamprelease.core.clients.hub.TrustBundle;
import io.stamprelease.core.engine.ConflictException;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.engine.TransientException;
import io.stamprelease.core.engine.UnreachableException;
import io.stamprelease.core.traffic.DnsTiming;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Verification;
import io.stamprelease.core.traffic.Weights;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * F5 BIG-IP DNS (GTM) over iControl REST, the GSLB of disconnected hubs. The endpoints are the members of one ratio
 * pool ({@code /mgmt/tm/gtm/pool/a/~Common~<pool>}), named by stamp ({@code seattle-server:seattle-vs} → {@code seattle}).
 *
 * <ul>
 *   <li><b>Weights</b>: weight = ratio × 10 and ratio = ⌈weight / 10⌉ clamped to 1..100, so a percent plan (weights
 *       10..1000) maps exactly onto ratios 1..100; weight 1 (a probe or a minimum-weight drain) becomes ratio 1 and reads
 *       back as weight 10, which {@link #verify} accepts.</li>
 *   <li><b>Monitor</b>: member stats {@code status.availabilityState} available → Online, offline → Degraded, unknown →
 *       CheckingEndpoint; a disabled member → Disabled.</li>
 *   <li><b>Timing</b>: the TTL is the pool's {@code ttl}; the probe numbers are those of GTM's {@code /Common/http}
 *       monitor defaults (interval 30 s, timeout 120 s). GTM marks a member down when a probe times out, so it has no
 *       "tolerated failures": 0.</li>
 *   <li><b>Concurrency</b>: iControl REST has no ETag/If-Match. The etag is the pool's {@code generation} (bumped on every
 *       member change); {@link #apply} re-reads it and refuses with a {@link ConflictException} when it moved. A change made
 *       by someone else between that re-read and our PATCHes is not detected — the window is one round trip; the
 *       verify task that follows every apply reads the members back and reports any difference.</li>
 * </ul>
 */
public final class F5GtmProvider implements TrafficProvider {
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String username;
  private final SecretSource password;
  private final String pool;
  private final String poolPath;
  private final HttpClient http;
  private volatile String token;

  public F5GtmProvider(URI url, String username, SecretSource password, String pool, TrustBundle trust) {
    if (pool == null || !pool.matches("/[^/]+/[^/]+")) {
      throw new IllegalArgumentException("profile: an F5 pool /<partition>/<pool> is required (was '" + pool + "')");
    }
    this.url = URI.create(url.toString().replaceAll("/+$", ""));
    this.username = username;
    this.password = password;
    this.pool = pool;
    String[] parts = pool.substring(1).split("/");
    this.poolPath = "/mgmt/tm/gtm/pool/a/~" + parts[0] + "~" + parts[1];
    this.http = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(Duration.ofSeconds(20)).build();
  }

  public static F5GtmProvider of(GslbSpec spec, String poolOverride) {
    return new F5GtmProvider(spec.url(), spec.username(), spec.password(), poolOverride == null ? spec.pool() : poolOverride,
        spec.caFile() == null ? TrustBundle.systemDefault() : TrustBundle.fromPemFile(spec.caFile(), io.stamprelease.core.clients.hub.GslbSpec.Field.CA_FILE));
  }

  @Override
  public ProviderType type() {
    return ProviderType.F5_GTM;
  }

  /** {@code seattle-server:seattle-vs} → {@code seattle}; any other member keeps its name. */
  static String stampOf(String member) {
    int colon = member.indexOf(':');
    if (colon > 0) {
      String server = member.substring(0, colon);
      String vs = member.substring(colon + 1);
      if (server.endsWith("-server") && vs.endsWith("-vs")
          && server.substring(0, server.length() - 7).equals(vs.substring(0, vs.length() - 3))) {
        return server.substring(0, server.length() - 7);
      }
    }
    return member;
  }

  static int weightOf(int ratio) {
    return Math.max(Weights.MIN_WEIGHT, Math.min(Weights.MAX_WEIGHT, ratio * Weights.WEIGHT_PER_PERCENT));
  }

  static int ratioOf(int weight) {
    return Math.max(1, Math.min(100, (weight + Weights.WEIGHT_PER_PERCENT - 1) / Weights.WEIGHT_PER_PERCENT));
  }

  private record Member(String name, String stamp, int ratio, boolean enabled) {
  }

  private record Snapshot(long generation, long ttl, List<Member> members) {
  }

  @Override
  public TrafficState read() throws IOException {
    Snapshot s = snapshot();
    Map<String, String> availability = new HashMap<>();
    for (JsonNode entry : call("GET", poolPath + "/members/stats", null).path("entries")) {
      JsonNode nested = entry.at("/nestedStats/entries");
      availability.put(nested.at("/memberName/description").asText(), nested.at("/status.availabilityState/description").asText("unknown"));
    }
    List<EndpointState> endpoints = new ArrayList<>();
    for (Member m : s.members()) {
      MonitorStatus monitor = !m.enabled() ? MonitorStatus.Disabled : switch (availability.getOrDefault(m.name(), "unknown")) {
        case "available" -> MonitorStatus.Online;
        case "offline" -> MonitorStatus.Degraded;
        default -> MonitorStatus.CheckingEndpoint;
      };
      endpoints.add(new EndpointState(m.stamp(), m.enabled(), weightOf(m.ratio()), monitor, m.name()));
    }
    return new TrafficState(type().value(), pool, endpoints, new DnsTiming(Duration.ofSeconds(s.ttl()), PROBE_INTERVAL, 0, PROBE_TIMEOUT),
        String.valueOf(s.generation()));
  }

  @Override
  public TrafficState apply(TrafficState expected, TrafficChange change) throws IOException {
    Snapshot now = snapshot();
    if (!String.valueOf(now.generation()).equals(expected.etag())) {
      throw new ConflictException("someone else changed F5 pool " + pool + " since it was read (generation " + expected.etag() + " → "
          + now.generation() + ")");
    }
    Map<String, Member> byStamp = new LinkedHashMap<>();
    now.members().forEach(m -> byStamp.put(m.stamp(), m));
    for (Map.Entry<String, EndpointSetting> want : change.desired().entrySet()) {
      Member m = byStamp.get(want.getKey());
      if (m == null) {
        throw new ConflictException("F5 pool " + pool + " has no member for '" + want.getKey() + "' any more; someone else changed it");
      }
      int ratio = ratioOf(want.getValue().weight());
      if (m.ratio() == ratio && m.enabled() == want.getValue().enabled()) {
        continue;
      }
      ObjectNode body = JSON.createObjectNode().put("ratio", ratio).put(want.getValue().enabled() ? "enabled" : "disabled", true);
      String[] partition = pool.substring(1).split("/");
      call("PATCH", poolPath + "/members/~" + partition[0] + "~" + m.name(), body);
    }
    return read();
  }

  /** Weights as the pool can hold them (ratio steps of 10): the weight-1 probe reads back as 10. */
  @Override
  public Verification verify(TrafficChange change) throws IOException {
    Map<String, EndpointSetting> stored = new LinkedHashMap<>();
    change.desired().forEach((name, s) -> stored.put(name, new EndpointSetting(s.enabled(), weightOf(ratioOf(s.weight())))));
    return Verification.compare(read(), TrafficChange.of(stored, change.actor(), change.reason()));
  }

  private Snapshot snapshot() throws IOException {
    JsonNode p = call("GET", poolPath, null);
    List<Member> members = new ArrayList<>();
    for (JsonNode m : call("GET", poolPath + "/members", null).path("items")) {
      String name = m.path("name").asText();
      members.add(new Member(name, stampOf(name), m.path("ratio").asInt(1), !m.path("disabled").asBoolean(false)));
    }
    return new Snapshot(p.path("generation").asLong(), p.path("ttl").asLong(30), members);
  }

  private JsonNode call(String method, String path, JsonNode body) throws IOException {
    if (token == null) {
      login();
    }
    HttpResponse<String> r = send(method, path, body, token);
    if (r.statusCode() == 401) { // the token expired (20 min by default): log in once more
      login();
      r = send(method, path, body, token);
    }
    return check(method, path, r);
  }

  private void login() throws IOException {
    ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password.read(io.stamprelease.core.clients.hub.GslbSpec.Field.PASSWORD))
        .put("loginProviderName", "tmos");
    HttpResponse<String> r = send("POST", "/mgmt/shared/authn/login", body, null);
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new UnreachableException("F5 BIG-IP DNS " + url + ": login refused for user " + username + " (HTTP " + r.statusCode()
          + "); check the password in " + password, null);
    }
    token = check("POST", "/mgmt/shared/authn/login", r).at("/token/token").asText(null);
    if (token == null) {
      throw new TerminalException("F5 BIG-IP DNS " + url + ": login answered without a token");
    }
  }

  private HttpResponse<String> send(String method, String path, JsonNode body, String authToken) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
        .header("Content-Type", "application/json");
    if (authToken != null) {
      b.header("X-F5-Auth-Token", authToken);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new UnreachableException("F5 BIG-IP DNS " + url + " cannot be reached (" + e.getClass().getSimpleName()
          + "); is this agent inside the management network?", e);
    } catch (javax.net.ssl.SSLHandshakeException e) {
      throw new UnreachableException("F5 BIG-IP DNS " + url + ": its certificate is not trusted; give its CA bundle with gslb.caFile", e);
    } catch (HttpTimeoutException e) {
      throw new TransientException("F5 BIG-IP DNS " + url + ": " + method + " " + path + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private JsonNode check(String method, String path, HttpResponse<String> r) throws IOException {
    int status = r.statusCode();
    JsonNode json = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    if (status < 400) {
      return json;
    }
    String where = "F5 BIG-IP DNS " + url + ": " + method + " " + path;
    String message = json.path("message").asText("");
    if (status == 401 || status == 403) {
      throw new UnreachableException(where + " refused (HTTP " + status + "): " + message, null);
    }
    if (status == 429 || status >= 500) {
      throw new TransientException(where + " answered " + status + (message.isEmpty() ? "" : ": " + message));
    }
    throw new TerminalException(where + " answered " + status + ": " + message);
  }
}
