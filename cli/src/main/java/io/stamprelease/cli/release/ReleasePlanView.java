package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.release.ReleasePreview.StampPlan;
import io.stamprelease.core.release.ReleasePreview.TrafficRow;
import io.stamprelease.core.release.ReleasePreview.WavePlan;
import io.stamprelease.core.release.ReleasePreview;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `stamp release --dry-run`: core's {@link ReleasePreview} as text (tables for the traffic) and as JSON. */
final class ReleasePlanView {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private ReleasePlanView() {
  }

  static CommandResult of(ReleasePreview.Preview p) {
    StringBuilder t = new StringBuilder();
    t.append("release ").append(p.release()).append(": the plan (dry run; nothing was written)\n");
    t.append("traffic profile ").append(p.profile()).append(" now: ").append(join(p.trafficNow())).append('\n');
    for (WavePlan w : p.waves()) {
      t.append("\nwave ").append(w.wave()).append(" (up to ").append(w.maxParallel()).append(" at a time): at least ").append(human(w.floor()))
          .append(", at most ").append(human(w.ceiling())).append('\n');
      for (StampPlan s : w.stamps()) {
        t.append("  ").append(s.stamp()).append(" on hub ").append(s.hub()).append(": at least ").append(human(s.floor())).append(", at most ")
            .append(human(s.ceiling())).append('\n');
        lines(t, "cluster", s.cluster());
        lines(t, "scale", s.scale());
        lines(t, "app", s.app());
        table(t, s.traffic(), p.trafficNow().keySet().stream().toList());
      }
      if (w.gate() != null) {
        t.append("  gate after ").append(w.wave()).append(": ").append(w.gate()).append('\n');
      }
    }
    ReleasePreview.Estimate e = p.estimate();
    t.append("\nestimated duration: at least ").append(human(e.floor())).append(e.gates() == 0 ? "" : " plus the time people take at "
        + e.gates() + " gate(s)").append(", at most ").append(human(e.ceiling())).append('\n');
    t.append("  (").append(e.arithmetic()).append(")\n");
    t.append("nothing was written: no state file, no release.json; the hubs saw reads, ARM's validate or what-if, and Helm's server-side dry run");
    ObjectNode json = JSON.valueToTree(p);
    json.put("dryRun", true);
    return new CommandResult(ExitCode.OK, t.toString(), json);
  }

  private static void lines(StringBuilder t, String label, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      t.append(String.format("    %-8s %s%n", i == 0 ? label : "", lines.get(i)));
    }
  }

  /** One row per change: the step, each endpoint after it, the wait (and bake); refusals under the row. */
  private static void table(StringBuilder t, List<TrafficRow> rows, List<String> endpoints) {
    List<List<String>> cells = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("traffic"));
    head.addAll(endpoints);
    head.add("then");
    cells.add(head);
    for (TrafficRow r : rows) {
      List<String> row = new ArrayList<>(List.of(r.step()));
      endpoints.forEach(e -> row.add(r.after().getOrDefault(e, "")));
      row.add(r.dnsWait() + (r.bake().isZero() ? "" : ", then bake " + human(r.bake())));
      cells.add(row);
    }
    int[] width = new int[head.size()];
    for (List<String> row : cells) {
      for (int i = 0; i < row.size() - 1; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (int k = 0; k < cells.size(); k++) {
      StringBuilder line = new StringBuilder("    ");
      List<String> row = cells.get(k);
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (width[i] + 2) + "s", row.get(i)));
      }
      t.append(line.toString().stripTrailing()).append('\n');
      if (k > 0) {
        rows.get(k - 1).refusals().forEach(r -> t.append("      REFUSED by the guardrails (the release would stop here): ").append(r).append('\n'));
      }
    }
  }

  private static String join(Map<String, String> m) {
    return String.join(", ", m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
  }

  private static String human(Duration d) {
    return Durations.human(d);
  }
}
