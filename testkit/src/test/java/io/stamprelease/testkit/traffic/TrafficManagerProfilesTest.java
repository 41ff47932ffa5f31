package io.stamprelease.testkit.traffic;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Traffic Manager in the simulated public region (2022-04-01 shape)")
class TrafficManagerProfilesTest {
  static SimulatedCloud cloud;
  static HttpClient http;
  static String profile;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    http = HttpClient.newBuilder().sslContext(cloud.ca().clientContext()).build();
    profile = cloud.trafficProfileId().orElseThrow();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {
    String etag() {
      return headers.getOrDefault("etag", java.util.List.of("")).get(0);
    }
  }

  static Answer call(String method, String path, String body, String ifMatch) throws Exception {
    var region = cloud.publicRegion();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(region.arm().baseUrl() + path + "?api-version=2022-04-01"))
        .header("Authorization", "Bearer " + region.arm().tokens().issue(region.clientId(), 600))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : new ObjectMapper().readTree(r.body()), r.headers().map());
  }

  @Test
  @DisplayName("GET returns the weighted profile with external endpoints, monitor config and an ETag")
  void readsProfile() throws Exception {
    Answer a = call("GET", profile, null, null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.etag()).isNotBlank();
    assertThat(a.body().at("/properties/trafficRoutingMethod").asText()).isEqualTo("Weighted");
    assertThat(a.body().at("/properties/dnsConfig/ttl").asInt()).isEqualTo(30);
    assertThat(a.body().at("/properties/monitorConfig/toleratedNumberOfFailures").asInt()).isEqualTo(3);
    assertThat(a.body().at("/properties/endpoints").findValuesAsText("target")).containsExactly(
        "app.apps.seattle.azurestack.sim", "app.apps.denver.azurestack.sim");
  }

  @Test
  @DisplayName("an endpoint update with the current ETag succeeds and changes the ETag; the stale ETag then gets 412")
  void optimisticConcurrency() throws Exception {
    // Given
    String etag = call("GET", profile, null, null).etag();
    String endpoint = profile + "/externalEndpoints/seattle";
    // When
    Answer first = call("PATCH", endpoint, "{\"properties\":{\"weight\":900}}", etag);
    Answer stale = call("PATCH", endpoint, "{\"properties\":{\"weight\":100}}", etag);
    // Then
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().at("/properties/weight").asInt()).isEqualTo(900);
    assertThat(first.etag()).isNotEqualTo(etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.body().at("/error/code").asText()).isEqualTo("PreconditionFailed");
    assertThat(call("GET", endpoint, null, null).body().at("/properties/weight").asInt()).isEqualTo(900);
  }

  @Test
  @DisplayName("weights outside 1..1000 and unknown endpoint statuses are refused with 400, nothing changed")
  void validation() throws Exception {
    String endpoint = profile + "/externalEndpoints/denver";
    int before = call("GET", endpoint, null, null).body().at("/properties/weight").asInt();
    assertThat(call("PATCH", endpoint, "{\"properties\":{\"weight\":0}}", null).status()).isEqualTo(400);
    assertThat(call("PATCH", endpoint, "{\"properties\":{\"weight\":1001}}", null).status()).isEqualTo(400);
    assertThat(call("PATCH", endpoint, "{\"properties\":{\"endpointStatus\":\"Paused\"}}", null).body().at("/error/message").asText())
        .contains("Allowed values: Enabled, Disabled");
    assertThat(call("GET", endpoint, null, null).body().at("/properties/weight").asInt()).isEqualTo(before);
  }

  @Test
  @DisplayName("a whole-profile PUT with If-Match keeps the monitor status of endpoints it keeps")
  void putKeepsMonitorStatus() throws Exception {
    // Given the monitor has judged every endpoint
    Await.until("the monitor judged every endpoint", java.time.Duration.ofSeconds(20),
        () -> !call("GET", profile, null, null).body().toString().contains("CheckingEndpoint"));
    Answer current = call("GET", profile, null, null);
    String before = current.body().at("/properties/endpoints/0/properties/endpointMonitorStatus").asText();
    // When the profile is PUT back with one weight changed
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) current.body().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) body.at("/properties/endpoints/1/properties")).put("weight", 7);
    Answer put = call("PUT", profile, body.toString(), current.etag());
    // Then
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().at("/properties/endpoints/1/properties/weight").asInt()).isEqualTo(7);
    assertThat(put.body().at("/properties/endpoints/0/properties/endpointMonitorStatus").asText()).isEqualTo(before);
    assertThat(call("PUT", profile, body.toString(), current.etag()).status()).isEqualTo(412);
  }

  @Test
  @DisplayName("without ETags (the 2022-04-01 swagger defines neither etag nor If-Match) no response carries an ETag and a stale "
      + "If-Match is ignored, so a concurrent change is not refused")
  void withoutEtags() throws Exception {
    // Given
    cloud.publicRegion().trafficManager().etags(false);
    try {
      String endpoint = profile + "/externalEndpoints/denver";
      // When
      Answer read = call("GET", profile, null, null);
      Answer patched = call("PATCH", endpoint, "{\"properties\":{\"weight\":321}}", "\"stale-etag\"");
      Answer put = call("PUT", profile, read.body().toString(), "\"stale-etag\"");
      // Then
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.headers()).doesNotContainKey("etag");
      assertThat(read.body().has("etag")).isFalse();
      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.headers()).doesNotContainKey("etag");
      assertThat(put.status()).isEqualTo(200);
      assertThat(put.headers()).doesNotContainKey("etag");
    } finally {
      cloud.publicRegion().trafficManager().etags(true);
    }
  }

  @Test
  @DisplayName("endpoint names and the endpoint type segment are matched case-insensitively; the endpoint keeps the casing of the "
      + "latest write and is never duplicated")
  void endpointNamesCaseInsensitive() throws Exception {
    // Given
    int before = call("GET", profile, null, null).body().at("/properties/endpoints").size();
    try {
      // When
      Answer patched = call("PATCH", profile + "/EXTERNALENDPOINTS/SEATTLE", "{\"properties\":{\"weight\":777}}", null);
      Answer read = call("GET", profile + "/externalEndpoints/SeAtTlE", null, null);
      JsonNode endpoints = call("GET", profile, null, null).body().at("/properties/endpoints");
      // Then
      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.body().path("name").asText()).isEqualTo("SEATTLE");
      assertThat(patched.body().path("type").asText()).isEqualTo("Microsoft.Network/trafficManagerProfiles/externalEndpoints");
      assertThat(read.body().at("/properties/weight").asInt()).isEqualTo(777);
      assertThat(endpoints).hasSize(before);
      assertThat(endpoints.findValuesAsText("name")).filteredOn(n -> n.equalsIgnoreCase("seattle")).containsExactly("SEATTLE");
    } finally {
      call("PATCH", profile + "/externalEndpoints/seattle", "{\"properties\":{\"weight\":500}}", null);
    }
  }

  @Test
  @DisplayName("profiles are listed per resource group and per subscription, in pages with a nextLink when the region pages")
  void listsArePaged() throws Exception {
    // Given two more profiles in their own group, and a region serving one profile a page
    String group = "/subscriptions/" + cloud.publicRegion().arm().subscriptionId() + "/resourceGroups/tm-list/providers/"
        + "Microsoft.Network/trafficmanagerprofiles";
    for (String name : List.of("list-a", "list-b")) {
      String body = "{\"location\":\"global\",\"properties\":{\"profileStatus\":\"Enabled\",\"trafficRoutingMethod\":\"Weighted\","
          + "\"dnsConfig\":{\"relativeName\":\"" + name + "\",\"ttl\":30},\"endpoints\":[]}}";
      assertThat(call("PUT", group + "/" + name, body, null).status()).isEqualTo(201);
    }
    cloud.publicRegion().arm().contract().pageSize(1);
    try {
      // When
      List<String> byGroup = allNames(group);
      List<String> bySubscription = allNames("/subscriptions/" + cloud.publicRegion().arm().subscriptionId()
          + "/providers/Microsoft.Network/trafficmanagerprofiles");
      // Then
      assertThat(byGroup).containsExactlyInAnyOrder("list-a", "list-b");
      assertThat(bySubscription).contains("list-a", "list-b", "stamp-release-app").doesNotHaveDuplicates();
    } finally {
      cloud.publicRegion().arm().contract().reset();
    }
  }

  /** Follows nextLink through every page; asserts each page holds at most one profile. */
  static List<String> allNames(String path) throws Exception {
    List<String> names = new ArrayList<>();
    Answer page = call("GET", path, null, null);
    while (true) {
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().path("value").size()).isLessThanOrEqualTo(1);
      page.body().path("value").forEach(p -> names.add(p.path("name").asText()));
      if (!page.body().hasNonNull("nextLink")) {
        return names;
      }
      page = absolute(page.body().get("nextLink").asText());
    }
  }

  static Answer absolute(String url) throws Exception {
    var region = cloud.publicRegion();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + region.arm().tokens().issue(region.clientId(), 600)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : new ObjectMapper().readTree(r.body()), r.headers().map());
  }

  @Test
  @DisplayName("Traffic Manager's api-version is checked in the public region too")
  void apiVersion() throws Exception {
    var region = cloud.publicRegion();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(region.arm().baseUrl() + profile + "?api-version=2015-11-01"))
        .header("Authorization", "Bearer " + region.arm().tokens().issue(region.clientId(), 600)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("NoRegisteredProviderFound");
  }
}
