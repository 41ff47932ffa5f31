package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries a {@link ReleaseRecordBuilder} stores, kept as plain fields because they are its persisted form: the
 * release state (Jackson, by field) and a Jenkins build's build.xml (XStream) hold them. Listed in the plugin's JEP-200
 * class filter.
 */
final class RecordEntries {
  private RecordEntries() {
  }

  /** A stamp declared by its owner (a field absent from an older file reads as null: "not said"). */
  static final class StampEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String stamp;
    String hub;
    String wave;
    Result result;
    Map<String, Integer> nodeCounts;
  }

  /** One phase as stored; {@code end} is null while it runs. */
  static final class StepEntry implements Serializable {
    private static final long serialVersionUID = 1L;
    String phase;
    String stamp;
    String hub;
    String wave;
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
    String wave;
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
      ReleaseRecordBuilder.list(entries).forEach(s -> out.put(s.endpoint, new EndpointSetting(s.enabled, s.weight)));
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
