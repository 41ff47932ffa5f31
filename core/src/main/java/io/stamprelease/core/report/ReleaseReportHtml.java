package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.stamprelease.core.report.ReportMarkup.esc;

/**
 * {@code release-report.html}: one self-contained page a person can open anywhere, including an air-gapped network —
 * inline CSS and an inline SVG, no script, no font, image, stylesheet or link fetched from anywhere. Every text that
 * comes from the record is escaped, so a stamp named {@code <script>} is shown, not run.
 *
 * <p>Sections: header (release, plan, who started it, result, duration, tool version), the timeline
 * ({@link ReleaseTimelineSvg}), stamps, gates with every answer, traffic changes, notes. Results are always written as
 * words beside their colour.
 */
public final class ReleaseReportHtml {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReleaseReportHtml() {
  }

  /** The whole page. */
  public static String render(ReleaseRecord r) {
    StringBuilder h = new StringBuilder(32_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Release ").append(esc(r.release())).append(" — ").append(resultWord(r.result())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    header(h, r);
    h.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    legend(h);
    h.append("<div class=\"figure\">\n").append(ReleaseTimelineSvg.render(r)).append("</div>\n");
    h.append("<p class=\"hint\">Hover a bar, gate, marker or band for details. Times are UTC.</p>\n</section>\n");
    stamps(h, r);
    gates(h, r);
    traffic(h, r);
    if (!r.notes().isEmpty()) {
      h.append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
      r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
      h.append("</ul>\n</section>\n");
    }
    h.append("<footer>Written by ").append(esc(r.toolVersion()))
        .append(" from release.json. Self-contained: this page loads nothing from any network.</footer>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, ReleaseRecord r) {
    h.append("<header>\n<h1>Release ").append(esc(r.release())).append(' ').append(badge(r.result())).append("</h1>\n<dl class=\"summary\">\n");
    item(h, "Plan", esc(r.plan()));
    item(h, "Started by", esc(r.startedBy()));
    item(h, "Started", time(r.started()));
    item(h, "Finished", r.finished() == null ? "still running" : time(r.finished()));
    item(h, "Duration", duration(r.started(), r.finished()));
    item(h, "Result", badge(r.result()));
    long failed = r.stamps().stream().filter(s -> s.result() == Result.FAILED).count();
    long succeeded = r.stamps().stream().filter(s -> s.result() == Result.SUCCEEDED).count();
    item(h, "Stamps", r.stamps().size() + " (" + succeeded + " succeeded, " + failed + " failed)");
    item(h, "Tool version", esc(r.toolVersion()));
    h.append("</dl>\n</header>\n");
  }

  private static void item(StringBuilder h, String term, String html) {
    h.append("<div><dt>").append(term).append("</dt><dd>").append(html).append("</dd></div>\n");
  }

  private static void legend(StringBuilder h) {
    h.append("<ul class=\"legend\">\n");
    for (Result r : List.of(Result.SUCCEEDED, Result.FAILED, Result.RUNNING, Result.HALTED)) {
      h.append("<li><span class=\"swatch ").append(ReportMarkup.resultClass(r)).append("\"></span>").append(resultWord(r))
          .append(r == Result.FAILED ? " (hatched)" : "").append("</li>\n");
    }
    h.append("<li><span class=\"swatch gate-swatch\"></span>Gate: waiting for approval</li>\n")
        .append("<li><span class=\"marker\">!</span>Failure (hover for the reason)</li>\n")
        .append("<li><span class=\"tri\"></span>Traffic change</li>\n</ul>\n");
  }

  private static void stamps(StringBuilder h, ReleaseRecord r) {
    h.append("<section id=\"stamps\">\n<h2>Stamps</h2>\n<table class=\"stamps\">\n<colgroup><col style=\"width:5%\"><col style=\"width:12%\">")
        .append("<col style=\"width:25%\"><col style=\"width:13%\"><col style=\"width:24%\"><col></colgroup>\n")
        .append("<thead><tr><th>Wave</th><th>Stamp</th><th>Chart and images</th><th>Nodes</th><th>Phases</th><th>Failure reasons</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (StampRecord s : r.stamps()) {
      h.append("<tr class=\"stamp ").append(ReportMarkup.resultClass(s.result())).append("\">");
      h.append("<td>").append(esc(s.wave())).append("</td>");
      h.append("<td><strong>").append(esc(s.stamp())).append("</strong><div class=\"dim\">").append(esc(s.hub())).append("</div>")
          .append(badge(s.result())).append("</td>");
      h.append("<td><div class=\"ref\">").append(s.chart() == null ? "—" : ref(s.chart())).append("</div><div class=\"dim\">version ")
          .append(esc(s.chartVersion() == null ? "—" : s.chartVersion())).append("</div>");
      s.images().forEach(i -> h.append("<div class=\"ref image\">").append(ref(i)).append("</div>"));
      h.append("</td><td>");
      Map<String, Integer> nodes = new TreeMap<>(s.nodeCounts());
      nodes.forEach((pool, n) -> h.append("<div class=\"pool\">").append(esc(pool)).append(": ").append(n).append("</div>"));
      h.append("</td><td><ol class=\"phases\">");
      for (PhaseRecord p : s.phases()) {
        h.append("<li>").append(esc(p.phase())).append(' ').append(badge(p.result())).append(" <span class=\"dim\">")
            .append(duration(p.start(), p.end())).append("</span>");
        if (p.message() != null && !p.message().isEmpty()) {
          h.append("<div class=\"dim\">").append(esc(p.message())).append("</div>");
        }
        h.append("</li>");
      }
      h.append("</ol></td><td>");
      if (s.failureReasons().isEmpty()) {
        h.append("<span class=\"dim\">none</span>");
      } else {
        h.append("<ul class=\"reasons\">");
        s.failureReasons().forEach(f -> h.append("<li>").append(esc(f)).append("</li>"));
        h.append("</ul>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void gates(StringBuilder h, ReleaseRecord r) {
    h.append("<section id=\"gates\">\n<h2>Gates</h2>\n");
    if (r.gates().isEmpty()) {
      h.append("<p class=\"dim\">This release had no gates.</p>\n");
    }
    for (GateRecord g : r.gates()) {
      h.append("<div class=\"gate-card\">\n<h3>After wave ").append(esc(g.wave())).append(": <span class=\"decision\">")
          .append(esc(g.decision())).append("</span></h3>\n<p>Opened ").append(time(g.opened())).append(", ")
          .append(g.closed() == null ? "still open" : "closed " + time(g.closed()) + " after " + duration(g.opened(), g.closed()))
          .append(".</p>\n");
      if (g.approvals().isEmpty()) {
        h.append("<p class=\"dim\">Nobody answered.</p>\n</div>\n");
        continue;
      }
      h.append("<table class=\"approvals\">\n<thead><tr><th>Who</th><th>Answer</th><th>When</th><th>Comment</th></tr></thead>\n<tbody>\n");
      for (ApprovalRecord a : g.approvals()) {
        h.append("<tr><td><strong>").append(esc(a.user())).append("</strong></td><td>").append(esc(a.decision())).append("</td><td>")
            .append(time(a.at())).append("</td><td>")
            .append(a.comment() == null || a.comment().isEmpty() ? "<span class=\"dim\">no comment</span>" : esc(a.comment()))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n</div>\n");
    }
    h.append("</section>\n");
  }

  private static void traffic(StringBuilder h, ReleaseRecord r) {
    h.append("<section id=\"traffic\">\n<h2>Traffic changes</h2>\n");
    if (r.trafficChanges().isEmpty()) {
      h.append("<p class=\"dim\">No traffic change was recorded.</p>\n</section>\n");
      return;
    }
    List<String> endpoints = TrafficShares.endpoints(r.trafficChanges());
    h.append("<p class=\"hint\">Each cell: setting before → after, and the share of enabled weight after the change. "
        + "Changed endpoints are in bold.</p>\n");
    h.append("<table class=\"changes\">\n<thead><tr><th>Time</th><th>Change</th>");
    for (int e = 0; e < endpoints.size(); e++) {
      h.append("<th><span class=\"swatch\" style=\"background:").append(ReportMarkup.colour(e)).append("\"></span>")
          .append(esc(endpoints.get(e))).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (ChangeRecord c : r.trafficChanges()) {
      Map<String, Double> after = TrafficShares.percent(endpoints, c.after());
      h.append("<tr><td>").append(CLOCK.format(c.time())).append("</td><td>").append(esc(c.reason())).append("<div class=\"dim\">")
          .append(esc(c.provider())).append(c.actor() == null ? "" : " · " + esc(c.actor())).append("</div></td>");
      for (String e : endpoints) {
        EndpointSetting b = c.before().get(e);
        EndpointSetting a = c.after().get(e);
        boolean changed = !Objects.equals(a, b);
        h.append(changed ? "<td class=\"changed\">" : "<td>").append(setting(b)).append(" → ").append(setting(a))
            .append(" <span class=\"dim\">(").append(Math.round(after.get(e))).append(" %)</span></td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static String setting(EndpointSetting s) {
    return s == null ? "absent" : s.enabled() ? String.valueOf(s.weight()) : "disabled";
  }

  // ---------------------------------------------------------------- text helpers

  /** An image or chart reference, allowed to wrap only after a path '/' (never inside a name or after "://"). */
  static String ref(String reference) {
    return esc(reference).replaceAll("(?<!/)/(?!/)", "/<wbr>");
  }

  static String badge(Result r) {
    return "<span class=\"badge " + ReportMarkup.resultClass(r) + "\">" + resultWord(r) + "</span>";
  }

  static String resultWord(Result r) {
    return r == null ? "unknown" : r.name().charAt(0) + r.name().substring(1).toLowerCase(Locale.ROOT);
  }

  static String time(Instant t) {
    return t == null ? "—" : TIME.format(t);
  }

  /** "41m 10s", "2h 03m", "12s"; "running" without an end. */
  static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return "running";
    }
    Duration d = Duration.between(start, end);
    if (d.isNegative()) {
      return "—";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m " + String.format(Locale.ROOT, "%02ds", s % 60);
    }
    return (s / 3600) + "h " + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
  }

  private static final String CSS = """
      :root { --ok:#1b6e20; --fail:#b3261e; --run:#1556a8; --halt:#a35200; --ink:#1d1d1f; --dim:#5b5f66; --rule:#d9dce1; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1200px; padding: 24px 20px 40px; color: var(--ink); background: #fff;
        font: 15px/1.45 system-ui, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
      h1 { font-size: 26px; margin: 0 0 12px; } h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 2px solid var(--rule); padding-bottom: 4px; }
      h3 { font-size: 16px; margin: 0 0 6px; }
      .summary { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px 24px; margin: 0; }
      .summary div { border-left: 3px solid var(--rule); padding-left: 10px; }
      dt { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--dim); } dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
      .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 700; color: #fff; vertical-align: middle; }
      .badge.r-succeeded { background: var(--ok); } .badge.r-failed { background: var(--fail); } .badge.r-running { background: var(--run); }
      .badge.r-halted { background: var(--halt); } .badge.r-unknown { background: var(--dim); }
      .figure { overflow-x: auto; } svg.timeline { display: block; width: 100%; height: auto; max-width: 1160px; min-width: 960px; }
      .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 20px; padding: 0; margin: 0 0 8px; font-size: 14px; }
      .legend li { display: flex; align-items: center; gap: 6px; }
      .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; }
      .swatch.r-succeeded { background: var(--ok); } .swatch.r-running { background: var(--run); } .swatch.r-halted { background: var(--halt); }
      .swatch.r-failed { background: repeating-linear-gradient(45deg, #7f1d1d 0 3px, #b3261e 3px 8px); }
      .swatch.gate-swatch { background: rgba(94, 53, 177, .16); border: 1px dashed #5e35b1; }
      .marker { display: inline-block; width: 18px; height: 18px; border-radius: 50%; background: var(--fail); color: #fff; font-weight: 700;
        text-align: center; line-height: 18px; font-size: 13px; border: 2px solid #fff; box-shadow: 0 0 0 1px var(--fail); }
      .tri { display: inline-block; width: 0; height: 0; border-left: 6px solid transparent; border-right: 6px solid transparent; border-bottom: 9px solid #444; }
      svg text { font-family: system-ui, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: var(--ink); }
      svg .lane-bg { fill: #fff; } svg .lane.shaded .lane-bg { fill: #f5f6f8; }
      svg .lane-name { font-size: 15px; font-weight: 700; } svg .lane-result { font-size: 12px; font-weight: 700; }
      svg .lane-result.r-succeeded { fill: var(--ok); } svg .lane-result.r-failed { fill: var(--fail); } svg .lane-result.r-running { fill: var(--run); }
      svg .lane-result.r-halted { fill: var(--halt); }
      svg .wave-head { font-size: 13px; font-weight: 700; fill: var(--dim); text-transform: uppercase; letter-spacing: .05em; }
      svg .wave-rule { stroke: #aeb3bb; stroke-width: 1; }
      svg .grid { stroke: #e4e6ea; stroke-width: 1; } svg .axis line { stroke: #6b7078; } svg .tick { font-size: 12px; fill: var(--dim); }
      svg .phase rect { stroke: #fff; stroke-width: 1; } svg .phase.r-succeeded rect { fill: var(--ok); } svg .phase.r-running rect { fill: var(--run); }
      svg .phase.r-halted rect { fill: var(--halt); } svg .phase.r-unknown rect { fill: var(--dim); }
      svg .bar-label { font-size: 12px; font-weight: 600; fill: #fff; pointer-events: none; }
      svg .under-label { font-size: 11px; fill: var(--dim); pointer-events: none; }
      svg .gate-edge { stroke: #4527a0; stroke-width: 1.5; stroke-dasharray: 5 4; }
      svg .failure-marker circle { fill: var(--fail); stroke: #fff; stroke-width: 2.5; } svg .failure-marker text { fill: #fff; font-size: 14px; font-weight: 800; }
      svg .gate-band { fill: rgba(94, 53, 177, .10); stroke: #5e35b1; stroke-width: 1; stroke-dasharray: 4 3; }
      svg .gate-label { font-size: 13px; font-weight: 700; fill: #4527a0; } svg .gate-sub { font-size: 12px; fill: #4527a0; }
      svg .approval path { fill: #4527a0; }
      svg .chart-title { font-size: 14px; font-weight: 700; } svg .share { stroke: #fff; stroke-width: 1; }
      svg .endpoint-label { font-size: 12px; font-weight: 600; } svg .change-marker path { fill: #444; } svg .empty { font-size: 14px; fill: var(--dim); }
      table { border-collapse: collapse; width: 100%; font-size: 14px; }
      th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
      th { background: #f0f1f4; font-size: 13px; }
      tr.stamp.r-failed td { background: #fdf1f0; }
      table.stamps { table-layout: fixed; }
      .ref { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; overflow-wrap: break-word; }
      .ref.image { margin-top: 4px; padding-left: 8px; border-left: 2px solid var(--rule); }
      table.stamps .badge { margin-top: 4px; }
      .phases { margin: 0; padding-left: 18px; } .phases li { margin-bottom: 3px; } .reasons { margin: 0; padding-left: 16px; color: var(--fail); }
      .dim { color: var(--dim); font-size: 13px; font-weight: 400; }
      .gate-card { border: 1px solid var(--rule); border-left: 4px solid #5e35b1; border-radius: 4px; padding: 10px 14px; margin-bottom: 12px; }
      .decision { color: #4527a0; } .pool { font-size: 13.5px; overflow-wrap: anywhere; }
      td.changed { font-weight: 700; background: #fff8e1; }
      .hint { color: var(--dim); font-size: 13px; margin: 4px 0 8px; }
      footer { margin-top: 36px; color: var(--dim); font-size: 13px; border-top: 1px solid var(--rule); padding-top: 8px; }
      @media print { .figure { overflow: visible; } }
      """;
}
