package io.stamprelease.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads a release.json tree for {@link ReleaseJson}: collects every problem with its path instead of stopping at the first;
 * a null result means "look at problems".
 */
final class ReleaseJsonReader {
  final Problems problems = new Problems("release.json");

  void problem(String path, String message) {
    problems.addAt(ReleaseJson.Field.JSON, path, message);
  }

  ReleaseRecord release(JsonNode root) {
    if (!object(root, "(the document)", "schemaVersion", "release", "plan", "toolVersion", "startedBy", "started", "finished",
        "result", "stamps", "gates", "trafficChanges", "notes")) {
      return null;
    }
    JsonNode version = root.get("schemaVersion");
    if (version != null && (!version.isInt() || version.intValue() != ReleaseJson.SCHEMA_VERSION)) {
      problem("schemaVersion", "this build reads version " + ReleaseJson.SCHEMA_VERSION + " (was " + version + ")");
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
