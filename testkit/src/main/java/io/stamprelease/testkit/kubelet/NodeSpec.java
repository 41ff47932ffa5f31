package io.stamprelease.testkit.kubelet;

import java.util.Map;
import java.util.Objects;

/**
 * A node to add to the simulated cluster.
 *
 * @param pool   agent pool name (label {@code agentpool}, as AKS Engine sets it)
 * @param labels extra labels, applied last
 */
public record NodeSpec(String name, String pool, Role role, Map<String, String> labels, boolean unschedulable) {

  public enum Role { MASTER, AGENT }

  public NodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    pool = pool == null ? (role == Role.MASTER ? "master" : "agentpool") : pool;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
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
