package io.stamprelease.core.traffic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desired setting per endpoint (endpoints not named stay as they are), with who asked and why,
 * so the release report can say it.
 */
public record TrafficChange(Map<String, EndpointSetting> desired, String actor, String reason) {
  public TrafficChange {
    if (desired == null || desired.isEmpty()) {
      throw new IllegalArgumentException("a traffic change needs at least one endpoint");
    }
    desired = Collections.unmodifiableMap(new LinkedHashMap<>(desired));
  }

  public static TrafficChange of(Map<String, EndpointSetting> desired, String actor, String reason) {
    return new TrafficChange(desired, actor, reason);
  }
}
