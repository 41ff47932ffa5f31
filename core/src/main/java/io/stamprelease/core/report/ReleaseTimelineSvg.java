package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.ApprovalRecord;
import io.stamprelease.core.report.ReleaseRecord.GateRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static io.stamprelease.core.report.ReportMarkup.clip;
import static io.stamprelease.core.report.ReportMarkup.colour;
import static io.stamprelease.core.report.ReportMarkup.esc;
import static io.stamprelease.core.report.ReportMarkup.fmt;
import static io.stamprelease.core.report.ReportMarkup.resultClass;

/**
 * The report's inline SVG: one lane per stamp (grouped by wave) on a shared UTC time axis with the phases as bars,
 * gates as bands across every lane, failure markers, and below it — on the same axis — the traffic-weight chart
 * (stacked percent of enabled weight per endpoint). Drawn at 1160 × n px with a viewBox, so it scales down with the
 * page; text is at least 11 px at that size. Everything that a colour says is also written (lane result, bar label,
 * tooltip), and failed bars are hatched.
 */
final class ReleaseTimelineSvg {
  static final int WIDTH = 1160;
  private static final int LABEL = 200;
  private static final int RIGHT = 170;
  private static final int PLOT = WIDTH - LABEL - RIGHT;
  private static final int GATE_HEAD = 50;
  private static final int WAVE_HEAD = 24;
  private static final int LANE = 56;
  private static final int AXIS = 30;
  private static final int CHART_HEAD = 34;
  private static final int CHART = 170;
  private static final double CHAR_PX = 7.0; // average advance of a 12 px sans-serif character, for fitting labels
  private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ReleaseRecord record;
  private final Instant t0;
  private final Instant t1;
  private final StringBuilder svg = new StringBuilder();

  private ReleaseTimelineSvg(ReleaseRecord record) {
    this.record = record;
    this.t0 = times(record).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    Instant last = times(record).max(Comparator.naturalOrder()).orElse(t0);
    this.t1 = last.isAfter(t0) ? last : t0.plusSeconds(60);
  }

  static String render(ReleaseRecord record) {
    return new ReleaseTimelineSvg(record).draw();
  }

  /** Every instant in the record: the axis runs from the earliest to the latest. */
  private static Stream<Instant> times(ReleaseRecord r) {
    Stream<Instant> phases = r.stamps().stream().flatMap(s -> s.phases().stream()).flatMap(p -> Stream.of(p.start(), p.end()));
    Stream<Instant> gates = r.gates().stream().flatMap(g -> Stream.concat(Stream.of(g.opened(), g.closed()),
        g.approvals().stream().map(ApprovalRecord::at)));
    Stream<Instant> changes = r.trafficChanges().stream().map(c -> c.time());
    return Stream.of(Stream.of(r.started(), r.finished()), phases, gates, changes).flatMap(s -> s).filter(Objects::nonNull);
  }

  private String draw() {
    Map<String, List<StampRecord>> waves = new LinkedHashMap<>();
    for (StampRecord s : record.stamps()) {
      waves.computeIfAbsent(s.wave(), w -> new ArrayList<>()).add(s);
    }
    int lanesTop = GATE_HEAD;
    int lanesBottom = lanesTop + waves.size() * WAVE_HEAD + record.stamps().size() * LANE;
    int chartTop = lanesBottom + AXIS + CHART_HEAD;
    int chartBottom = chartTop + CHART;
    int height = chartBottom + AXIS + 6;

    svg.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" aria-labelledby=\"timeline-title\">\n");
    svg.append("<title id=\"timeline-title\">Timeline of release ").append(esc(record.release()))
        .append(": phases per stamp, gates, failures and traffic share over time (UTC)</title>\n");
    svg.append("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
        .append("<rect width=\"8\" height=\"8\" fill=\"#b3261e\"/><rect width=\"3\" height=\"8\" fill=\"#7f1d1d\"/></pattern></defs>\n");

    // Drawing order is reading order: backgrounds, then gate bands (so they tint the lanes but never a bar's colour),
    // then bars, chart and markers on top.
    int y = lanesTop;
    int lanes = 0;
    for (Map.Entry<String, List<StampRecord>> wave : waves.entrySet()) {
      svg.append("<text class=\"wave-head\" x=\"12\" y=\"").append(y + 17).append("\">Wave ").append(esc(wave.getKey())).append("</text>\n");
      svg.append("<line class=\"wave-rule\" x1=\"0\" x2=\"").append(WIDTH).append("\" y1=\"").append(y + 0.5).append("\" y2=\"")
          .append(y + 0.5).append("\"/>\n");
      y += WAVE_HEAD;
      for (int i = 0; i < wave.getValue().size(); i++) {
        svg.append("<rect class=\"lane-bg").append(lanes++ % 2 == 1 ? " shaded" : "").append("\" x=\"0\" y=\"").append(y)
            .append("\" width=\"").append(WIDTH).append("\" height=\"").append(LANE).append("\"/>\n");
        y += LANE;
      }
    }
    grid(lanesTop, lanesBottom);
    gateBands(lanesTop, lanesBottom);
    axis(lanesBottom);
    y = lanesTop;
    for (List<StampRecord> stamps : waves.values()) {
      y += WAVE_HEAD;
      for (StampRecord s : stamps) {
        lane(s, y);
        y += LANE;
      }
    }
    weightChart(chartTop, chartBottom);
    axis(chartBottom);
    gates(lanesTop, chartTop, chartBottom);
    failures(waves, lanesTop);
    svg.append("</svg>\n");
    return svg.toString();
  }

