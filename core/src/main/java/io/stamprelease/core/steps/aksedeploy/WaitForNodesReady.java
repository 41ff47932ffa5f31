package io.stamprelease.core.steps.aksedeploy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.RetryPolicy;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.engine.TransientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One cheap node list per call: are the API server reachable and every expected node
 * ({@code k8s-<pool>-<nameSuffix>-<i>}) Ready? Reports {@code 3/6 nodes Ready} when the count changes.
 * An API server that does not answer yet (it boots after the deployment) is a transient error the
 * engine retries with backoff. The kubeconfig is read from its file on each call, never kept in the state.
 */
public final class WaitForNodesReady implements Task<AkseDeployState> {
  private final Path kubeconfig;
  private final ClusterShape shape;
  private final Duration pollInterval;

  public WaitForNodesReady(Path kubeconfig, ClusterShape shape, Duration pollInterval) {
    this.kubeconfig = kubeconfig;
    this.shape = shape;
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return "wait-for-nodes";
  }

  /** The API server may take minutes to answer after the VMs exist: more patience than the default. */
  @Override
  public RetryPolicy retryPolicy() {
    return new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 20);
  }

  @Override
  public TaskResult<AkseDeployState> execute(AkseDeployState state, TaskContext context) {
    List<Node> nodes;
    String server;
    try (KubernetesClient client = KubeClients.fromKubeconfig(Files.readString(kubeconfig))) {
      server = String.valueOf(client.getMasterUrl());
      try {
        nodes = client.nodes().list().getItems();
      } catch (KubernetesClientException e) {
        throw new TransientException("API server " + server + " not reachable yet: " + firstLine(e.getMessage()), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
    Map<String, Node> byName = nodes.stream().collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a));
    Map<String, Object> perPool = new LinkedHashMap<>();
    int ready = 0;
    String version = null;
    for (String pool : shape.pools().keySet()) {
      int poolReady = 0;
      for (String name : shape.nodeNames(pool)) {
        Node node = byName.get(name);
        if (node != null && isReady(node)) {
          poolReady++;
          if (version == null && node.getStatus().getNodeInfo() != null) {
            version = node.getStatus().getNodeInfo().getKubeletVersion();
          }
        }
      }
      ready += poolReady;
      perPool.put(pool, poolReady);
    }
    int expected = shape.expectedNodes();
    String line = ready + "/" + expected + " nodes Ready (" + perPool.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "/"
        + shape.pools().get(e.getKey())).collect(Collectors.joining(", ")) + ")";
    String message = ready == state.readyNodes() ? null : line;
    if (ready < expected) {
      return TaskResult.running(state.withReadyNodes(ready), pollInterval, message);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put(AkseDeployResult.NODES_PER_POOL, perPool);
    outputs.put(AkseDeployResult.READY_NODES, ready);
    outputs.put(AkseDeployResult.EXPECTED_NODES, expected);
    outputs.put(AkseDeployResult.KUBERNETES_VERSION, Objects.requireNonNullElse(version == null ? shape.kubernetesVersion() : version.replaceFirst("^v", ""), ""));
    outputs.put(AkseDeployResult.API_SERVER, server);
    return TaskResult.succeeded(state.withReadyNodes(ready), line, outputs);
  }

  static boolean isReady(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
