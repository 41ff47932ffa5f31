package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.traffic.EndpointSetting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dry run's plan as plain values (JSON, Jenkins' return value); a run's result is {@link TrafficShiftResult}. */
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

  private static Map<String, String> strings(Map<String, EndpointSetting> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }
}
