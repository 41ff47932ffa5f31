package io.stamprelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Node names: a VM joins the cluster under a name Kubernetes can hold, or not at all")
class NodeNamesTest {
  static SimulatedCloud cloud;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(1, HubSettings.fast());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  @DisplayName("VMs named with an underscore (ARM accepts them) never get a Node; VMs with capitals join under their lower-cased name")
  void nodeNames() throws Exception {
    // Given a deployment whose VM names carry an underscore, which ARM accepts
    SimulatedHub hub = cloud.hub("seattle");
    hub.arm().createResourceGroup("rg-underscore");
    Cluster underscore = Cluster.of("under", "with_underscore", 1, Map.of("agentpool1", 1));
    HttpClient http = HttpClient.newBuilder().sslContext(cloud.ca().clientContext()).build();
    String url = hub.arm().baseUrl() + "/subscriptions/" + hub.arm().subscriptionId()
        + "/resourcegroups/rg-underscore/providers/Microsoft.Resources/deployments/under?api-version=2019-10-01";
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + hub.arm().tokens().issue(hub.clientId(), 600)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(AksEngineTemplates.deploymentBody(AksEngineTemplates.template(underscore),
            AksEngineTemplates.parameters(underscore), "Incremental").toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(201);
    Await.until("the underscore VMs exist", Duration.ofSeconds(30),
        () -> hub.resources("rg-underscore", "Microsoft.Compute/virtualMachines").size() == 2);
    // When a cluster whose VM names have capitals is deployed after it (same boot delay, so its Nodes join later)
    hub.deployCluster("rg-capitals", Cluster.of("caps", "Caps4242", 1, Map.of("agentpool1", 1)), Duration.ofSeconds(60));
    // Then only the capitals' VMs have Nodes, lower-cased
    assertThat(hub.cluster().client().nodes().list().getItems()).extracting(Node::getMetadata).extracting(m -> m.getName())
        .containsExactlyInAnyOrder("k8s-master-caps4242-0", "k8s-agentpool1-caps4242-0");
  }
}
