package io.stamprelease.testkit;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Scenario set-up: a minimal web app on a stamp — Deployment {@code web} (2 replicas), its Service, and an
 * Ingress routing the stamp's app host to it — so that the stamp's ingress answers {@code /healthz} with
 * 200 and Traffic Manager and the GSLB judge it Online; {@link #scale} to 0 makes it Degraded.
 */
public final class StampApps {
  public static final String NAMESPACE = "default";
  public static final String NAME = "web";

  private StampApps() {
  }

  public static void deployHealthy(SimulatedHub hub) {
    KubernetesClient client = hub.cluster().client();
    client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder().withNewMetadata().withName(NAME).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", NAME).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", NAME).endMetadata().withNewSpec().addNewContainer().withName(NAME)
        .withImage("registry.local/web:1.0").endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withNewMetadata().withName(NAME).endMetadata()
        .withNewSpec().addToSelector("app", NAME).addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec()
        .build()).create();
    client.network().v1().ingresses().inNamespace(NAMESPACE).resource(new IngressBuilder().withNewMetadata().withName(NAME).endMetadata()
        .withNewSpec().addNewRule().withHost(hub.appHost(SimulatedCloud.APP)).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
        .withNewBackend().withNewService().withName(NAME).withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
        .endHttp().endRule().endSpec().build()).create();
  }

  public static void scale(SimulatedHub hub, int replicas) {
    hub.cluster().client().apps().deployments().inNamespace(NAMESPACE).withName(NAME).edit(d -> {
      d.getSpec().setReplicas(replicas);
      return d;
    });
  }
}
