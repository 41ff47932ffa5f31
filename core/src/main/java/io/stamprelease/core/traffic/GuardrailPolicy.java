package io.stamprelease.core.traffic;

/**
 * Limits a single change must respect. {@code maxStepPercent}: no endpoint's effective share may move by
 * more than this many percentage points in one change (Mission-Critical's 10 → 50 → 100 never jumps more than 50).
 */
public record GuardrailPolicy(int maxStepPercent) {
  public static final int DEFAULT_MAX_STEP_PERCENT = 50;
  public static final GuardrailPolicy DEFAULT = new GuardrailPolicy(DEFAULT_MAX_STEP_PERCENT);

  /** Shares are compared as exact fractions; half a point absorbs the 1-unit weight bumps of a plan. */
  static final double ROUNDING_SLACK_POINTS = 0.5;

  public GuardrailPolicy {
    if (maxStepPercent < 1 || maxStepPercent > 100) {
      throw new IllegalArgumentException("maxStepPercent must be 1..100, got " + maxStepPercent);
    }
  }
}
