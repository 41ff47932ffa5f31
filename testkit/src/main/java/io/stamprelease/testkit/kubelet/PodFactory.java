package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Creates a controller's pod from its template: labels, annotations, controller ownerReference, deep-copied spec. */
final class PodFactory {

  private final KubernetesClient client;
  private final EventRecorder events;

  PodFactory(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /** @param name exact pod name, or null for {@code <owner>-<5 random>} */
  Pod create(HasMetadata owner, PodTemplateSpec template, String name, Map<String, String> extraLabels,
             Consumer<PodSpec> adjust, String component) {
    String ns = owner.getMetadata().getNamespace();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template.getMetadata() != null) {
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      if (template.getMetadata().getAnnotations() != null) {
        annotations.putAll(template.getMetadata().getAnnotations());
      }
    }
    labels.putAll(extraLabels);
    PodSpec spec = client.getKubernetesSerialization().clone(template.getSpec());
    adjust.accept(spec);
    for (int attempt = 0; ; attempt++) {
      String podName = name != null ? name : owner.getMetadata().getName() + "-" + KubeObjects.randomSuffix(5);
      Pod pod = new PodBuilder()
          .withNewMetadata().withName(podName).withNamespace(ns).withLabels(labels).withAnnotations(annotations)
          .withOwnerReferences(KubeObjects.controllerRef(owner)).endMetadata()
          .withSpec(spec).build();
      try {
        Pod created = client.pods().inNamespace(ns).resource(pod).create();
        events.normal(owner, component, null, "SuccessfulCreate", "Created pod: " + podName);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || name != null || attempt >= 3) {
          throw e;
        }
      }
    }
  }

  void delete(HasMetadata owner, Pod pod, String component) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    events.normal(owner, component, null, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
  }
}
