package io.stamprelease.core.traffic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which share of DNS answers each endpoint really gets. Weighted routing only hands out serving endpoints
 * (enabled and Online), in proportion to their weights. Traffic Manager's exception: when every enabled
 * endpoint is Degraded it returns all of them, so health is ignored — {@link #allDegradedFallback()} says
 * so, and callers turn it into a warning.
 */
public record EffectiveShares(Map<String, Double> percent, boolean allDegradedFallback) {
  public EffectiveShares {
    percent = Collections.unmodifiableMap(new LinkedHashMap<>(percent));
  }

  public static EffectiveShares of(TrafficState state) {
    List<EndpointState> enabled = state.endpoints().stream().filter(EndpointState::enabled).toList();
    boolean allDegraded = !enabled.isEmpty() && enabled.stream().allMatch(e -> e.monitor() == MonitorStatus.Degraded);
    List<EndpointState> answered = allDegraded ? enabled : state.serving();
    long total = answered.stream().mapToLong(EndpointState::weight).sum();
    Map<String, Double> out = new LinkedHashMap<>();
    for (EndpointState e : state.endpoints()) {
      out.put(e.name(), answered.contains(e) ? 100.0 * e.weight() / total : 0.0);
    }
    return new EffectiveShares(out, allDegraded);
  }

  public double of(String name) {
    return percent.getOrDefault(name, 0.0);
  }

  /** True when DNS answers with at least one endpoint (healthy ones, or all of them in the fallback). */
  public boolean anyAnswered() {
    return percent.values().stream().anyMatch(p -> p > 0);
  }
}
