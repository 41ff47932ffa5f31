package io.stamprelease.core.release;

import io.stamprelease.core.gate.Approval;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code release-state.json} holds: where every stamp and gate of a release is, so that a re-run with the
 * same plan continues there. Ids, phases, revisions, the weight a drained stamp goes back to, and the engine
 * checkpoint of the step in flight (Java-serialized, base64: the same Serializable checkpoint the Jenkins step
 * persists) — never a secret, a kubeconfig or a client. Mutable, and only touched under the orchestrator's lock;
 * the fields are public because this is the file format.
 */
public final class ReleaseState {
  public static final int FORMAT = 1;

  public int format = FORMAT;
  public String release;
  public String plan;
  /** SHA-256 of the plan file: a state file is only continued with the plan it was started with. */
  public String planDigest;
  public String requester;
  public String toolVersion;
  public Instant started;
  public Instant finished;
  public ReleaseRecord.Result result = ReleaseRecord.Result.RUNNING;
  public String message;
  public Map<String, StampProgress> stamps = new LinkedHashMap<>();
  public Map<String, WaveProgress> waves = new LinkedHashMap<>();
  public List<String> notes = new ArrayList<>();

  /** A stamp's procedure, in order; a failed stamp stays where it failed (drained, rolled back). */
  public enum StampPhase {
    PENDING, DRAINING, ROLLING_OUT, RESTORING, SUCCEEDED, FAILED, FROZEN;

    public boolean ended() {
      return this == SUCCEEDED || this == FAILED || this == FROZEN;
    }
  }

  /** A wave: its stamps ran, then its gate (if any) was decided. */
  public enum WavePhase { PENDING, RUNNING, GATE, DONE, FROZEN }

  /** One stamp's progress. {@code checkpoint} is the engine checkpoint of {@code phase}'s step, null before it starts. */
  public static final class StampProgress {
    public String stamp;
    public String hub;
    public String wave;
    public StampPhase phase = StampPhase.PENDING;
    public int percent;
    public String message;
    /** What the stamp's endpoint goes back to after its rollout (read before the drain, kept across a crash). */
    public EndpointSetting restoreTo;
    public Integer helmRevision;
    public Integer rolledBackToRevision;
    public String checkpoint;
    public String chart;
    public String chartVersion;
    public List<String> images = new ArrayList<>();
    public Map<String, Integer> nodeCounts = new LinkedHashMap<>();
    public List<String> failureReasons = new ArrayList<>();
    public List<ReleaseRecord.PhaseRecord> phases = new ArrayList<>();
    public List<ChangeRecord> trafficChanges = new ArrayList<>();
  }

  /** One wave's progress and its gate's answers (kept while the gate is open, so another person can add theirs). */
  public static final class WaveProgress {
    public String wave;
    public WavePhase phase = WavePhase.PENDING;
    public Instant gateOpened;
    public Instant gateClosed;
    public String gateDecision;
    public List<Approval> answers = new ArrayList<>();
  }

  /** The release record (release.json) as of now, built from this state. */
  public ReleaseRecord toRecord() {
    List<ReleaseRecord.StampRecord> stampRecords = new ArrayList<>();
    List<ChangeRecord> changes = new ArrayList<>();
    for (StampProgress s : stamps.values()) {
      stampRecords.add(new ReleaseRecord.StampRecord(s.stamp, s.hub, s.wave, stampResult(s.phase), s.phases, s.chart, s.chartVersion,
          s.images, s.nodeCounts, s.failureReasons));
      changes.addAll(s.trafficChanges);
    }
    changes.sort(java.util.Comparator.comparing(ChangeRecord::time));
    List<ReleaseRecord.GateRecord> gates = new ArrayList<>();
    for (WaveProgress w : waves.values()) {
      if (w.gateOpened != null) {
        gates.add(new ReleaseRecord.GateRecord(w.wave, w.gateOpened, w.gateClosed, w.gateDecision == null ? "PENDING" : w.gateDecision,
            w.answers.stream().map(a -> new ReleaseRecord.ApprovalRecord(a.user(), a.at(), a.decision().name(), a.comment())).toList()));
      }
    }
    return new ReleaseRecord(release, plan, toolVersion, requester, started, finished, result, stampRecords, gates, changes, notes);
  }

  private static ReleaseRecord.Result stampResult(StampPhase phase) {
    return switch (phase) {
      case SUCCEEDED -> ReleaseRecord.Result.SUCCEEDED;
      case FAILED -> ReleaseRecord.Result.FAILED;
      case FROZEN -> ReleaseRecord.Result.HALTED;
      default -> ReleaseRecord.Result.RUNNING;
    };
  }
}
