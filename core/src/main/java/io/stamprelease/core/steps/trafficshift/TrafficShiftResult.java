package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code trafficShift} returns: the endpoints before and after (setting, share, monitor status), whether it was
 * reverted and why, the steps taken, the DNS waits, and every change it made as a {@link ChangeRecord}; or, for a dry
 * run, the plan as plain values ({@code plan}) and nothing changed.
 */
public record TrafficShiftResult(String provider, String profile, String operation, Map<String, EndpointSetting> before,
    Map<String, String> beforeMonitors, Map<String, EndpointSetting> after, Map<String, String> afterMonitors, boolean reverted, String failure,
    List<String> stepsTaken, List<String> waits, List<ChangeRecord> changes, boolean dryRun, Map<String, Object> plan) implements StepResult {
  private static final long serialVersionUID = 1L;

  public TrafficShiftResult {
    before = new LinkedHashMap<>(before);
    beforeMonitors = new LinkedHashMap<>(beforeMonitors);
    after = new LinkedHashMap<>(after);
    afterMonitors = new LinkedHashMap<>(afterMonitors);
    stepsTaken = List.copyOf(stepsTaken);
    waits = List.copyOf(waits);
    changes = List.copyOf(changes);
    plan = plan == null ? null : new LinkedHashMap<>(plan);
  }

  /** A run's result from its final state. */
  public static TrafficShiftResult of(String provider, String profile, TrafficShiftState s) {
    return new TrafficShiftResult(provider, profile, s.operation(), s.startSettings(), s.startMonitors(), s.finalSettings(), s.finalMonitors(),
        s.reverting(), s.failure(), s.stepsTaken(), s.waits(), s.changes(), false, null);
  }

  /** A dry run's result: the plan, and nothing changed. */
  public static TrafficShiftResult dryRun(String provider, String profile, ShiftPlan plan) {
    return new TrafficShiftResult(provider, profile, plan.operation(), plan.current().settings(), Map.of(), plan.current().settings(), Map.of(),
        false, null, List.of(), List.of(), List.of(), true, ShiftReport.dryRun(plan));
  }

  @Override
  public StepKind step() {
    return StepKind.TRAFFIC_SHIFT;
  }

  @Override
  public Map<String, Object> toPlainMap() {
    PlainValues v = new PlainValues().put("provider", provider).put("profile", profile).put("dryRun", dryRun);
    if (dryRun) {
      plan.forEach(v::put);
      return v.map();
    }
    v.put("operation", operation).put("before", endpoints(before, beforeMonitors)).put("after", endpoints(after, afterMonitors))
        .put("reverted", reverted).put("failure", failure).put("stepsTaken", stepsTaken).put("waits", waits);
    List<Map<String, Object>> plainChanges = new ArrayList<>();
    for (ChangeRecord c : changes) {
      plainChanges.add(new PlainValues().put("time", c.time().toString()).put("provider", c.provider()).put("before", strings(c.before()))
          .put("after", strings(c.after())).put("actor", c.actor()).put("reason", c.reason()).map());
    }
    return v.put("changes", plainChanges).map();
  }

  @Override
  public String summary() {
    return dryRun ? operation + ": dry run, nothing was written" : operation + ": " + changes.size() + " traffic change" + (changes.size() == 1
        ? "" : "s") + (reverted ? ", reverted" : "");
  }

  @Override
  public Facts facts() {
    return new Facts(null, null, null, Map.of(), failure == null ? List.of() : List.of(failure), changes);
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

  static Map<String, String> strings(Map<String, EndpointSetting> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }
}
