package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events as the kubelet, scheduler and controllers do. Best effort: a failed write is only logged. */
final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void normal(HasMetadata about, String component, String host, String reason, String message) {
    record(about, null, component, host, "Normal", reason, message);
  }

  void warning(HasMetadata about, String component, String host, String reason, String message) {
    record(about, null, component, host, "Warning", reason, message);
  }

  /** @param fieldPath e.g. {@code spec.containers{web}} for container events, or null */
  void record(HasMetadata about, String fieldPath, String component, String host, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String now = KubeObjects.now();
    Event event = new EventBuilder()
        .withNewMetadata().withNamespace(ns)
        .withName(about.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()) + KubeObjects.randomSuffix(3))
        .endMetadata()
        .withNewInvolvedObject().withApiVersion(about.getApiVersion()).withKind(about.getKind()).withNamespace(ns)
        .withName(about.getMetadata().getName()).withUid(about.getMetadata().getUid())
        .withResourceVersion(about.getMetadata().getResourceVersion()).withFieldPath(fieldPath).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withNewSource().withComponent(component).withHost(host).endSource()
        .withReportingComponent(component).withReportingInstance(host == null ? component : host)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} {} on {}/{}: {}", reason, message, ns, about.getMetadata().getName(), e.toString());
    }
  }
}
