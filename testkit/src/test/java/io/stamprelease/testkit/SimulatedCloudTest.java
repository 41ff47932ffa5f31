package io.stamprelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A simulated cloud of two hubs with clusters and a Traffic Manager profile")
class SimulatedCloudTest {
  static SimulatedCloud cloud;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  @DisplayName("each hub's cluster was created by a template deployment and its 6 nodes are Ready")
  void clustersAreReady() {
    for (SimulatedHub hub : cloud.hubs()) {
      assertThat(hub.readyNodes()).as(hub.name()).isEqualTo(6);
      assertThat(hub.resources(SimulatedCloud.resourceGroupOf(hub), "Microsoft.Compute/virtualMachines")).hasSize(6);
      assertThat(hub.arm().journal().writes()).anyMatch(e -> e.method().equals("PUT") && e.path().contains("/deployments/"));
    }
    var node = cloud.hub("seattle").cluster().client().nodes()
        .withName("k8s-agentpool1-" + SimulatedCloud.clusterOf(cloud.hub("seattle")).nameSuffix() + "-0").get();
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).as("the version the deployment's VMs are tagged with").isEqualTo("v1.33.5");
    assertThat(node.getMetadata().getLabels()).containsEntry("agentpool", "agentpool1");
  }

  @Test
  @DisplayName("Traffic Manager marks a stamp without the app Degraded and a stamp serving it Online")
  void trafficManagerFollowsStampHealth() {
    // Given the app is served on seattle only
    SimulatedHub seattle = cloud.hub("seattle");
    StampApps.deployHealthy(seattle);
    // Then the monitor converges: seattle Online, denver Degraded (its ingress answers 404)
    Await.until("seattle Online and denver Degraded", Duration.ofSeconds(30),
        () -> "Online".equals(monitorStatus("seattle")) && "Degraded".equals(monitorStatus("denver")));
    assertThat(seattle.ingress().answer(seattle.appHost(SimulatedCloud.APP), "/healthz").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("writeConfig writes hubs.yaml without secrets, and kubeconfigs and secrets with permissions 0600")
  void configFiles(@TempDir Path dir) throws Exception {
    SimConfigFiles files = cloud.writeConfig(dir);
    String yaml = Files.readString(files.hubsYaml());
    assertThat(yaml).contains("name: seattle", "identitySystem: adfs", "identitySystem: azure_ad", "clientSecretFile: secrets/seattle.client-secret");
    assertThat(yaml).doesNotContain(cloud.hub("seattle").clientSecret()).doesNotContain(cloud.publicRegion().clientSecret());
    assertThat(yaml).contains("type: f5-gtm", "passwordFile: secrets/f5-gtm.password").doesNotContain(cloud.gslbPassword());
    for (Path secret : List.of(dir.resolve("seattle.kubeconfig"), dir.resolve("secrets/denver.client-secret"),
        dir.resolve("secrets/f5-gtm.password"))) {
      assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
    assertThat(Files.readString(files.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  @DisplayName("deleting a VM through ARM leaves its node NotReady once the delete LRO completes")
  void deletedVmMakesNodeNotReady() throws Exception {
    // Given
    SimulatedHub denver = cloud.hub("denver");
    String vm = "k8s-agentpool1-" + SimulatedCloud.clusterOf(denver).nameSuffix() + "-2";
    String path = "/subscriptions/" + denver.arm().subscriptionId() + "/resourceGroups/" + SimulatedCloud.resourceGroupOf(denver)
        + "/providers/Microsoft.Compute/virtualMachines/" + vm + "?api-version=2020-06-01";
    HttpClient http = HttpClient.newBuilder().sslContext(cloud.ca().clientContext()).build();
    // When
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(denver.arm().baseUrl() + path)).DELETE()
        .header("Authorization", "Bearer " + denver.arm().tokens().issue(denver.clientId(), 600)).build(), HttpResponse.BodyHandlers.ofString());
    // Then
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Azure-AsyncOperation")).isPresent();
    denver.cluster().client().nodes().withName(vm).waitUntilCondition(n -> n != null && !SimulatedHub.isReady(n), 10, TimeUnit.SECONDS);
    assertThat(SimulatedHub.isReady(denver.cluster().client().nodes().withName(vm).get())).isFalse();
  }

  static String monitorStatus(String stamp) {
    JsonNode profile = cloud.publicRegion().trafficManager().all().get(0);
    for (JsonNode e : profile.at("/properties/endpoints")) {
      if (e.path("name").asText().equals(stamp)) {
        return e.at("/properties/endpointMonitorStatus").asText();
      }
    }
    return null;
  }
}
