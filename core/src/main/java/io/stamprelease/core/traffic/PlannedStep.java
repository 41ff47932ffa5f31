package io.stamprelease.core.traffic;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a plan: the full desired settings of every endpoint it touches. A PROBE step only enables an
 * endpoint at the minimum weight so the monitor can judge it; the caller waits for Online before the next step.
 */
public record PlannedStep(Kind kind, String label, Map<String, EndpointSetting> settings) implements Serializable {
  public enum Kind {
    PROBE, WEIGHTS
  }

  public PlannedStep {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  public TrafficChange toChange(String actor, String reason) {
    return TrafficChange.of(settings, actor, reason + " (" + label + ")");
  }
}