  // ---------------------------------------------------------------- axis

  private double x(Instant t) {
    double span = Duration.between(t0, t1).toMillis();
    return LABEL + PLOT * Duration.between(t0, t).toMillis() / span;
  }

  private static final List<Duration> TICKS = Stream.of(10L, 30L, 60L, 120L, 300L, 600L, 900L, 1800L, 3600L, 7200L, 10800L, 21600L,
      43200L, 86400L).map(Duration::ofSeconds).toList();

  /** A tick interval giving at most 10 ticks over the span (largest interval last). */
  static Duration tickInterval(Duration span) {
    return TICKS.stream().filter(d -> span.toSeconds() / d.toSeconds() <= 10).findFirst().orElse(TICKS.get(TICKS.size() - 1));
  }

  private List<Instant> ticks() {
    long step = tickInterval(Duration.between(t0, t1)).toSeconds();
    List<Instant> out = new ArrayList<>();
    long first = Math.floorDiv(t0.getEpochSecond() + step - 1, step) * step;
    for (long s = first; s <= t1.getEpochSecond(); s += step) {
      out.add(Instant.ofEpochSecond(s));
    }
    return out;
  }

  private void grid(int top, int bottom) {
    for (Instant t : ticks()) {
      double x = x(t);
      svg.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(top)
          .append("\" y2=\"").append(bottom).append("\"/>\n");
    }
  }

