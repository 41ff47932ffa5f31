package io.stamprelease.core.release;

import io.stamprelease.core.traffic.ProviderType;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stamps.yaml release plan: the application, the stamps it runs on, the waves that order them, the
 * gates between waves, the traffic procedure around each stamp's rollout, and the blast-radius budget.
 */
public record ReleasePlan(String name, App app, List<Stamp> stamps, List<Wave> waves, Traffic traffic, int maxFailedStamps) {

  /** The chart every stamp gets, with values common to all and per stamp. */
  public record App(String release, String namespace, String chart, String version, List<String> valuesFiles,
      Map<String, Map<String, String>> stampValues, String smokePath) {
  }

  /**
   * A stamp: which hub hosts it, its traffic endpoint name, the Jenkins agent label that can reach it, and its AKS Engine
   * cluster when the release converges it too (null: the release only drains, rolls out and restores).
   */
  public record Stamp(String name, String hub, String trafficEndpoint, String agentLabel, Cluster cluster) {
    public Stamp(String name, String hub, String trafficEndpoint, String agentLabel) {
      this(name, hub, trafficEndpoint, agentLabel, null);
    }
  }

  /**
   * A stamp's AKS Engine cluster, converged before its drain: the files {@code aks-engine-azurestack generate} writes (as
   * written in the plan, relative to it), its resource group (null: the hub's {@code stamp.resourceGroup} of the hubs
   * file), and the node count wanted per agent pool (empty: the counts of the files, no scale).
   */
  public record Cluster(String template, String parameters, String apimodel, String resourceGroup, Map<String, Integer> nodes) {
    public Cluster {
      nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }
  }

  /** An ordered group of stamps, run up to {@code maxParallel} at a time, with a gate after it. */
  public record Wave(String name, List<String> stamps, int maxParallel, Gate gate) {
  }

  /** Who must approve before the next wave (validated by {@link io.stamprelease.core.steps.stampgate.StampGateInput}). */
  public record Gate(List<String> approvers, int minApprovals, Duration timeout, boolean allowRequester) {
    public io.stamprelease.core.steps.stampgate.GatePolicy policy() {
      return new io.stamprelease.core.steps.stampgate.GatePolicy(Set.copyOf(approvers), minApprovals, timeout, allowRequester);
    }
  }

  /** How traffic moves around a stamp's rollout: drain, then restore stepwise with bake time. */
  public record Traffic(ProviderType provider, String profile, List<Integer> restoreSteps, Duration bake) {
  }

  public Stamp stamp(String name) {
    return stamps.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("a stamp '" + name + "' that the plan does not have (a bug: names come from the plan)"));
  }
}
