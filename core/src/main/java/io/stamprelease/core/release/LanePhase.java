package io.stamprelease.core.release;

import io.stamprelease.core.steps.StepKind;

/**
 * The phases of a stamp's lane in the release report, by the names the report shows, and the step each belongs to
 * (preparing reads the traffic profile before the drain; cluster and scale come first, for a stamp whose plan has a
 * {@code cluster:}).
 */
public enum LanePhase {
  CLUSTER("cluster", StepKind.AKSE_DEPLOY), SCALE("scale", StepKind.AKSE_SCALE),
  PREPARE("prepare", StepKind.TRAFFIC_SHIFT), DRAIN("drain", StepKind.TRAFFIC_SHIFT), ROLLOUT("rollout", StepKind.HELM_ROLLOUT),
  SMOKE("smoke", StepKind.HELM_ROLLOUT), ROLLBACK("rollback", StepKind.HELM_ROLLOUT), RESTORE("restore", StepKind.TRAFFIC_SHIFT);

  private final String label;
  private final StepKind step;

  LanePhase(String label, StepKind step) {
    this.label = label;
    this.step = step;
  }

  public String label() {
    return label;
  }

  public StepKind step() {
    return step;
  }
}