  private void axis(int y) {
    boolean seconds = tickInterval(Duration.between(t0, t1)).toSeconds() < 60;
    svg.append("<g class=\"axis\">");
    svg.append("<line x1=\"").append(LABEL).append("\" x2=\"").append(LABEL + PLOT).append("\" y1=\"").append(y + 0.5).append("\" y2=\"")
        .append(y + 0.5).append("\"/>");
    for (Instant t : ticks()) {
      double x = x(t);
      svg.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(y).append("\" y2=\"")
          .append(y + 5).append("\"/>");
      svg.append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 19).append("\" text-anchor=\"middle\">")
          .append((seconds ? HHMMSS : HHMM).format(t)).append("</text>");
    }
    svg.append("<text class=\"tick\" x=\"").append(LABEL + PLOT + 10).append("\" y=\"").append(y + 19).append("\">UTC</text>");
    svg.append("</g>\n");
  }

  // ---------------------------------------------------------------- lanes

  private void lane(StampRecord s, int y) {
    svg.append("<g class=\"lane\" data-stamp=\"").append(esc(s.stamp())).append("\">\n");
    svg.append("<title>").append(esc(s.stamp())).append(" (").append(esc(s.hub())).append("), wave ").append(esc(s.wave())).append(": ")
        .append(ReleaseReportHtml.resultWord(s.result())).append("</title>\n");
    svg.append("<text class=\"lane-name\" x=\"12\" y=\"").append(y + 22).append("\">").append(esc(clip(s.stamp(), 24))).append("</text>\n");
    svg.append("<text class=\"lane-result ").append(resultClass(s.result())).append("\" x=\"12\" y=\"").append(y + 40).append("\">")
        .append(ReleaseReportHtml.resultWord(s.result())).append("</text>\n");
    double[] freeFrom = {Double.NEGATIVE_INFINITY}; // right end of the last label written under the bars
    for (PhaseRecord p : s.phases()) {
      bar(p, y + 7, 28, freeFrom);
    }
    svg.append("</g>\n");
  }

  /** A phase bar, labelled inside when the label fits, else underneath when that space is free (else only the tooltip). */
  private void bar(PhaseRecord p, int y, int h, double[] freeFrom) {
    double x0 = x(p.start());
    double x1 = x(p.end() == null ? t1 : p.end());
    double w = Math.max(2, x1 - x0);
    String cls = resultClass(p.result());
    svg.append("<g class=\"phase ").append(cls).append("\"><title>").append(esc(p.phase())).append(": ")
        .append(ReleaseReportHtml.resultWord(p.result())).append(", ").append(HHMMSS.format(p.start())).append("–")
        .append(p.end() == null ? "running" : HHMMSS.format(p.end())).append(" UTC (")
        .append(ReleaseReportHtml.duration(p.start(), p.end())).append(")")
        .append(p.message() == null || p.message().isEmpty() ? "" : ": " + esc(p.message())).append("</title>");
    svg.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(y).append("\" width=\"").append(fmt(w)).append("\" height=\"")
        .append(h).append("\" rx=\"3\"").append(p.result() == Result.FAILED ? " fill=\"url(#hatch)\"" : "").append("/>");
    String label = p.result() == Result.FAILED ? p.phase() + " FAILED" : p.phase();
    if (w < label.length() * CHAR_PX + 10) {
      label = p.phase();
    }
    if (w >= label.length() * CHAR_PX + 10) {
      svg.append("<text class=\"bar-label\" x=\"").append(fmt(x0 + w / 2)).append("\" y=\"").append(y + h / 2 + 4)
          .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>");
    } else {
      double half = label.length() * 6.2 / 2; // 11 px
      double cx = Math.max(x0 + w / 2, freeFrom[0] + half + 4);
      if (cx + half <= LABEL + PLOT + RIGHT) {
        svg.append("<text class=\"under-label\" x=\"").append(fmt(cx)).append("\" y=\"").append(y + h + 12)
            .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>");
        freeFrom[0] = cx + half;
      }
    }
    svg.append("</g>\n");
  }

  private void failures(Map<String, List<StampRecord>> waves, int lanesTop) {
    int y = lanesTop;
    for (List<StampRecord> stamps : waves.values()) {
      y += WAVE_HEAD;
      for (StampRecord s : stamps) {
        for (PhaseRecord p : s.phases()) {
          if (p.result() == Result.FAILED) {
            double cx = x(p.end() == null ? t1 : p.end());
            List<String> why = s.failureReasons().isEmpty() && p.message() != null ? List.of(p.message()) : s.failureReasons();
            svg.append("<g class=\"failure-marker\"><title>").append(esc(s.stamp())).append(" failed in ").append(esc(p.phase()))
                .append(": ").append(esc(String.join("; ", why))).append("</title>");
            svg.append("<circle cx=\"").append(fmt(cx)).append("\" cy=\"").append(y + 21).append("\" r=\"10\"/>");
            svg.append("<text x=\"").append(fmt(cx)).append("\" y=\"").append(y + 26).append("\" text-anchor=\"middle\">!</text></g>\n");
          }
        }
        y += LANE;
      }
    }
  }

  // ---------------------------------------------------------------- gates

  /** The gates' shaded bands over the lanes, drawn before the bars. */
  private void gateBands(int top, int bottom) {
    for (GateRecord g : record.gates()) {
      double x0 = x(g.opened());
      double x1 = x(g.closed() == null ? t1 : g.closed());
      svg.append("<rect class=\"gate-band\" x=\"").append(fmt(x0)).append("\" y=\"").append(top - 6).append("\" width=\"")
          .append(fmt(Math.max(2, x1 - x0))).append("\" height=\"").append(bottom - top + 6).append("\"><title>").append(gateTitle(g))
          .append("</title></rect>\n");
    }
  }

  /** Each gate's label, approval marks and — over the traffic chart, where a tint would change the colours — dashed edges. */
  private void gates(int top, int chartTop, int chartBottom) {
    double freeFrom = Double.NEGATIVE_INFINITY; // right end of the previous gate's label
    for (GateRecord g : record.gates()) {
      double x0 = x(g.opened());
      double x1 = x(g.closed() == null ? t1 : g.closed());
      svg.append("<g class=\"gate\"><title>").append(gateTitle(g)).append("</title>");
      for (double ex : new double[] {x0, x1}) {
        svg.append("<line class=\"gate-edge\" x1=\"").append(fmt(ex)).append("\" x2=\"").append(fmt(ex)).append("\" y1=\"").append(chartTop)
            .append("\" y2=\"").append(chartBottom).append("\"/>");
      }
      double mid = (x0 + x1) / 2;
      String line1 = "Gate after wave " + g.wave();
      String line2 = g.decision() + " · " + approverList(g);
      double half = Math.max(line1.length(), line2.length()) * CHAR_PX / 2 + 4;
      double tx = Math.min(Math.max(Math.max(mid, LABEL + half), freeFrom + half + 16), LABEL + PLOT + RIGHT - half - 4);
      if (tx - half < freeFrom + 16) {
        // No room beside the previous gate's label: a short one (the tooltip and the Gates section have the rest)
        line1 = "Gate " + g.wave();
        line2 = clip(g.decision(), 12);
        half = Math.max(line1.length(), line2.length()) * CHAR_PX / 2 + 4;
        tx = Math.max(mid, freeFrom + half + 16);
      }
      freeFrom = tx + half;
      svg.append("<text class=\"gate-label\" x=\"").append(fmt(tx)).append("\" y=\"").append(top - 30).append("\" text-anchor=\"middle\">")
          .append(esc(line1)).append("</text>");
      svg.append("<text class=\"gate-sub\" x=\"").append(fmt(tx)).append("\" y=\"").append(top - 13).append("\" text-anchor=\"middle\">")
          .append(esc(line2)).append("</text>");
      for (ApprovalRecord a : g.approvals()) {
        double ax = x(a.at());
        svg.append("<g class=\"approval\"><title>").append(esc(a.user())).append(' ').append(esc(a.decision())).append(" at ")
            .append(HHMMSS.format(a.at())).append(" UTC").append(a.comment() == null || a.comment().isEmpty() ? "" : ": " + esc(a.comment()))
            .append("</title><path d=\"M").append(fmt(ax)).append(' ').append(top - 6).append(" l5 6 l-5 6 l-5 -6 z\"/></g>");
      }
      svg.append("</g>\n");
    }
  }

  /** The gate's tooltip (escaped): decision, open/close times and every answer with its comment. */
  private static String gateTitle(GateRecord g) {
    StringBuilder t = new StringBuilder("Gate after wave ").append(esc(g.wave())).append(": ").append(esc(g.decision()))
        .append(", opened ").append(HHMMSS.format(g.opened()))
        .append(g.closed() == null ? ", still open" : ", closed " + HHMMSS.format(g.closed())).append(" UTC");
    for (ApprovalRecord a : g.approvals()) {
      t.append("; ").append(esc(a.user())).append(' ').append(esc(a.decision())).append(" at ").append(HHMMSS.format(a.at()));
      if (a.comment() != null && !a.comment().isEmpty()) {
        t.append(": ").append(esc(a.comment()));
      }
    }
    return t.toString();
  }

  private static String approverList(GateRecord g) {
    if (g.approvals().isEmpty()) {
      return "no answers";
    }
    List<String> names = g.approvals().stream().map(ApprovalRecord::user).toList();
    return clip(String.join(", ", names), 40);
  }

  // ---------------------------------------------------------------- traffic

  private void weightChart(int top, int bottom) {
    svg.append("<g class=\"weight-chart\">\n");
    svg.append("<text class=\"chart-title\" x=\"12\" y=\"").append(top - 12).append("\">Traffic share per endpoint (% of enabled weight)</text>\n");
    for (int p = 0; p <= 100; p += 25) {
      double y = yPercent(p, top);
      svg.append("<line class=\"grid\" x1=\"").append(LABEL).append("\" x2=\"").append(LABEL + PLOT).append("\" y1=\"").append(fmt(y))
          .append("\" y2=\"").append(fmt(y)).append("\"/>");
      svg.append("<text class=\"tick\" x=\"").append(LABEL - 8).append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">")
          .append(p).append(" %</text>\n");
    }
    List<String> endpoints = TrafficShares.endpoints(record.trafficChanges());
    List<TrafficShares.Segment> segments = TrafficShares.segments(t0, record.trafficChanges());
    if (segments.isEmpty()) {
      svg.append("<text class=\"empty\" x=\"").append(LABEL + PLOT / 2).append("\" y=\"").append(top + CHART / 2)
          .append("\" text-anchor=\"middle\">No traffic changes were recorded.</text>\n</g>\n");
      return;
    }
    double[] lower = new double[segments.size()];
    List<double[]> labels = new ArrayList<>(); // {desired y, endpoint index}
    for (int e = 0; e < endpoints.size(); e++) {
      String name = endpoints.get(e);
      StringBuilder upperEdge = new StringBuilder();
      StringBuilder lowerEdge = new StringBuilder();
      double[] upper = new double[segments.size()];
      for (int i = 0; i < segments.size(); i++) {
        upper[i] = lower[i] + segments.get(i).percent().get(name);
        double xa = x(segments.get(i).from());
        double xb = i + 1 < segments.size() ? x(segments.get(i + 1).from()) : LABEL + PLOT;
        upperEdge.append(fmt(xa)).append(',').append(fmt(yPercent(upper[i], top))).append(' ').append(fmt(xb)).append(',')
            .append(fmt(yPercent(upper[i], top))).append(' ');
        lowerEdge.insert(0, fmt(xb) + "," + fmt(yPercent(lower[i], top)) + " " + fmt(xa) + "," + fmt(yPercent(lower[i], top)) + " ");
      }
      svg.append("<polygon class=\"share\" data-endpoint=\"").append(esc(name)).append("\" fill=\"").append(colour(e))
          .append("\" points=\"").append(upperEdge).append(lowerEdge.toString().trim()).append("\"><title>").append(esc(name))
          .append(": share of enabled weight over time</title></polygon>\n");
      int last = segments.size() - 1;
      labels.add(new double[] {yPercent((lower[last] + upper[last]) / 2, top), e, segments.get(last).percent().get(name)});
      lower = upper;
    }
    endpointLabels(labels, endpoints, top, bottom);
    for (var c : record.trafficChanges()) {
      double cx = x(c.time());
      svg.append("<g class=\"change-marker\"><title>").append(HHMMSS.format(c.time())).append(" UTC: ").append(esc(c.reason()))
          .append("</title><path d=\"M").append(fmt(cx)).append(' ').append(bottom + 1).append(" l5 8 l-10 0 z\"/></g>");
    }
    svg.append("\n</g>\n");
  }

  /** Names each band at the right edge with its final share, pushed apart so that no two labels overlap. */
  private void endpointLabels(List<double[]> labels, List<String> endpoints, int top, int bottom) {
    labels.sort(Comparator.comparingDouble(l -> l[0]));
    double gap = 16;
    double prev = top - gap + 6;
    for (double[] l : labels) {
      l[0] = Math.max(l[0], prev + gap);
      prev = l[0];
    }
    double overflow = prev - (bottom + 4);
    if (overflow > 0) {
      for (double[] l : labels) {
        l[0] -= overflow;
      }
    }
    int x = LABEL + PLOT + 10;
    for (double[] l : labels) {
      int e = (int) l[1];
      svg.append("<rect class=\"swatch\" x=\"").append(x).append("\" y=\"").append(fmt(l[0] - 9)).append("\" width=\"11\" height=\"11\" fill=\"")
          .append(colour(e)).append("\"/>");
      svg.append("<text class=\"endpoint-label\" x=\"").append(x + 16).append("\" y=\"").append(fmt(l[0] + 1)).append("\">")
          .append(esc(clip(endpoints.get(e), 12))).append(' ').append(Math.round(l[2])).append(" %</text>\n");
    }
  }

  private static double yPercent(double percent, int top) {
    return top + CHART * (1 - percent / 100.0);
  }

}
