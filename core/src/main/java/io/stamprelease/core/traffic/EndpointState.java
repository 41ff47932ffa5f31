package io.stamprelease.core.traffic;

import java.util.Objects;

/** One endpoint as the provider reports it: our setting plus what the provider's monitor says. */
public record EndpointState(String name, boolean enabled, int weight, MonitorStatus monitor, String target) {
  public EndpointState {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("endpoint name is required");
    }
    Weights.requireWeight(weight);
    Objects.requireNonNull(monitor, "monitor");
  }

  public EndpointSetting setting() {
    return new EndpointSetting(enabled, weight);
  }

  /** Serving = DNS hands it out on health: enabled and Online (the weight is always ≥ 1). */
  public boolean serving() {
    return enabled && monitor.isOnline();
  }

  public EndpointState with(EndpointSetting setting) {
    return new EndpointState(name, setting.enabled(), setting.weight(), monitor, target);
  }

  public EndpointState withMonitor(MonitorStatus status) {
    return new EndpointState(name, enabled, weight, status, target);
  }
}
