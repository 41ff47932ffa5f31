package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.traffic.GuardrailPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a run behaves, fixed for its whole life (the tasks are built with it; the state only holds progress).
 *
 * @param bake         how long the health gate watches after each WEIGHTS step (0 = no bake)
 * @param poll         how often the gate and the Online wait read the provider
 * @param waitOverride replaces the DNS wait computed from the profile; null = computed
 * @param probe        an extra health check run at each poll during bake (e.g. the app's URL); {@link HealthProbe#NONE} = none
 */
public record ShiftOptions(GuardrailPolicy policy, Duration bake, Duration poll, Duration waitOverride, HealthProbe probe, String actor,
    String reason) {
  public static final Duration DEFAULT_POLL = io.stamprelease.core.input.Durations.parse(io.stamprelease.core.steps.trafficshift.TrafficShiftInput.DEFAULT_POLL)
      .orElseThrow();

  /** The options a validated request asks for. */
  public static ShiftOptions of(io.stamprelease.core.steps.trafficshift.TrafficShiftRequest r) {
    return new ShiftOptions(r.policy(), r.bake(), r.poll(), r.waitOverride(), r.probeUrl() == null ? HealthProbe.NONE
        : HealthProbe.http(r.probeUrl()), r.actor(), r.reason());
  }

  public ShiftOptions {
    Objects.requireNonNull(policy, "policy");
    bake = bake == null ? Duration.ZERO : bake;
    poll = poll == null ? DEFAULT_POLL : poll;
    probe = probe == null ? HealthProbe.NONE : probe;
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll must be more than 0, got " + poll);
    }
  }
}
