package io.stamprelease.core.traffic.tasks;

import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's outputs as plain maps and lists (JSON, the release report, Jenkins' return value). */
public final class ShiftReport {
  private ShiftReport() {
  }

  /**
   * A dry run's plan as plain values: the profile's etag, the table, the current settings, each planned step (kind,
   * label, settings), the warnings and the two DNS waits the profile's timing gives.
   */
  public static Map<String, Object> dryRun(ShiftPlan plan) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("etag", plan.current().etag());
    out.put("table", plan.table());
    out.put("current", strings(plan.current().settings()));
    List<Map<String, Object>> steps = new ArrayList<>();
    plan.plan().steps().forEach(step -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", step.kind().name());
      m.put("label", step.label());
      m.put("settings", strings(step.settings()));
      steps.add(m);
    });
    out.put("steps", steps);
    out.put("warnings", plan.warnings());
    out.put("dnsWaitAfterWeightChange", io.stamprelease.core.traffic.DnsWaits.afterWeightChange(plan.current().timing()).describe());
    out.put("dnsWaitAfterEnableOrDisable", io.stamprelease.core.traffic.DnsWaits.afterEnableOrDisable(plan.current().timing()).describe());
    return out;
  }

  public static Map<String, Object> outputs(TrafficShiftState s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operation", s.operation());
    out.put("before", endpoints(s.startSettings(), s.startMonitors()));
    out.put("after", endpoints(s.finalSettings(), s.finalMonitors()));
    out.put("reverted", s.reverting());
    if (s.failure() != null) {
      out.put("failure", s.failure());
    }
    out.put("stepsTaken", s.stepsTaken());
    out.put("waits", s.waits());
    List<Map<String, Object>> changes = new ArrayList<>();
    for (ChangeRecord c : s.changes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", c.time().toString());
      m.put("provider", c.provider());
      m.put("before", strings(c.before()));
      m.put("after", strings(c.after()));
      m.put("actor", c.actor());
      m.put("reason", c.reason());
      changes.add(m);
    }
    out.put("changes", changes);
    return out;
  }

  private static Map<String, Object> endpoints(Map<String, EndpointSetting> settings, Map<String, String> monitors) {
    Map<String, Integer> percents = Weights.configuredPercents(settings);
    Map<String, Object> out = new LinkedHashMap<>();
    settings.forEach((name, s) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("enabled", s.enabled());
      e.put("weight", s.weight());
      e.put("percent", percents.get(name));
      e.put("monitor", monitors.get(name));
      out.put(name, e);
    });
    return out;
  }

  private static Map<String, String> strings(Map<String, EndpointSetting> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }
}
