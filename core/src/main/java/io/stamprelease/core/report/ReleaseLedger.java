package io.stamprelease.core.report;

import io.stamprelease.core.gate.Approval;
import io.stamprelease.core.gate.GateDecision;
import io.stamprelease.core.gate.GateState;
import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link ReleaseRecord} of a build that runs a release one step at a time — a Jenkins Pipeline calling
 * {@code akseDeploy}, {@code akseScale}, {@code helmRollout}, {@code trafficShift} and {@code stampGate} — instead of
 * the orchestrator. Each step's completion ({@link #add(StepOutcome)}) and each gate's decision
 * ({@link #add(GateOutcome)}) is added as it happens; {@link #toRecord(Build)} folds them into the record that
 * {@link ReleaseJson} writes and {@link ReleaseReportHtml} renders:
 *
 * <ul>
 *   <li>one stamp per stamp name, in the order of its first step's start; its hub is that of its latest step;
 *   <li>one phase per step, named after the step, in start order, with the step's result and a one-line summary (or
 *       the failure message); the stamp is FAILED if one of its steps failed, else HALTED if one was cancelled, else
 *       SUCCEEDED, and each failure is a failure reason ({@code step: message});
 *   <li>waves: a Pipeline has none, its gates separate them as the orchestrator's gates separate waves. A step is in
 *       wave 1 + the number of gates closed before it started, a stamp in the wave of its first step, and a gate comes
 *       after wave 1 + the number of gates closed before it opened: deploy seattle, gate, deploy denver reads wave 1
 *       seattle, gate after wave 1, wave 2 denver;
 *   <li>chart, chart version and images of the latest step that reported them; node counts per pool, the latest seen
 *       (akseDeploy's nodes per pool, akseScale's pool after the scale); every traffic change, by time;
 *   <li>the release: RUNNING while the build runs; then FAILED if a step failed, a gate did not approve or the build
 *       failed, HALTED if a step was cancelled or the build was aborted, else SUCCEEDED.
 * </ul>
 *
 * <p>Only the named outputs are taken from a step's result map (see {@link StepOutcome#of}); nothing else a step
 * returns reaches the record. Stored as plain mutable fields — strings (instants as ISO-8601), lists, maps and an enum —
 * so that Jenkins' XStream keeps it in build.xml and Java serialization works as well. Not thread-safe: the owner
 * synchronizes.
 */
public final class ReleaseLedger implements Serializable {
  private static final long serialVersionUID = 1L;

  private List<StepEntry> steps = new ArrayList<>();
  private List<GateEntry> gates = new ArrayList<>();
  private List<ChangeEntry> changes = new ArrayList<>();
  private List<String> notes = new ArrayList<>();

  /** Who and what the record is about: the build, not the steps. */
  public record Build(String release, String plan, String toolVersion, String startedBy, Instant started, Instant finished,
      Result ending) {
    /** The texts and the start are required by release.json; {@code finished} is null while the build runs, {@code ending} then too. */
    public Build {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(toolVersion, "toolVersion");
      Objects.requireNonNull(startedBy, "startedBy");
      Objects.requireNonNull(started, "started");
    }
  }

  /**
   * One step that ended: which step on which stamp and hub, when, how, and what the report shows of its result.
   *
   * @param images     null when the step reported none (an earlier step's images are kept)
   * @param nodeCounts Ready nodes per pool the step saw (empty if none)
   */
  public record StepOutcome(String step, String stamp, String hub, Instant start, Instant end, Result result, String message,
      String chart, String chartVersion, List<String> images, Map<String, Integer> nodeCounts, List<String> failures,
      List<ChangeRecord> trafficChanges, List<String> notes) {

    public StepOutcome {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(stamp, "stamp");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(result, "result");
      start = start == null || start.isAfter(end) ? end : start;
      images = images == null ? null : List.copyOf(images);
      nodeCounts = nodeCounts == null ? Map.of() : new LinkedHashMap<>(nodeCounts);
      failures = failures == null ? List.of() : List.copyOf(failures);
      trafficChanges = trafficChanges == null ? List.of() : List.copyOf(trafficChanges);
      notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * A step's completion as a front end sees it: the status word of the engine (succeeded, failed, terminal,
     * unreachable, cancelled), its message, and its plain result map, of which only these are read: {@code summary},
     * {@code deploymentName}, {@code result}, {@code readyNodes}/{@code expectedNodes}, {@code nodesPerPool}
     * (akseDeploy); {@code pool}/{@code after} (akseScale); {@code release}, {@code revision}, {@code chart},
     * {@code chartVersion}, {@code images}, {@code failures} (helmRollout); {@code operation}, {@code changes}
     * (trafficShift).
     */
    public static StepOutcome of(String step, String stamp, String hub, Instant start, Instant end, String status, String message,
        Map<String, ?> outputs) {
      Map<String, ?> out = outputs == null ? Map.of() : outputs;
      Result result = result(status);
      List<String> notes = new ArrayList<>();
      List<ChangeRecord> changes = changes(step, out.get("changes"), notes);
      String text;
      List<String> failures = new ArrayList<>();
      if (result == Result.SUCCEEDED) {
        text = summary(out, changes.size());
        if (text == null) {
          text = blank(message) ? "succeeded" : message;
        }
      } else {
        String why = blank(message) ? "no reason given" : message;
        text = status == null || status.equalsIgnoreCase("failed") ? why : status.toLowerCase(Locale.ROOT) + ": " + why;
        failures.add(step + ": " + text);
        for (String f : strings(out.get("failures"))) {
          if (!text.contains(f)) {
            failures.add(step + ": " + f);
          }
        }
      }
      Map<String, Integer> counts = new LinkedHashMap<>();
      if (out.get("nodesPerPool") instanceof Map<?, ?> perPool) {
        perPool.forEach((pool, n) -> {
          if (n instanceof Number number) {
            counts.put(String.valueOf(pool), number.intValue());
          }
        });
      }
      if (out.get("pool") instanceof String pool && out.get("after") instanceof Number after) {
        counts.put(pool, after.intValue());
      }
      List<String> images = out.get("images") instanceof List<?> ? strings(out.get("images")) : null;
      return new StepOutcome(step, stamp, hub, start, end, result, text, string(out.get("chart")), string(out.get("chartVersion")), images,
          counts, failures, changes, notes);
    }

    /** succeeded → SUCCEEDED, cancelled → HALTED, anything else (failed, terminal, unreachable …) → FAILED. */
    static Result result(String status) {
      if ("succeeded".equalsIgnoreCase(status)) {
        return Result.SUCCEEDED;
      }
      return "cancelled".equalsIgnoreCase(status) ? Result.HALTED : Result.FAILED;
    }

    private static String summary(Map<String, ?> out, int changes) {
      if (out.get("summary") instanceof String s && !s.isBlank()) {
        return s;
      }
      List<String> parts = new ArrayList<>();
      if (out.get("deploymentName") instanceof String d) {
        parts.add("deployment " + d + (out.get("result") instanceof String r ? ": " + r : ""));
      }
      if (out.get("readyNodes") instanceof Number ready && out.get("expectedNodes") instanceof Number expected) {
        parts.add(ready + "/" + expected + " nodes Ready");
      }
      if (out.get("revision") != null) {
        parts.add((out.get("release") instanceof String r ? r + " " : "") + "revision " + out.get("revision"));
      }
      if (out.get("operation") instanceof String op) {
        parts.add(op + ": " + changes + " traffic change" + (changes == 1 ? "" : "s"));
      }
      return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** trafficShift's {@code changes} (ShiftReport's plain form: settings as "enabled/500" or "disabled/500"). */
    private static List<ChangeRecord> changes(String step, Object value, List<String> notes) {
      List<ChangeRecord> out = new ArrayList<>();
      if (!(value instanceof List<?> list)) {
        return out;
      }
      for (Object item : list) {
        try {
          Map<?, ?> m = (Map<?, ?>) item;
          out.add(new ChangeRecord(Instant.parse(String.valueOf(m.get("time"))), String.valueOf(m.get("provider")), settings(m.get("before")),
              settings(m.get("after")), string(m.get("actor")), string(m.get("reason"))));
        } catch (ClassCastException | IllegalArgumentException | DateTimeParseException e) {
          notes.add(step + ": a traffic change could not be read for the report (" + e.getMessage() + ")");
        }
      }
      return out;
    }

    private static Map<String, EndpointSetting> settings(Object value) {
      Map<String, EndpointSetting> out = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((endpoint, setting) -> {
        String[] s = String.valueOf(setting).split("/", 2);
        if (s.length != 2 || !(s[0].equals("enabled") || s[0].equals("disabled"))) {
          throw new IllegalArgumentException("endpoint " + endpoint + ": '" + setting + "' is not enabled/<weight> or disabled/<weight>");
        }
        out.put(String.valueOf(endpoint), new EndpointSetting(s[0].equals("enabled"), Integer.parseInt(s[1])));
      });
      return out;
    }
  }

  /** A gate that closed: the stamp it guarded, when it opened and closed, the decision and every answer. */
  public record GateOutcome(String stamp, Instant opened, Instant closed, String decision, String message, List<ApprovalRecord> approvals) {
    public GateOutcome {
      Objects.requireNonNull(stamp, "stamp");
      Objects.requireNonNull(opened, "opened");
      Objects.requireNonNull(closed, "closed");
      Objects.requireNonNull(decision, "decision");
      approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /** From core's gate: decision APPROVED, REJECTED or EXPIRED; the answers in order (APPROVE/REJECT), as the orchestrator records them. */
    public static GateOutcome of(GateState state, GateDecision decision, Instant closed) {
      List<ApprovalRecord> answers = new ArrayList<>();
      for (Approval a : state.answers()) {
        answers.add(new ApprovalRecord(a.user(), a.at(), a.decision().name(), a.comment()));
      }
      return new GateOutcome(state.stamp(), state.openedAt(), closed, decision.status().name(), decision.message(), answers);
    }
  }

  // ---------------------------------------------------------------- adding

  public void add(StepOutcome s) {
    StepEntry e = new StepEntry();
    e.step = s.step();
    e.stamp = s.stamp();
    e.hub = s.hub();
    e.start = s.start().toString();
    e.end = s.end().toString();
    e.result = s.result();
    e.message = s.message();
    e.chart = s.chart();
    e.chartVersion = s.chartVersion();
    e.images = s.images() == null ? null : new ArrayList<>(s.images());
    e.nodeCounts = new LinkedHashMap<>(s.nodeCounts());
    e.failures = new ArrayList<>(s.failures());
    steps().add(e);
    for (ChangeRecord c : s.trafficChanges()) {
      changes().add(ChangeEntry.of(c));
    }
    notes().addAll(s.notes());
  }

  public void add(GateOutcome g) {
    GateEntry e = new GateEntry();
    e.stamp = g.stamp();
    e.opened = g.opened().toString();
    e.closed = g.closed().toString();
    e.decision = g.decision();
    e.message = g.message();
    e.approvals = new ArrayList<>();
    for (ApprovalRecord a : g.approvals()) {
      AnswerEntry ae = new AnswerEntry();
      ae.user = a.user();
      ae.at = a.at().toString();
      ae.decision = a.decision();
      ae.comment = a.comment();
      e.approvals.add(ae);
    }
    gates().add(e);
  }

  /**
   * A new ledger holding the same entries, which are never changed once added. A front end adds to a copy and then
   * publishes it, so that a concurrent reader (XStream writing build.xml) never sees a list while it changes.
   */
  public ReleaseLedger copy() {
    ReleaseLedger c = new ReleaseLedger();
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
    List<Instant> gateCloses = gates().stream().map(g -> Instant.parse(g.closed)).sorted().toList();
    List<StepEntry> ordered = steps().stream().sorted(Comparator.comparing((StepEntry e) -> Instant.parse(e.start))).toList();

    Map<String, List<StepEntry>> byStamp = new LinkedHashMap<>();
    for (StepEntry e : ordered) {
      byStamp.computeIfAbsent(e.stamp, k -> new ArrayList<>()).add(e);
    }
    List<StampRecord> stamps = new ArrayList<>();
    boolean anyFailed = false;
    boolean anyHalted = false;
    for (Map.Entry<String, List<StepEntry>> stamp : byStamp.entrySet()) {
      StampRecord s = stamp(stamp.getKey(), stamp.getValue(), gateCloses);
      anyFailed |= s.result() == Result.FAILED;
      anyHalted |= s.result() == Result.HALTED;
      stamps.add(s);
    }

    List<GateRecord> gateRecords = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes());
    for (GateEntry g : gates().stream().sorted(Comparator.comparing((GateEntry e) -> Instant.parse(e.opened))).toList()) {
      Instant opened = Instant.parse(g.opened);
      String wave = wave(opened, gateCloses);
      List<ApprovalRecord> answers = list(g.approvals).stream().map(a -> new ApprovalRecord(a.user, Instant.parse(a.at), a.decision, a.comment)).toList();
      gateRecords.add(new GateRecord(wave, opened, Instant.parse(g.closed), g.decision, answers));
      allNotes.add("gate after wave " + wave + " (stampGate of " + g.stamp + "): " + (g.message == null ? g.decision : g.message));
      anyFailed |= !"APPROVED".equals(g.decision);
    }

    List<ChangeRecord> traffic = changes().stream().map(ChangeEntry::toRecord).sorted(Comparator.comparing(ChangeRecord::time)).toList();
    return new ReleaseRecord(build.release(), build.plan(), build.toolVersion(), build.startedBy(), build.started(), build.finished(),
        result(build, anyFailed, anyHalted), stamps, gateRecords, traffic, allNotes);
  }

  private static StampRecord stamp(String name, List<StepEntry> entries, List<Instant> gateCloses) {
    List<PhaseRecord> phases = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Map<String, Integer> nodes = new LinkedHashMap<>();
    String hub = null;
    String chart = null;
    String chartVersion = null;
    List<String> images = List.of();
    boolean failed = false;
    boolean halted = false;
    for (StepEntry e : entries) {
      phases.add(new PhaseRecord(e.step, Instant.parse(e.start), Instant.parse(e.end), e.result, e.message));
      failed |= e.result == Result.FAILED;
      halted |= e.result == Result.HALTED;
      reasons.addAll(list(e.failures));
      if (e.nodeCounts != null) {
        nodes.putAll(e.nodeCounts);
      }
      hub = e.hub == null ? hub : e.hub;
      chart = e.chart == null ? chart : e.chart;
      chartVersion = e.chartVersion == null ? chartVersion : e.chartVersion;
      images = e.images == null ? images : e.images;
    }
    Result result = failed ? Result.FAILED : halted ? Result.HALTED : Result.SUCCEEDED;
    return new StampRecord(name, hub == null ? name : hub, wave(Instant.parse(entries.get(0).start), gateCloses), result, phases, chart,
        chartVersion, images, nodes, reasons);
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

  // ---------------------------------------------------------------- storage

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

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String string(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      l.stream().filter(Objects::nonNull).map(String::valueOf).forEach(out::add);
    }
    return out;
  }

  /** One step as stored (a field absent from an older build.xml reads as null and is treated as "not reported"). */
  static final class StepEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String step;
    String stamp;
    String hub;
    String start;
    String end;
    Result result;
    String message;
    String chart;
    String chartVersion;
    List<String> images;
    Map<String, Integer> nodeCounts;
    List<String> failures;
  }

  static final class GateEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String stamp;
    String opened;
    String closed;
    String decision;
    String message;
    List<AnswerEntry> approvals = new ArrayList<>();
  }

  static final class AnswerEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String user;
    String at;
    String decision;
    String comment;
  }

  static final class ChangeEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String time;
    String provider;
    List<SettingEntry> before = new ArrayList<>();
    List<SettingEntry> after = new ArrayList<>();
    String actor;
    String reason;

    static ChangeEntry of(ChangeRecord c) {
      ChangeEntry e = new ChangeEntry();
      e.time = c.time().toString();
      e.provider = c.provider();
      c.before().forEach((endpoint, s) -> e.before.add(SettingEntry.of(endpoint, s)));
      c.after().forEach((endpoint, s) -> e.after.add(SettingEntry.of(endpoint, s)));
      e.actor = c.actor();
      e.reason = c.reason();
      return e;
    }

    ChangeRecord toRecord() {
      return new ChangeRecord(Instant.parse(time), provider, settings(before), settings(after), actor, reason);
    }

    private static Map<String, EndpointSetting> settings(List<SettingEntry> entries) {
      Map<String, EndpointSetting> out = new LinkedHashMap<>();
      list(entries).forEach(s -> out.put(s.endpoint, new EndpointSetting(s.enabled, s.weight)));
      return out;
    }
  }

  static final class SettingEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String endpoint;
    boolean enabled;
    int weight;

    static SettingEntry of(String endpoint, EndpointSetting s) {
      SettingEntry e = new SettingEntry();
      e.endpoint = endpoint;
      e.enabled = s.enabled();
      e.weight = s.weight();
      return e;
    }
  }
}
