package io.stamprelease.cli.bench.chaos;

/**
 * Where a chaos round kills {@code stamp release} with SIGKILL: each named by what the release is doing then, and found
 * from what the release prints or what the simulated world shows (a Helm revision still {@code pending-*}).
 */
public enum KillPoint {
  /** While the first stamp's endpoint is being drained (Traffic Manager written, DNS wait under way). */
  DRAIN("drain", false),
  /** While Helm writes the new revision: its release record is {@code pending-upgrade}. */
  HELM_WRITE("helm-write", false),
  /** While the new revision's workloads are tracked. */
  TRACKING("tracking", false),
  /** While the failed revision of a crashing stamp is rolled back. */
  ROLLBACK("rollback", true),
  /** While the first stamp's traffic is restored step by step. */
  RESTORE("restore", false),
  /** Between restore steps: the bake after a weight change. */
  BAKE("bake", false),
  /** At the gate after the first wave. */
  GATE("gate", false);

  private final String label;
  private final boolean crashingStamp;

  KillPoint(String label, boolean crashingStamp) {
    this.label = label;
    this.crashingStamp = crashingStamp;
  }

  public String label() {
    return label;
  }

  /** Whether the round's plan gives a stamp a crashing image (so there is a rollback to kill). */
  public boolean crashingStamp() {
    return crashingStamp;
  }
}
