package io.stamprelease.testkit.kubelet;

import java.util.Map;
import java.util.Objects;

/**
 * A node to add to the simulated cluster.
 *
 * @param pool   agent pool name (label {@code agentpool}, as AKS Engine sets it)
 * @param labels extra labels, applied last
 * @param kubeletVersion what the node reports in {@code status.nodeInfo.kubeletVersion} (the cluster's Kubernetes version)
 */
public record NodeSpec(String name, String pool, Role role, Map<String, String> labels, boolean unschedulable, String kubeletVersion) {

  public enum Role { MASTER, AGENT }

  /** The default Kubernetes line of aks-engine-azurestack v0.85 (FACTS §3). */
  public static final String DEFAULT_KUBELET_VERSION = "v1.33.5";

  public NodeSpec(String name, String pool, Role role, Map<String, String> labels, boolean unschedulable) {
    this(name, pool, role, labels, unschedulable, DEFAULT_KUBELET_VERSION);
  }

  public NodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    pool = pool == null ? (role == Role.MASTER ? "master" : "agentpool") : pool;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    kubeletVersion = kubeletVersion == null ? DEFAULT_KUBELET_VERSION
        : kubeletVersion.startsWith("v") ? kubeletVersion : "v" + kubeletVersion;
  }

  public NodeSpec withKubeletVersion(String version) {
    return new NodeSpec(name, pool, role, labels, unschedulable, version);
  }

  public static NodeSpec agent(String name, String pool) {
    return new NodeSpec(name, pool, Role.AGENT, Map.of(), false);
  }

  public static NodeSpec master(String name) {
    return new NodeSpec(name, "master", Role.MASTER, Map.of(), false);
  }

  public String roleName() {
    return role == Role.MASTER ? "master" : "agent";
  }
}
