package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.PlannedStep;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The pre-flight's answer: the profile as read, the plan made from it, and what the user must hear. Nothing is written yet. */
public record ShiftPlan(String operation, TrafficState current, StepPlan plan, List<String> warnings) {
  public ShiftPlan {
    warnings = List.copyOf(warnings);
  }

  /** The state the engine starts from. */
  public TrafficShiftState initialState() {
    Map<String, String> monitors = new LinkedHashMap<>();
    current.endpoints().forEach(e -> monitors.put(e.name(), e.monitor().name()));
    return TrafficShiftState.start(operation, plan.steps(), current.settings(), monitors);
  }

  /**
   * Current and planned settings, one row per endpoint and one column per step, each cell {@code enabled/weight (share %)};
   * what {@code --dry-run} prints.
   */
  public String table() {
    List<String> header = new ArrayList<>(List.of("endpoint", "monitor", "now"));
    plan.steps().forEach(s -> header.add((s.kind() == PlannedStep.Kind.PROBE ? "probe: " : "") + s.label()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    List<Map<String, EndpointSetting>> columns = new ArrayList<>();
    Map<String, EndpointSetting> settings = new LinkedHashMap<>(current.settings());
    columns.add(Map.copyOf(settings));
    for (PlannedStep s : plan.steps()) {
      settings.putAll(s.settings());
      columns.add(new LinkedHashMap<>(settings));
    }
    List<Map<String, Integer>> percents = columns.stream().map(Weights::configuredPercents).toList();
    for (EndpointState e : current.endpoints()) {
      List<String> row = new ArrayList<>(List.of(e.name(), e.monitor().name()));
      for (int i = 0; i < columns.size(); i++) {
        EndpointSetting s = columns.get(i).get(e.name());
        row.add(s + " (" + percents.get(i).get(e.name()) + "%)");
      }
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    rows.forEach(r -> {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    });
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        sb.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", r.get(i))).append(i + 1 < r.size() ? "  " : "");
      }
      sb.setLength(sb.toString().stripTrailing().length());
      sb.append(System.lineSeparator());
    }
    return sb.toString().stripTrailing();
  }
}
