package io.stamprelease.core.steps.aksedeploy;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The nodes a deployment should leave Ready, read from the template and its parameters the way AKS
 * Engine's copy loops use them: VMs (and so Nodes) {@code k8s-<pool>-<nameSuffix>-<i>} for i below
 * {@code <pool>Count}, masters {@code k8s-master-<nameSuffix>-<i>} for i below {@code masterCount}.
 *
 * @param pools pool name → node count, {@code master} first
 */
public record ClusterShape(String dnsPrefix, String nameSuffix, String kubernetesVersion, Map<String, Integer> pools) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ClusterShape {
    pools = new LinkedHashMap<>(pools);
  }

  public int expectedNodes() {
    return pools.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The node names of one pool, in index order. */
  public List<String> nodeNames(String pool) {
    return IntStream.range(0, pools.getOrDefault(pool, 0)).mapToObj(i -> "k8s-" + pool + "-" + nameSuffix + "-" + i).toList();
  }
}
