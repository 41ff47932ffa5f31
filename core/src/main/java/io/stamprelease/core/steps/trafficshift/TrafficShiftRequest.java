package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.WeightUnit;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validated {@link TrafficShiftInput}: typed, defaults filled in; {@code waitOverride} and {@code probeUrl} may be null. */
public record TrafficShiftRequest(Operation operation, ProviderType provider, String profile, Map<String, Integer> weights,
    WeightUnit weightUnit, String stamp, List<Integer> steps, DrainMode drainMode, Duration bake, GuardrailPolicy policy, Duration waitOverride,
    Duration poll, URI probeUrl, String actor, String reason) {
  public TrafficShiftRequest {
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    steps = List.copyOf(steps);
  }
}
