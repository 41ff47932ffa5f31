package io.stamprelease.core.traffic.tasks;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Makes a simulated stamp's app healthy (an Ingress routing /healthz to Ready pods) or unhealthy (scaled to 0). */
final class StampApps {
  private StampApps() {
  }

  static void deploy(SimulatedHub hub) {
    KubernetesClient client = hub.cluster().client();
    String host = hub.appHost(SimulatedCloud.APP);
    client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web")
        .withImage("registry.local/web:1.0").endContainer().endSpec().endTemplate().endSpec().build()).create();
    client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build()).create();
    client.network().v1().ingresses().inNamespace("default").resource(new IngressBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().addNewRule().withHost(host).withNewHttp().addNewPath().withPath("/").withPathType("Prefix").withNewBackend()
        .withNewService().withName("web").withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule()
        .endSpec().build()).create();
  }

  static void scale(SimulatedHub hub, int replicas) {
    hub.cluster().client().apps().deployments().inNamespace("default").withName("web").edit(d -> {
      d.getSpec().setReplicas(replicas);
      return d;
    });
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + timeout);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
