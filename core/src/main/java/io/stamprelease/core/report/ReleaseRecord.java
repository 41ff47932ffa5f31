package io.stamprelease.core.report;

import io.stamprelease.core.traffic.ChangeRecord;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a release did, as {@code release.json} holds it and {@code release-report.html} shows it: per stamp
 * and phase start/end and result with failure reasons, gates with who approved when and why, chart and
 * image references, node counts, every traffic change with before/after weights, and the tool version.
 * The orchestrator appends to it as it goes; nothing here is a secret.
 */
public record ReleaseRecord(String release, String plan, String toolVersion, String startedBy, Instant started, Instant finished,
    Result result, List<StampRecord> stamps, List<GateRecord> gates, List<ChangeRecord> trafficChanges, List<String> notes)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Result { RUNNING, SUCCEEDED, FAILED, HALTED }

  public ReleaseRecord {
    stamps = List.copyOf(stamps);
    gates = List.copyOf(gates);
    trafficChanges = List.copyOf(trafficChanges);
    notes = List.copyOf(notes);
  }

  /** One stamp's part: its wave, phases in order, what was deployed and how big the cluster was. */
  public record StampRecord(String stamp, String hub, String wave, Result result, List<PhaseRecord> phases, String chart,
      String chartVersion, List<String> images, Map<String, Integer> nodeCounts, List<String> failureReasons) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StampRecord {
      phases = List.copyOf(phases);
      images = List.copyOf(images);
      nodeCounts = Map.copyOf(nodeCounts);
      failureReasons = List.copyOf(failureReasons);
    }
  }

  /** One phase of a stamp (drain, rollout, smoke, restore…): when it ran and how it ended. */
  public record PhaseRecord(String phase, Instant start, Instant end, Result result, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A gate between waves: when it opened and closed, the decision, and every answer. */
  public record GateRecord(String wave, Instant opened, Instant closed, String decision, List<ApprovalRecord> approvals) implements Serializable {
    private static final long serialVersionUID = 1L;

    public GateRecord {
      approvals = List.copyOf(approvals);
    }
  }

  /** One person's answer at a gate. */
  public record ApprovalRecord(String user, Instant at, String decision, String comment) implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
