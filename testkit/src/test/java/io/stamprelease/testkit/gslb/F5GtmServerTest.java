package io.stamprelease.testkit.gslb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulated F5 BIG-IP DNS (GTM) over iControl REST")
class F5GtmServerTest {
  static SimulatedCloud cloud;
  static HttpClient http;
  static final String POOL = "/mgmt/tm/gtm/pool/a/~Common~" + SimulatedCloud.GSLB_POOL;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    http = HttpClient.newBuilder().sslContext(cloud.ca().clientContext()).build();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((SimulatedCloud.GSLB_USER + ":" + cloud.gslbPassword()).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> call(String method, String path, String body, String header, String value) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.gslb().url() + path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      b.header(header, value);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  @DisplayName("a token from /mgmt/shared/authn/login authorizes reads of the ratio pool and its members")
  void tokenLogin() throws Exception {
    HttpResponse<String> login = call("POST", "/mgmt/shared/authn/login",
        "{\"username\":\"" + SimulatedCloud.GSLB_USER + "\",\"password\":\"" + cloud.gslbPassword() + "\",\"loginProviderName\":\"tmos\"}", null, null);
    String token = json(login).at("/token/token").asText();
    HttpResponse<String> pool = call("GET", POOL, null, "X-F5-Auth-Token", token);
    HttpResponse<String> members = call("GET", POOL + "/members", null, "X-F5-Auth-Token", token);
    assertThat(json(pool).path("loadBalancingMode").asText()).isEqualTo("ratio");
    assertThat(json(pool).path("ttl").asInt()).isEqualTo(30);
    assertThat(json(members).path("items").findValuesAsText("name")).containsExactly("seattle-server:seattle-vs", "denver-server:denver-vs");
    assertThat(cloud.gslb().journal().entries()).noneMatch(e -> String.valueOf(e.body()).contains(cloud.gslbPassword()));
  }

  @Test
  @DisplayName("no credentials or a wrong password: 401, nothing changes")
  void unauthorized() throws Exception {
    assertThat(call("GET", POOL, null, null, null).statusCode()).isEqualTo(401);
    String wrong = "Basic " + Base64.getEncoder().encodeToString("stamp-release:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(call("PATCH", POOL + "/members/~Common~seattle-server:seattle-vs", "{\"ratio\":5}", "Authorization", wrong).statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("a member's ratio and enabled state change with PATCH; the generation moves; an out-of-range ratio is refused")
  void patchMember() throws Exception {
    String member = POOL + "/members/~Common~denver-server:denver-vs";
    long before = json(call("GET", member, null, "Authorization", basic())).path("generation").asLong();
    JsonNode changed = json(call("PATCH", member, "{\"ratio\":25,\"disabled\":true}", "Authorization", basic()));
    assertThat(changed.path("ratio").asInt()).isEqualTo(25);
    assertThat(changed.path("disabled").asBoolean()).isTrue();
    assertThat(changed.path("generation").asLong()).isGreaterThan(before);
    HttpResponse<String> bad = call("PATCH", member, "{\"ratio\":1000}", "Authorization", basic());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("message").asText()).contains("invalid ratio 1000");
    assertThat(json(call("PATCH", member, "{\"enabled\":true,\"ratio\":10}", "Authorization", basic())).path("enabled").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("member stats follow the stamp's health: offline while its ingress answers 404")
  void statsFollowHealth() throws Exception {
    Await.until("a member offline", Duration.ofSeconds(20),
        () -> json(call("GET", POOL + "/members/stats", null, "Authorization", basic())).findValuesAsText("description").contains("offline"));
    JsonNode stats = json(call("GET", POOL + "/members/stats", null, "Authorization", basic()));
    assertThat(stats.toString()).contains("status.availabilityState").contains("Monitor /Common/http from 127.0.0.1 : no response");
  }
}
