package io.stamprelease.core.report;

import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.report.RecordEntries.StampEntry;
import io.stamprelease.core.report.RecordEntries.StepEntry;
import io.stamprelease.core.report.RecordEntries.GateEntry;
import io.stamprelease.core.report.RecordEntries.AnswerEntry;
import io.stamprelease.core.report.RecordEntries.ChangeEntry;
import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.traffic.ChangeRecord;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one fold of a release's events into its {@link ReleaseRecord}, used by every front end that reports a release:
 * the CLI's {@code stamp release} (which declares its stamps and waves, and says when a phase starts) and a Jenkins
 * build that calls the steps one by one (which has only the steps' ends and the gates' decisions). Each
 * {@link StepEnded} becomes a phase of its stamp with what its typed result's {@link StepResult.Facts} say — chart,
 * images, node counts, failures, traffic changes; nothing else a step returns reaches the record.
 *
 * <ul>
 *   <li>stamps: the declared ones in their order, then any other in the order of its first step's start; a stamp's hub
 *       is the declared one, else that of its latest step;
 *   <li>phases in start order, a phase still running has no end and the result RUNNING; the stamp's result is the one
 *       its owner settled, else FAILED if a phase failed, HALTED if one was cancelled, RUNNING while one runs, else
 *       SUCCEEDED; each failure is a reason ({@code phase: message}, and the result's own failures);
 *   <li>waves: a stamp's declared wave, else its first step's; a Pipeline has none, so its gates separate them as the
 *       release's gates separate waves: wave 1 + the number of gates closed before the step started;
 *   <li>chart, version and images of the latest phase that reported them; node counts per pool, the latest seen; every
 *       traffic change, by time;
 *   <li>the release: the result its owner decided, else RUNNING until it finished, then FAILED if a stamp failed, a gate
 *       did not approve or the build failed, HALTED if a stamp was cancelled or the build aborted, else SUCCEEDED.
 * </ul>
 *
 * <p>Stored as plain mutable fields — strings (instants as ISO-8601), lists, maps and an enum — so that Jenkins' XStream
 * keeps it in build.xml, Jackson in release-state.json, and Java serialization works as well. Not thread-safe: the owner
 * synchronizes (or publishes a {@link #copy} after each change).
 */
public final class ReleaseRecordBuilder implements Serializable {
  private static final long serialVersionUID = 1L;

  private List<StampEntry> stamps = new ArrayList<>();
  private List<StepEntry> steps = new ArrayList<>();
  private List<GateEntry> gates = new ArrayList<>();
  private List<ChangeEntry> changes = new ArrayList<>();
  private List<String> notes = new ArrayList<>();

  /**
   * Who and what the record is about.
   *
   * @param finished null while it runs
   * @param ending   how a build ended (null while it runs); counts like a failed or halted stamp
   * @param decided  the release's result as its owner decided it (the CLI's release); null: derived as the class says
   */
  public record Build(String release, String plan, String toolVersion, String startedBy, Instant started, Instant finished, Result ending,
      Result decided) {
    public Build {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(toolVersion, "toolVersion");
      Objects.requireNonNull(startedBy, "startedBy");
      Objects.requireNonNull(started, "started");
    }
  }

  // ---------------------------------------------------------------- adding

  /** A stamp of the plan, listed (in declaration order) before it has run anything. */
  public void declare(String stamp, String hub, String wave) {
    StampEntry e = stamp(stamp);
    e.hub = hub;
    e.wave = wave;
  }

  /** The stamp's result as its owner decides it (RUNNING while it runs, HALTED when frozen …). */
  public void settle(String stamp, Result result) {
    stamp(stamp).result = result;
  }

  /** A phase that started and has not ended: shown RUNNING until its {@link StepEnded} arrives. */
  public void started(String phase, String stamp, String hub, String wave, Instant start) {
    StepEntry e = new StepEntry();
    e.phase = phase;
    e.stamp = stamp;
    e.hub = hub;
    e.wave = wave;
    e.start = start.toString();
    e.result = Result.RUNNING;
    steps().add(e);
  }

  /** A step that ended: it closes the stamp's running phase of that name, or is added as a phase of its own. */
  public void add(StepEnded s) {
    StepEntry e = steps().stream().filter(x -> x.end == null && x.stamp.equals(s.stamp()) && x.phase.equals(s.phase())).findFirst()
        .orElseGet(() -> {
          StepEntry fresh = new StepEntry();
          fresh.phase = s.phase();
          fresh.stamp = s.stamp();
          fresh.start = s.start().toString();
          steps().add(fresh);
          return fresh;
        });
    e.hub = s.hub() == null ? e.hub : s.hub();
    e.wave = s.wave() == null ? e.wave : s.wave();
    e.end = s.end().toString();
    e.result = result(s.status());
    StepResult.Facts facts = s.result() == null ? StepResult.Facts.NONE : s.result().facts();
    boolean ok = s.status() == Outcome.Status.SUCCEEDED;
    String summary = s.result() == null ? null : s.result().summary();
    String why = blank(s.message()) ? "no reason given" : s.message();
    e.message = ok ? (blank(summary) ? (blank(s.message()) ? "succeeded" : s.message()) : summary)
        : s.status() == Outcome.Status.FAILED ? why : s.status().name().toLowerCase() + ": " + why;
    e.chart = facts.chart();
    e.chartVersion = facts.chartVersion();
    e.images = facts.images() == null ? null : new ArrayList<>(facts.images());
    e.nodeCounts = new LinkedHashMap<>(facts.nodeCounts());
    e.failures = new ArrayList<>();
    if (!ok) {
      e.failures.add(s.phase() + ": " + e.message);
      facts.failures().stream().filter(f -> !e.message.contains(f)).forEach(f -> e.failures.add(s.phase() + ": " + f));
    }
    for (ChangeRecord c : facts.trafficChanges()) {
      changes().add(ChangeEntry.of(c));
    }
  }

  /** Node counts seen outside a step (the release reads them before a stamp starts). */
  public void nodeCounts(String stamp, Map<String, Integer> counts) {
    stamp(stamp).nodeCounts = new LinkedHashMap<>(counts);
  }

  /** A gate: open (no close, decision PENDING) or closed; a gate of the same stamp or wave that is still open is replaced. */
  public void add(GateEnded g) {
    gates().removeIf(x -> x.closed == null && Objects.equals(x.stamp, g.stamp()) && Objects.equals(x.wave, g.wave()));
    GateEntry e = new GateEntry();
    e.stamp = g.stamp();
    e.wave = g.wave();
    e.opened = g.opened().toString();
    e.closed = g.closed() == null ? null : g.closed().toString();
    e.decision = g.decision().name();
    e.message = g.message();
    e.approvals = new ArrayList<>();
    for (Approval a : g.answers()) {
      AnswerEntry ae = new AnswerEntry();
      ae.user = a.user();
      ae.at = a.at().toString();
      ae.decision = a.decision().name();
      ae.comment = a.comment();
      e.approvals.add(ae);
    }
    gates().add(e);
  }

  /** Forgets a stamp's phases and settled result: it runs again (a release restarted from it). */
  public void restart(String stamp) {
    steps().removeIf(e -> e.stamp.equals(stamp));
    stamps().stream().filter(e -> e.stamp.equals(stamp)).forEach(e -> {
      e.result = null;
      e.nodeCounts = null;
    });
  }

  /** Forgets the gate after {@code wave}: it will be asked again. */
  public void forgetGate(String wave) {
    gates().removeIf(g -> wave.equals(g.wave));
  }

  public void note(String note) {
    notes().add(note);
  }

  /**
   * A new builder holding the same entries, which are never changed once added. A front end adds to a copy and then
   * publishes it, so that a concurrent reader (XStream writing build.xml) never sees a list while it changes.
   */
  public ReleaseRecordBuilder copy() {
    ReleaseRecordBuilder c = new ReleaseRecordBuilder();
    c.stamps = new ArrayList<>(stamps());
    c.steps = new ArrayList<>(steps());
    c.gates = new ArrayList<>(gates());
    c.changes = new ArrayList<>(changes());
    c.notes = new ArrayList<>(notes());
    return c;
  }

  /** True until the first step or gate is added. */
  public boolean isEmpty() {
    return steps().isEmpty() && gates().isEmpty();
  }

  // ---------------------------------------------------------------- folding

  /** The record as of now (see the class comment for the rules). */
  public ReleaseRecord toRecord(Build build) {
    List<Instant> gateCloses = gates().stream().filter(g -> g.closed != null).map(g -> Instant.parse(g.closed)).sorted().toList();
    List<StepEntry> ordered = steps().stream().sorted(Comparator.comparing((StepEntry e) -> Instant.parse(e.start))).toList();
    Map<String, List<StepEntry>> byStamp = new LinkedHashMap<>();
    stamps().forEach(s -> byStamp.put(s.stamp, new ArrayList<>()));
    for (StepEntry e : ordered) {
      byStamp.computeIfAbsent(e.stamp, k -> new ArrayList<>()).add(e);
    }
    List<StampRecord> stampRecords = new ArrayList<>();
    boolean anyFailed = false;
    boolean anyHalted = false;
    for (Map.Entry<String, List<StepEntry>> stamp : byStamp.entrySet()) {
      StampRecord s = stamp(stamp.getKey(), declared(stamp.getKey()), stamp.getValue(), gateCloses);
      anyFailed |= s.result() == Result.FAILED;
      anyHalted |= s.result() == Result.HALTED;
      stampRecords.add(s);
    }

    List<GateRecord> gateRecords = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes());
    for (GateEntry g : gates().stream().sorted(Comparator.comparing((GateEntry e) -> Instant.parse(e.opened))).toList()) {
      Instant opened = Instant.parse(g.opened);
      String wave = g.wave != null ? g.wave : wave(opened, gateCloses);
      List<ApprovalRecord> answers = list(g.approvals).stream().map(a -> new ApprovalRecord(a.user, Instant.parse(a.at), a.decision, a.comment))
          .toList();
      gateRecords.add(new GateRecord(wave, opened, g.closed == null ? null : Instant.parse(g.closed), g.decision, answers));
      if (g.stamp != null && g.closed != null) {
        allNotes.add("gate after wave " + wave + " (stampGate of " + g.stamp + "): " + (g.message == null ? g.decision : g.message));
      }
      anyFailed |= g.closed != null && !GateDecision.Status.APPROVED.name().equals(g.decision);
    }

    List<ChangeRecord> traffic = changes().stream().map(ChangeEntry::toRecord).sorted(Comparator.comparing(ChangeRecord::time)).toList();
    return new ReleaseRecord(build.release(), build.plan(), build.toolVersion(), build.startedBy(), build.started(), build.finished(),
        build.decided() != null ? build.decided() : result(build, anyFailed, anyHalted), stampRecords, gateRecords, traffic, allNotes);
  }

  private StampEntry declared(String stamp) {
    return stamps().stream().filter(s -> s.stamp.equals(stamp)).findFirst().orElse(null);
  }

  private static StampRecord stamp(String name, StampEntry declared, List<StepEntry> entries, List<Instant> gateCloses) {
    List<PhaseRecord> phases = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Map<String, Integer> nodes = new LinkedHashMap<>();
    if (declared != null && declared.nodeCounts != null) {
      nodes.putAll(declared.nodeCounts);
    }
    String hub = declared == null ? null : declared.hub;
    String wave = declared == null ? null : declared.wave;
    String chart = null;
    String chartVersion = null;
    List<String> images = List.of();
    boolean failed = false;
    boolean halted = false;
    boolean running = false;
    for (StepEntry e : entries) {
      phases.add(new PhaseRecord(e.phase, Instant.parse(e.start), e.end == null ? null : Instant.parse(e.end), e.result, e.message));
      failed |= e.result == Result.FAILED;
      halted |= e.result == Result.HALTED;
      running |= e.result == Result.RUNNING;
      reasons.addAll(list(e.failures));
      if (e.nodeCounts != null) {
        nodes.putAll(e.nodeCounts);
      }
      hub = declared != null && declared.hub != null ? hub : e.hub == null ? hub : e.hub;
      wave = wave != null ? wave : e.wave;
      chart = e.chart == null ? chart : e.chart;
      chartVersion = e.chartVersion == null ? chartVersion : e.chartVersion;
      images = e.images == null ? images : e.images;
    }
    Result derived = failed ? Result.FAILED : halted ? Result.HALTED : running || entries.isEmpty() ? Result.RUNNING : Result.SUCCEEDED;
    Result result = declared != null && declared.result != null ? declared.result : derived;
    if (wave == null) {
      wave = wave(Instant.parse(entries.get(0).start), gateCloses);
    }
    return new StampRecord(name, hub == null ? name : hub, wave, result, phases, chart, chartVersion, images, nodes, reasons);
  }

  /** 1 + the number of gates closed before {@code t} (a gate closing at the very instant counts as before). */
  private static String wave(Instant t, List<Instant> gateCloses) {
    return String.valueOf(1 + gateCloses.stream().filter(c -> !c.isAfter(t)).count());
  }

  private static Result result(Build build, boolean anyFailed, boolean anyHalted) {
    if (build.finished() == null) {
      return Result.RUNNING;
    }
    if (anyFailed || build.ending() == Result.FAILED) {
      return Result.FAILED;
    }
    if (anyHalted || build.ending() == Result.HALTED) {
      return Result.HALTED;
    }
    return Result.SUCCEEDED;
  }

  /** succeeded → SUCCEEDED, cancelled → HALTED, anything else (failed, terminal, unreachable) → FAILED. */
  static Result result(Outcome.Status status) {
    return switch (status) {
      case SUCCEEDED -> Result.SUCCEEDED;
      case CANCELLED -> Result.HALTED;
      default -> Result.FAILED;
    };
  }

  // ---------------------------------------------------------------- storage

  private StampEntry stamp(String name) {
    return stamps().stream().filter(s -> s.stamp.equals(name)).findFirst().orElseGet(() -> {
      StampEntry e = new StampEntry();
      e.stamp = name;
      stamps().add(e);
      return e;
    });
  }

  private List<StampEntry> stamps() {
    if (stamps == null) {
      stamps = new ArrayList<>();
    }
    return stamps;
  }

  private List<StepEntry> steps() {
    if (steps == null) {
      steps = new ArrayList<>();
    }
    return steps;
  }

  private List<GateEntry> gates() {
    if (gates == null) {
      gates = new ArrayList<>();
    }
    return gates;
  }

  private List<ChangeEntry> changes() {
    if (changes == null) {
      changes = new ArrayList<>();
    }
    return changes;
  }

  private List<String> notes() {
    if (notes == null) {
      notes = new ArrayList<>();
    }
    return notes;
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
