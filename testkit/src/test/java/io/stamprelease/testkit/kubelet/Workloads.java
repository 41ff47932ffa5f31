package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/** Builders for the workloads the simulator tests deploy. */
final class Workloads {

  static PodTemplateSpec template(String app, String image, String behavior) {
    PodTemplateSpecBuilder b = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", app).endMetadata()
        .withNewSpec().addNewContainer().withName(app).withImage(image).endContainer().endSpec();
    if (behavior != null) {
      b.editMetadata().addToAnnotations(PodBehavior.ANNOTATION, behavior).endMetadata();
    }
    return b.build();
  }

  static Deployment deployment(String ns, String name, int replicas, String image) {
    return deployment(ns, name, replicas, image, null);
  }

  static Deployment deployment(String ns, String name, int replicas, String image, String behavior) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withTemplate(template(name, image, behavior))
        .endSpec().build();
  }

  static List<Pod> pods(KubernetesClient client, String ns) {
    return client.pods().inNamespace(ns).list().getItems();
  }

  static List<Event> events(KubernetesClient client, String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  private Workloads() {
  }
}
