package io.stamprelease.core.release;

import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecordBuilder;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code release-state.json} holds: where every stamp and gate of a release is, so that a re-run with the
 * same plan continues there — ids, phases, revisions, the weight a drained stamp goes back to, the engine checkpoint
 * of the step in flight (Java-serialized, base64: the same Serializable checkpoint the Jenkins step persists) — and the
 * release's events so far ({@link #record}, folded into release.json). Never a secret, a kubeconfig or a client.
 * Mutable, and only touched through {@link ReleaseStateStore}, under its lock; the fields are public because this is the
 * file format.
 */
public final class ReleaseState {
  /** 2: the report's events moved from each stamp into {@link #record}. */
  public static final int FORMAT = 2;

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
  /** The release's report events: stamps, phases, gates, traffic changes, notes. */
  public ReleaseRecordBuilder record = new ReleaseRecordBuilder();

  /**
   * A stamp's procedure, in order; a failed stamp stays where it failed (drained, rolled back — or, failed in its cluster
   * phases, still serving). CONVERGING and SCALING only for a stamp whose plan has a {@code cluster:}.
   */
  public enum StampPhase {
    PENDING, CONVERGING, SCALING, DRAINING, ROLLING_OUT, RESTORING, SUCCEEDED, FAILED, FROZEN;

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
    /** Whether the cluster's Ready nodes were counted for the report (once per stamp). */
    public boolean nodesCounted;
    /** The lane's phase in flight, as the report names it (null between phases). */
    public LanePhase lane;
  }

  /** One wave's progress and its gate's answers (kept while the gate is open, so another person can add theirs). */
  public static final class WaveProgress {
    public String wave;
    public WavePhase phase = WavePhase.PENDING;
    public Instant gateOpened;
    public Instant gateClosed;
    public GateDecision.Status gateDecision;
    public List<Approval> answers = new ArrayList<>();
  }

  /** The release record (release.json) as of now. */
  public ReleaseRecord toRecord() {
    return record.toRecord(new ReleaseRecordBuilder.Build(release, plan, toolVersion, requester, started == null ? Instant.EPOCH : started,
        finished, null, result));
  }
}
