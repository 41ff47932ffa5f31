package io.stamprelease.core.release;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.kube.KubeClients;
import java.util.Map;
import java.util.TreeMap;

/** Ready nodes per pool of a stamp's cluster, for the report (a seam: tests count without a cluster). */
@FunctionalInterface
public interface NodeCounter {
  Map<String, Integer> count(StampTarget target);

  /** The cluster's Ready Nodes by their {@code agentpool} label, else their role. */
  NodeCounter KUBERNETES = target -> {
    try (KubernetesClient client = KubeClients.fromKubeconfig(target.kubeconfig())) {
      Map<String, Integer> counts = new TreeMap<>();
      for (Node n : client.nodes().list().getItems()) {
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (ready) {
          Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
          counts.merge(labels.getOrDefault("agentpool", labels.getOrDefault("kubernetes.io/role", "nodes")), 1, Integer::sum);
        }
      }
      return counts;
    }
  };
}
