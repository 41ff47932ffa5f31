package io.stamprelease.core.traffic;

import java.time.Duration;

/**
 * The {@code trafficShift} step's input as a user wrote it (Jenkins step arguments, CLI flags). Text stays
 * text here so that {@link TrafficShiftValidator} can say what was wrong with it.
 *
 * @param operation      set-weights | drain | restore | shift
 * @param provider       azure-traffic-manager | f5-gtm
 * @param profile        Traffic Manager profile id/name, or the F5 wide IP
 * @param weights        {@code seattle=90,denver=10} (set-weights only)
 * @param rawWeights     weights are provider weights 1..1000, not percentages
 * @param stamp          endpoint to drain, restore or shift toward
 * @param steps          {@code 10,50,100} (shift only)
 * @param bake           time to watch after each step; null = none
 * @param maxStepPercent largest share move per change in points; null = {@value GuardrailPolicy#DEFAULT_MAX_STEP_PERCENT}
 * @param partial        shift only: the last step may be below 100 (e.g. a 10 % canary that stays)
 * @param drainMode      drain only: disable | minimum-weight; null = disable
 * @param waitOverride   replaces the computed DNS wait; null = computed
 */
public record TrafficShiftInput(String operation, String provider, String profile, String weights, boolean rawWeights, String stamp,
    String steps, boolean partial, String drainMode, Duration bake, Integer maxStepPercent, Duration waitOverride, String actor,
    String reason) {
}
