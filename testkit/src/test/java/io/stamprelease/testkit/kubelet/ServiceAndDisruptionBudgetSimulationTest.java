package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAndDisruptionBudgetSimulationTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = new SimulatedCluster();
    client = cluster.client;
    cluster.sim.addNode(NodeSpec.agent("node-0", "pool"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private static Service service(String ns, String name, String clusterIP) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withClusterIP(clusterIP).addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build();
  }

  @Test
  @DisplayName("Services get unique 10.0.x.y cluster IPs; headless Services keep clusterIP None")
  void clusterIps() {
    // Given
    String ns = "svc";
    // When
    client.services().inNamespace(ns).resource(service(ns, "web", null)).create();
    client.services().inNamespace(ns).resource(service(ns, "api", null)).create();
    client.services().inNamespace(ns).resource(service(ns, "db", "None")).create();
    // Then
    Service web = cluster.await(() -> client.services().inNamespace(ns).withName("web").get(), s -> s.getSpec().getClusterIP() != null, "web");
    Service api = cluster.await(() -> client.services().inNamespace(ns).withName("api").get(), s -> s.getSpec().getClusterIP() != null, "api");
    assertThat(web.getSpec().getClusterIP()).matches("10\\.0\\.\\d+\\.\\d+").isNotEqualTo(api.getSpec().getClusterIP());
    assertThat(web.getSpec().getClusterIPs()).containsExactly(web.getSpec().getClusterIP());
    assertThat(client.services().inNamespace(ns).withName("db").get().getSpec().getClusterIP()).isEqualTo("None");
  }

  @Test
  @DisplayName("a PodDisruptionBudget's status follows the Ready pods it selects")
  void disruptionBudgetStatus() {
    // Given
    String ns = "pdb";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 3, "nginx:1.27")).create();
    PodDisruptionBudget pdb = new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
        .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .endSpec().build();

    // When
    client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(pdb).create();

    // Then
    PodDisruptionBudget healthy = cluster.await(() -> client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").get(), b -> b.getStatus() != null && Integer.valueOf(3).equals(b.getStatus().getCurrentHealthy()), "web");
    assertThat(healthy.getStatus().getExpectedPods()).isEqualTo(3);
    assertThat(healthy.getStatus().getDesiredHealthy()).isEqualTo(2);
    assertThat(healthy.getStatus().getDisruptionsAllowed()).isEqualTo(1);
    assertThat(healthy.getStatus().getObservedGeneration()).isEqualTo(healthy.getMetadata().getGeneration());
    assertThat(healthy.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("SufficientPods"));

    // When: the node stops posting status, so no pod is Ready any more
    cluster.sim.setNodeReady("node-0", false);

    // Then
    PodDisruptionBudget starved = cluster.await(() -> client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").get(), b -> Integer.valueOf(0).equals(b.getStatus().getCurrentHealthy()), "web");
    assertThat(starved.getStatus().getDisruptionsAllowed()).isZero();
    assertThat(starved.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("InsufficientPods"));
  }
}
