package io.stamprelease.core.steps.helmrollout;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Where a Helm rollout is, all a front end persists (inside the engine's Checkpoint). A re-run after a crash
 * continues from here: it re-attaches to {@code targetRevision} (or finds a revision created after
 * {@code baseRevision}) instead of upgrading again.
 *
 * @param baseRevision         the release's latest revision before this rollout (0: none)
 * @param previousGoodRevision the revision deployed before this rollout, the rollback target (null: first install)
 * @param targetRevision       the revision this rollout created
 * @param rollbackRevision     the revision the rollback created
 * @param deadline             absolute deadline of the current wait (rollout, then rollback)
 * @param writeStartedAt       when this step was about to write a revision (the upgrade, then the rollback), journaled
 *                             before the write: a {@code pending-*} revision created since then is this step's own,
 *                             left by a crash mid-write, and is resolved; any other is someone else's and is not touched
 */
public record HelmRolloutState(String release, String namespace, Phase phase, Instant startedAt, Instant deadline, int baseRevision,
                               Integer previousGoodRevision, Integer targetRevision, Integer rollbackRevision, String chart,
                               String chartVersion, List<String> images, List<WorkloadResult> workloads, List<String> failures,
                               int probeAttempts, String lastProgress, String firstInstallAction, Instant writeStartedAt) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The rollout's phases, in order; FAILED leads to a rollback unless rollback is off. */
  public enum Phase {
    NEW, PLANNED, SUBMITTED, VERIFIED, SUCCEEDED, FAILED, ROLLBACK_SUBMITTED, ROLLED_BACK, ROLLBACK_FAILED, UNINSTALLED, LEFT_FAILED
  }

  public HelmRolloutState {
    images = images == null ? List.of() : List.copyOf(images);
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  static HelmRolloutState start(String release, String namespace) {
    return new HelmRolloutState(release, namespace, Phase.NEW, null, null, 0, null, null, null, null, null, null, null, null, 0, null, null, null);
  }

  Builder edit() {
    return new Builder(this);
  }

  /** Copy-and-change for a state with many fields. */
  static final class Builder {
    private Phase phase;
    private Instant startedAt;
    private Instant deadline;
    private int baseRevision;
    private Integer previousGoodRevision;
    private Integer targetRevision;
    private Integer rollbackRevision;
    private String chart;
    private String chartVersion;
    private List<String> images;
    private List<WorkloadResult> workloads;
    private List<String> failures;
    private int probeAttempts;
    private String lastProgress;
    private String firstInstallAction;
    private Instant writeStartedAt;
    private final HelmRolloutState from;

    private Builder(HelmRolloutState s) {
      from = s;
      phase = s.phase;
      startedAt = s.startedAt;
      deadline = s.deadline;
      baseRevision = s.baseRevision;
      previousGoodRevision = s.previousGoodRevision;
      targetRevision = s.targetRevision;
      rollbackRevision = s.rollbackRevision;
      chart = s.chart;
      chartVersion = s.chartVersion;
      images = s.images;
      workloads = s.workloads;
      failures = s.failures;
      probeAttempts = s.probeAttempts;
      lastProgress = s.lastProgress;
      firstInstallAction = s.firstInstallAction;
      writeStartedAt = s.writeStartedAt;
    }

    Builder phase(Phase v) { phase = v; return this; }
    Builder startedAt(Instant v) { startedAt = v; return this; }
    Builder deadline(Instant v) { deadline = v; return this; }
    Builder baseRevision(int v) { baseRevision = v; return this; }
    Builder previousGoodRevision(Integer v) { previousGoodRevision = v; return this; }
    Builder targetRevision(Integer v) { targetRevision = v; return this; }
    Builder rollbackRevision(Integer v) { rollbackRevision = v; return this; }
    Builder chart(String name, String version) { chart = name; chartVersion = version; return this; }
    Builder images(List<String> v) { images = v; return this; }
    Builder workloads(List<WorkloadResult> v) { workloads = v; return this; }
    Builder failures(List<String> v) { failures = v; return this; }
    Builder probeAttempts(int v) { probeAttempts = v; return this; }
    Builder lastProgress(String v) { lastProgress = v; return this; }
    Builder firstInstallAction(String v) { firstInstallAction = v; return this; }
    Builder writeStartedAt(Instant v) { writeStartedAt = v; return this; }

    HelmRolloutState build() {
      return new HelmRolloutState(from.release, from.namespace, phase, startedAt, deadline, baseRevision, previousGoodRevision, targetRevision,
          rollbackRevision, chart, chartVersion, images, workloads, failures, probeAttempts, lastProgress, firstInstallAction, writeStartedAt);
    }
  }
}
