package io.stamprelease.core.traffic;

import java.io.Serializable;

/**
 * What we control on one endpoint: enabled or not, and its weight. A disabled endpoint keeps a weight
 * because the provider stores one (Traffic Manager requires 1..1000) and because restoring it later
 * should bring back exactly that weight.
 */
public record EndpointSetting(boolean enabled, int weight) implements Serializable {
  public EndpointSetting {
    Weights.requireWeight(weight);
  }

  public static EndpointSetting enabled(int weight) {
    return new EndpointSetting(true, weight);
  }

  public static EndpointSetting disabled(int weight) {
    return new EndpointSetting(false, weight);
  }

  @Override
  public String toString() {
    return enabled ? "enabled/" + weight : "disabled/" + weight;
  }
}
