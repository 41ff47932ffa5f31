package io.stamprelease.cli.bench.chaos;

import java.util.Arrays;
import java.util.Optional;

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
  GATE("gate", false),
  /** In a stamp's cluster phase, once its AKS Engine deployment's PUT reached ARM (a round of its own, from a bare hub). */
  CLUSTER_DEPLOY("cluster-deploy", false),
  /** In a stamp's cluster phase, once the scale-in deleted its first VM (a round of its own, from a bare hub). */
  SCALE_IN("scale-in", false);

  private final String label;
  private final boolean crashingStamp;

  KillPoint(String label, boolean crashingStamp) {
    this.label = label;
    this.crashingStamp = crashingStamp;
  }

  /** Whether the round deploys and scales a cluster from a bare hub ({@link ClusterChaosRound}) instead of releasing the app over three. */
  public boolean clusterRound() {
    return this == CLUSTER_DEPLOY || this == SCALE_IN;
  }

  public String label() {
    return label;
  }

  /** The point of a label ({@code helm-write}), or empty. */
  public static Optional<KillPoint> of(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }

  /** Every label, in order: {@code drain, helm-write, …}. */
  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(KillPoint::label).toList());
  }

  /** Whether the round's plan gives a stamp a crashing image (so there is a rollback to kill). */
  public boolean crashingStamp() {
    return crashingStamp;
  }
}
