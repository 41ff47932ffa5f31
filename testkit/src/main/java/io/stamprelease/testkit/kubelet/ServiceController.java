package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The API server's ClusterIP allocator: a unique 10.0.x.y for every Service that has none (headless stays None). */
final class ServiceController {

  private final KubernetesClient client;
  private int next = 100; // below are "well-known" addresses (10.0.0.1 kubernetes, 10.0.0.10 DNS)

  ServiceController(KubernetesClient client) {
    this.client = client;
  }

  void reconcile(String ns, String name) {
    Service svc = client.services().inNamespace(ns).withName(name).get();
    if (svc == null || svc.getSpec() == null || "ExternalName".equals(svc.getSpec().getType())) {
      return;
    }
    String ip = svc.getSpec().getClusterIP();
    if (ip != null && !ip.isEmpty()) {
      return;
    }
    Set<String> used = new HashSet<>();
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      if (s.getSpec() != null && s.getSpec().getClusterIP() != null) {
        used.add(s.getSpec().getClusterIP());
      }
    }
    String chosen;
    do {
      chosen = "10.0." + (next / 254) % 256 + "." + (next % 254 + 1);
      next++;
    } while (used.contains(chosen));
    String allocated = chosen;
    client.services().inNamespace(ns).withName(name).edit(s -> {
      s.getSpec().setClusterIP(allocated);
      s.getSpec().setClusterIPs(List.of(allocated));
      if (s.getSpec().getType() == null) {
        s.getSpec().setType("ClusterIP");
      }
      return s;
    });
  }
}
