package io.stamprelease.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.files.AtomicFile;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** Writes {@code file} atomically ({@link AtomicFile}), so a reader never sees half a file. */
  public static void write(ReleaseRecord record, Path file) {
    AtomicFile.write(file, toJson(record));
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
    new TreeMap<>(s.nodeCounts()).forEach(nodes::put); // sorted by pool: the same cluster gives the same bytes
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
    ReleaseJsonReader reader = new ReleaseJsonReader();
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
}
