package io.stamprelease.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.input.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * {@code release.json}: the machine-readable {@link ReleaseRecord}. Written pretty-printed with the fields in the records'
 * order (maps of node counts sorted by pool, endpoint maps in the order the provider reported them) and timestamps as
 * ISO-8601 UTC instants, so two runs that did the same thing give the same bytes.
 *
 * <p>Mapped by hand over Jackson's tree model rather than by data binding: reading is strict (every field present,
 * no unknown field, the right type, results from the enum, weights 1..1000) and each refusal names the file and the
 * field's path, e.g. {@code release.json: stamps[2].phases[0].start: expected an ISO-8601 instant such as
 * 2026-11-20T09:00:00Z (was "yesterday")}. Absent values ({@code finished} of a running release, a phase still
 * running, a gate still open, no comment) are written as {@code null}, never left out.
 */
public final class ReleaseJson {
  /** Bumped when a field changes meaning or goes away; readers refuse versions they do not know. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ReleaseJson() {
  }

  // ---------------------------------------------------------------- writing

  /** The file's text (pretty-printed, ending with a newline). */
  public static String toJson(ReleaseRecord record) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(record)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a release record as JSON", e);
    }
  }

  /** Writes {@code file} atomically (a sibling temporary file, then a rename), so a reader never sees half a file. */
  public static void write(ReleaseRecord record, Path file) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, toJson(record), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static ObjectNode tree(ReleaseRecord r) {
    ObjectNode o = NODES.objectNode();
    o.put("schemaVersion", SCHEMA_VERSION);
    o.put("release", r.release());
    o.put("plan", r.plan());
    o.put("toolVersion", r.toolVersion());
    o.put("startedBy", r.startedBy());
    o.put("started", instant(r.started()));
    o.put("finished", instant(r.finished()));
    o.put("result", name(r.result()));
    ArrayNode stamps = o.putArray("stamps");
    r.stamps().forEach(s -> stamps.add(stamp(s)));
    ArrayNode gates = o.putArray("gates");
    r.gates().forEach(g -> gates.add(gate(g)));
    ArrayNode changes = o.putArray("trafficChanges");
    r.trafficChanges().forEach(c -> changes.add(change(c)));
    ArrayNode notes = o.putArray("notes");
    r.notes().forEach(notes::add);
    return o;
  }

  private static ObjectNode stamp(StampRecord s) {
    ObjectNode o = NODES.objectNode();
    o.put("stamp", s.stamp());
    o.put("hub", s.hub());
    o.put("wave", s.wave());
    o.put("result", name(s.result()));
    ArrayNode phases = o.putArray("phases");
    for (PhaseRecord p : s.phases()) {
      ObjectNode ph = phases.addObject();
      ph.put("phase", p.phase());
      ph.put("start", instant(p.start()));
      ph.put("end", instant(p.end()));
      ph.put("result", name(p.result()));
      ph.put("message", p.message());
    }
    o.put("chart", s.chart());
    o.put("chartVersion", s.chartVersion());
    ArrayNode images = o.putArray("images");
    s.images().forEach(images::add);
    ObjectNode nodes = o.putObject("nodeCounts");
    new TreeMap<>(s.nodeCounts()).forEach(nodes::put); // Map.copyOf has no order; sorted keeps the file stable
    ArrayNode reasons = o.putArray("failureReasons");
    s.failureReasons().forEach(reasons::add);
    return o;
  }

  private static ObjectNode gate(GateRecord g) {
    ObjectNode o = NODES.objectNode();
    o.put("wave", g.wave());
    o.put("opened", instant(g.opened()));
    o.put("closed", instant(g.closed()));
    o.put("decision", g.decision());
    ArrayNode approvals = o.putArray("approvals");
    for (ApprovalRecord a : g.approvals()) {
      ObjectNode ap = approvals.addObject();
      ap.put("user", a.user());
      ap.put("at", instant(a.at()));
      ap.put("decision", a.decision());
      ap.put("comment", a.comment());
    }
    return o;
  }

  private static ObjectNode change(ChangeRecord c) {
    ObjectNode o = NODES.objectNode();
    o.put("time", instant(c.time()));
    o.put("provider", c.provider());
    o.set("before", settings(c.before()));
    o.set("after", settings(c.after()));
    o.put("actor", c.actor());
    o.put("reason", c.reason());
    return o;
  }

  private static ObjectNode settings(Map<String, EndpointSetting> settings) {
    ObjectNode o = NODES.objectNode();
    settings.forEach((endpoint, s) -> o.putObject(endpoint).put("enabled", s.enabled()).put("weight", s.weight()));
    return o;
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }

  private static String name(Result r) {
    return r == null ? null : r.name();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads and checks {@code file}.
   *
   * @throws InvalidReleaseJsonException naming the file and every bad field (a missing file, a file that is not JSON, a
   *     field missing, unknown, of the wrong type or out of range)
   */
  public static ReleaseRecord read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidReleaseJsonException(file.toString(), List.of(Problem.of(Field.JSON, "no such file (give the path of a release.json a release wrote)")));
    } catch (IOException e) {
      throw new InvalidReleaseJsonException(file.toString(), List.of(Problem.of(Field.JSON, "cannot read it: " + e)));
    }
    return parse(text, file.toString());
  }

  /** Parses a release.json text; {@code source} names it in error messages (usually the file's path). */
  public static ReleaseRecord parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidReleaseJsonException(source, List.of(Problem.of(Field.JSON, "not valid JSON: " + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())));
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidReleaseJsonException(source, List.of(Problem.of(Field.JSON, "the file is empty (expected a release record object)")));
    }
    Reader reader = new Reader();
    ReleaseRecord record = reader.release(root);
    if (!reader.problems.isEmpty()) {
      throw new InvalidReleaseJsonException(source, reader.problems.list());
    }
    return record;
  }

  /** A release.json that cannot be read: the message names the file and each bad field ("FILE: stamps[0].wave: is missing"). */
  public static final class InvalidReleaseJsonException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final String source;

    InvalidReleaseJsonException(String source, List<Problem> problems) {
      super("release.json", problems);
      this.source = source;
    }

    @Override
    public String render(FieldLabels labels) {
      return "cannot use " + source + " as a release record: " + String.join("; ", problems().stream()
          .map(p -> p.at() == null ? p.message() : p.at() + ": " + p.message()).toList());
    }
  }

  /** The input a release record is read from: {@code stamp report --json FILE}. */
  public enum Field implements InputField {
    JSON;

    @Override
    public String key() {
      return "json";
    }
  }

  /** Collects every problem with its path instead of stopping at the first; a null result means "look at problems". */
  private static final class Reader {
    final Problems problems = new Problems("release.json");

    void problem(String path, String message) {
      problems.addAt(Field.JSON, path, message);
    }

    ReleaseRecord release(JsonNode root) {
      if (!object(root, "(the document)", "schemaVersion", "release", "plan", "toolVersion", "startedBy", "started", "finished",
          "result", "stamps", "gates", "trafficChanges", "notes")) {
        return null;
      }
      JsonNode version = root.get("schemaVersion");
      if (version != null && (!version.isInt() || version.intValue() != SCHEMA_VERSION)) {
        problem("schemaVersion", "this build reads version " + SCHEMA_VERSION + " (was " + version + ")");
        return null;
      }
      String release = text(root, "", "release", false);
      String plan = text(root, "", "plan", false);
      String toolVersion = text(root, "", "toolVersion", false);
      String startedBy = text(root, "", "startedBy", false);
      Instant started = instant(root, "", "started", false);
      Instant finished = instant(root, "", "finished", true);
      Result result = result(root, "", "result");
      List<StampRecord> stamps = list(root, "", "stamps", this::stamp);
      List<GateRecord> gates = list(root, "", "gates", this::gate);
      List<ChangeRecord> changes = list(root, "", "trafficChanges", this::change);
      List<String> notes = list(root, "", "notes", (n, path) -> textValue(n, path, false));
      if (!problems.isEmpty()) {
        return null;
      }
      return new ReleaseRecord(release, plan, toolVersion, startedBy, started, finished, result, stamps, gates, changes, notes);
    }

    StampRecord stamp(JsonNode n, String path) {
      if (!object(n, path, "stamp", "hub", "wave", "result", "phases", "chart", "chartVersion", "images", "nodeCounts", "failureReasons")) {
        return null;
      }
      List<PhaseRecord> phases = list(n, path, "phases", this::phase);
      List<String> images = list(n, path, "images", (i, p) -> textValue(i, p, false));
      Map<String, Integer> nodeCounts = map(n, path, "nodeCounts", (c, p) -> {
        if (!c.isInt() || c.intValue() < 0) {
          problem(p, "expected a node count (a whole number, 0 or more) (was " + c + ")");
          return null;
        }
        return c.intValue();
      });
      List<String> reasons = list(n, path, "failureReasons", (i, p) -> textValue(i, p, false));
      return new StampRecord(text(n, path, "stamp", false), text(n, path, "hub", false), text(n, path, "wave", false),
          result(n, path, "result"), phases, text(n, path, "chart", true), text(n, path, "chartVersion", true), images,
          nodeCounts == null ? Map.of() : nodeCounts, reasons);
    }

    PhaseRecord phase(JsonNode n, String path) {
      if (!object(n, path, "phase", "start", "end", "result", "message")) {
        return null;
      }
      return new PhaseRecord(text(n, path, "phase", false), instant(n, path, "start", false), instant(n, path, "end", true),
          result(n, path, "result"), text(n, path, "message", true));
    }

    GateRecord gate(JsonNode n, String path) {
      if (!object(n, path, "wave", "opened", "closed", "decision", "approvals")) {
        return null;
      }
      return new GateRecord(text(n, path, "wave", false), instant(n, path, "opened", false), instant(n, path, "closed", true),
          text(n, path, "decision", false), list(n, path, "approvals", this::approval));
    }

    ApprovalRecord approval(JsonNode n, String path) {
      if (!object(n, path, "user", "at", "decision", "comment")) {
        return null;
      }
      return new ApprovalRecord(text(n, path, "user", false), instant(n, path, "at", false), text(n, path, "decision", false),
          text(n, path, "comment", true));
    }

    ChangeRecord change(JsonNode n, String path) {
      if (!object(n, path, "time", "provider", "before", "after", "actor", "reason")) {
        return null;
      }
      Instant time = instant(n, path, "time", false);
      String provider = text(n, path, "provider", false);
      Map<String, EndpointSetting> before = map(n, path, "before", this::setting);
      Map<String, EndpointSetting> after = map(n, path, "after", this::setting);
      String actor = text(n, path, "actor", true);
      String reason = text(n, path, "reason", true);
      if (before == null || after == null) {
        return null;
      }
      return new ChangeRecord(time, provider, before, after, actor, reason);
    }

    EndpointSetting setting(JsonNode n, String path) {
      if (!object(n, path, "enabled", "weight")) {
        return null;
      }
      JsonNode enabled = n.get("enabled");
      JsonNode weight = n.get("weight");
      if (enabled == null || weight == null) {
        return null;
      }
      boolean ok = true;
      if (!enabled.isBoolean()) {
        problem(path + ".enabled", "expected true or false (was " + enabled + ")");
        ok = false;
      }
      if (!weight.isInt() || weight.intValue() < 1 || weight.intValue() > 1000) {
        problem(path + ".weight", "expected a weight from 1 to 1000 (was " + weight + ")");
        ok = false;
      }
      return ok ? new EndpointSetting(enabled.booleanValue(), weight.intValue()) : null;
    }

    // -------------------------------------------------------------- field helpers

    /**
     * Checks that {@code n} is an object with exactly these fields and records each missing or unknown one; false only
     * when it is not an object at all (the present fields are still read, so one pass finds every problem).
     */
    private boolean object(JsonNode n, String path, String... fields) {
      if (n == null || !n.isObject()) {
        problem(path, "expected an object (was " + describe(n) + ")");
        return false;
      }
      Set<String> known = Set.of(fields);
      for (String f : fields) {
        if (!n.has(f)) {
          problem(join(path, f), "is missing");
        }
      }
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          problem(join(path, f), "unknown field (known: " + String.join(", ", Arrays.asList(fields)) + ")");
        }
      }
      return true;
    }

    private String text(JsonNode parent, String path, String field, boolean nullable) {
      JsonNode n = parent.get(field);
      return n == null ? null : textValue(n, join(path, field), nullable);
    }

    private String textValue(JsonNode n, String path, boolean nullable) {
      if (n.isNull() && nullable) {
        return null;
      }
      if (!n.isTextual()) {
        problem(path, "expected a string" + (nullable ? " or null" : "") + " (was " + describe(n) + ")");
        return null;
      }
      return n.textValue();
    }

    private Instant instant(JsonNode parent, String path, String field, boolean nullable) {
      String p = join(path, field);
      JsonNode n = parent.get(field);
      if (n == null || n.isNull() && nullable) {
        return null;
      }
      if (n.isTextual()) {
        try {
          return Instant.parse(n.textValue());
        } catch (DateTimeParseException e) {
          // reported below with the value
        }
      }
      problem(p, "expected an ISO-8601 instant such as 2026-11-20T09:00:00Z" + (nullable ? " or null" : "") + " (was "
          + describe(n) + ")");
      return null;
    }

    private Result result(JsonNode parent, String path, String field) {
      String p = join(path, field);
      JsonNode n = parent.get(field);
      if (n == null) {
        return null;
      }
      if (n.isTextual()) {
        try {
          return Result.valueOf(n.textValue());
        } catch (IllegalArgumentException e) {
          // reported below
        }
      }
      problem(p, "expected one of " + Arrays.toString(Result.values()) + " (was " + describe(n) + ")");
      return null;
    }

    private <T> List<T> list(JsonNode parent, String path, String field, BiFunction<JsonNode, String, T> element) {
      String p = join(path, field);
      JsonNode n = parent.get(field);
      if (n == null) {
        return List.of();
      }
      if (!n.isArray()) {
        problem(p, "expected an array (was " + describe(n) + ")");
        return List.of();
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        T t = element.apply(n.get(i), p + "[" + i + "]");
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }

    private <T> Map<String, T> map(JsonNode parent, String path, String field, BiFunction<JsonNode, String, T> value) {
      String p = join(path, field);
      JsonNode n = parent.get(field);
      if (n == null) {
        return null;
      }
      if (!n.isObject()) {
        problem(p, "expected an object (was " + describe(n) + ")");
        return null;
      }
      Map<String, T> out = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> {
        T t = value.apply(e.getValue(), p + "." + e.getKey());
        if (t != null) {
          out.put(e.getKey(), t);
        }
      });
      return out;
    }

    private static String join(String path, String field) {
      return path.isEmpty() || path.equals("(the document)") ? field : path + "." + field;
    }

    private static String describe(JsonNode n) {
      if (n == null) {
        return "missing";
      }
      String s = n.toString();
      return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
  }
}
