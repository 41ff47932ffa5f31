package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.tls.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A simulated hub's ARM driven by a plain JDK HTTP client: no retry policy, no poller, so every answer the fake
 * gives (a 202 without body, a 404 on a status read, a missing header) is seen as it is.
 */
final class RawArm implements AutoCloseable {
  static final String SUB = "22222222-3333-4444-5555-666666666666";
  static final String CLIENT = "6d9a4d4c-0000-4000-8000-0000000000b2";

  final TestCertificateAuthority ca;
  final ScheduledExecutorService scheduler;
  final FakeArm arm;
  final HttpClient http;

  private RawArm(ArmTimings timings) {
    ca = TestCertificateAuthority.create("contract CA");
    scheduler = Executors.newScheduledThreadPool(2);
    var cert = ca.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
    arm = FakeArm.hub("hub", "local", "azurestack.sim", SUB,
        new TokenService(IdentitySystem.ADFS, null, "https://management.adfs.azurestack.local/c0ffee00-0000"), cert, timings, scheduler, false)
        .start();
    http = HttpClient.newBuilder().sslContext(ca.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A hub whose deployments take 600 ms and deletes 150 ms, with {@code Retry-After: 1}. */
  static RawArm start() {
    return new RawArm(new ArmTimings(Duration.ofMillis(600), Duration.ofMillis(150), 1));
  }

  record Answer(int status, JsonNode body, String text, HttpResponse<String> raw) {
    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    String errorCode() {
      return body == null ? "" : body.at("/error/code").asText();
    }
  }

  Answer send(String method, String pathOrUrl, String body) {
    return send(method, pathOrUrl, body, Duration.ofSeconds(30));
  }

  /** Sends with a per-request timeout (a held answer then surfaces as {@link java.net.http.HttpTimeoutException}). */
  Answer send(String method, String pathOrUrl, String body, Duration timeout) {
    String url = pathOrUrl.startsWith("https://") ? pathOrUrl : arm.baseUrl() + pathOrUrl;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Authorization", "Bearer " + arm.tokens().issue(CLIENT, 3600))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
      return new Answer(r.statusCode(), json, r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String pathOrUrl) {
    return send("GET", pathOrUrl, null);
  }

  static String rg(String name) {
    return "/subscriptions/" + SUB + "/resourcegroups/" + name;
  }

  static String deployment(String rg, String name) {
    return rg(rg) + "/providers/Microsoft.Resources/deployments/" + name;
  }

  void putResourceGroup(String name) {
    Answer a = send("PUT", rg(name) + "?api-version=2019-10-01", "{\"location\":\"local\"}");
    if (a.status() / 100 != 2) {
      throw new AssertionError("resource group " + name + " refused: " + a.status() + " " + a.text());
    }
  }

  static String clusterBody(Cluster cluster) {
    return AksEngineTemplates.deploymentBody(AksEngineTemplates.template(cluster), AksEngineTemplates.parameters(cluster), "Incremental")
        .toString();
  }

  /** A template creating nothing (only literal names are created; there are none), for deployments in bulk. */
  static String emptyBody() {
    return "{\"properties\":{\"mode\":\"Incremental\",\"template\":{\"resources\":[]}}}";
  }

  /** Deploys {@code cluster} into {@code rg} as {@code name} and waits until the deployment ended Succeeded (deadline 30 s). */
  void deployCluster(String rg, String name, Cluster cluster) {
    Answer put = send("PUT", deployment(rg, name) + "?api-version=2019-10-01", clusterBody(cluster));
    if (put.status() != 201 && put.status() != 200) {
      throw new AssertionError("deployment refused: " + put.status() + " " + put.text());
    }
    awaitDeployment(rg, name, "Succeeded");
  }

  /** Waits until GET of the deployment answers {@code state} (deadline 30 s). */
  void awaitDeployment(String rg, String name, String state) {
    io.stamprelease.testkit.Await.until("deployment " + name + " " + state, Duration.ofSeconds(30), () -> {
      Answer a = get(deployment(rg, name) + "?api-version=2019-10-01");
      return a.status() == 200 && a.body().at("/properties/provisioningState").asText().equals(state);
    });
  }

  /** Reads every page of a list, following {@code nextLink}; returns the pages. */
  List<Answer> allPages(String pathAndQuery) {
    List<Answer> pages = new ArrayList<>();
    String next = pathAndQuery;
    while (next != null) {
      Answer page = get(next);
      if (page.status() != 200) {
        throw new AssertionError("page refused: " + page.status() + " " + page.text());
      }
      pages.add(page);
      next = page.body().hasNonNull("nextLink") ? page.body().get("nextLink").asText() : null;
      if (pages.size() > 1000) {
        throw new AssertionError("more than 1000 pages: nextLink loops");
      }
    }
    return pages;
  }

  static List<String> ids(List<Answer> pages) {
    List<String> ids = new ArrayList<>();
    pages.forEach(p -> p.body().path("value").forEach(v -> ids.add(v.path("id").asText())));
    return ids;
  }

  static Map<String, String> query(String url) {
    return ArmServer.parseQuery(URI.create(url).getRawQuery());
  }

  @Override
  public void close() {
    arm.close();
    scheduler.shutdownNow();
  }
}
