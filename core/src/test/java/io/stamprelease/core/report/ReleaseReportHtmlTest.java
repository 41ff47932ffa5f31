package io.stamprelease.core.report;

import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("release-report.html")
class ReleaseReportHtmlTest {
  static final String HTML = ReleaseReportHtml.render(SampleRelease.record());

  @Nested
  @DisplayName("what it shows")
  class Content {
    @Test
    @DisplayName("the header names the release, plan, who started it, result, duration and tool version")
    void header() {
      assertThat(HTML).contains("<title>Release contoso-web-2.4.0 — Failed</title>", "plans/contoso-web.yaml",
          "jenkins (build #418, started by carol)", "41m 10s", "stamp 0.1.0", "2026-11-20 09:00:00 UTC");
    }

    @Test
    @DisplayName("every stamp is in the table with its wave, result, chart, images, node counts and failure reasons")
    void stamps() {
      String table = section("stamps").replace("<wbr>", "");
      assertThat(table).contains("seattle", "denver", "austin", "hub-aus-03", "oci://registry.contoso.example/charts/contoso-web",
          "version 2.4.0", "registry.contoso.example/contoso/web:2.4.0", "agentpool1: 4", "master: 3", "CrashLoopBackOff",
          "rolled back to revision 14 (contoso-web 2.3.1); austin stays drained");
      assertThat(count(table, "<tr class=\"stamp ")).isEqualTo(3);
      assertThat(table).as("results are words, not only colours").contains(">Failed</span>", ">Succeeded</span>");
    }

    @Test
    @DisplayName("the gate shows its decision and every approver with when and their comment")
    void gates() {
      assertThat(section("gates")).contains("After wave 1", "APPROVED", "alice", "dave", "2026-11-20 09:21:40 UTC",
          "Seattle error rate flat at 0.02 % for 5 min; go.", "p95 latency unchanged on the dashboard. Approving wave 2.");
    }

    @Test
    @DisplayName("the traffic table shows each change with before → after per endpoint and the share after it")
    void traffic() {
      String table = section("traffic");
      assertThat(count(table, "<tr><td>")).isEqualTo(8);
      assertThat(table).contains("restore seattle 10 %", "<td class=\"changed\">disabled → 100 <span class=\"dim\">(5 %)</span>",
          "drain denver, austin for wave 2", "azure-traffic-manager");
    }

    @Test
    @DisplayName("the SVG timeline has one lane per stamp, grouped by wave, with bars, a gate, a failure marker and a weight chart")
    void timeline() {
      String svg = HTML.substring(HTML.indexOf("<svg"), HTML.indexOf("</svg>"));
      assertThat(lanes(svg)).containsExactly("seattle", "denver", "austin");
      assertThat(svg).contains(">Wave 1</text>", ">Wave 2</text>");
      assertThat(count(svg, "<g class=\"phase ")).isEqualTo(11);
      assertThat(count(svg, "<g class=\"gate\">")).isEqualTo(1);
      assertThat(svg).contains("Gate after wave 1", "APPROVED · alice, dave");
      assertThat(count(svg, "<g class=\"failure-marker\">")).isEqualTo(1);
      assertThat(svg).containsPattern("<g class=\"failure-marker\"><title>austin failed in rollout: [^<]*CrashLoopBackOff");
      assertThat(svg).contains("<g class=\"weight-chart\">");
      assertThat(count(svg, "<polygon class=\"share\"")).isEqualTo(3);
      assertThat(svg).contains(">seattle 50 %</text>", ">denver 50 %</text>", ">austin 0 %</text>");
      assertThat(count(svg, "<g class=\"change-marker\">")).isEqualTo(8);
    }

    @Test
    @DisplayName("a release without gates or traffic changes still renders, saying so")
    void empty() {
      ReleaseRecord s = SampleRelease.record();
      String html = ReleaseReportHtml.render(new ReleaseRecord(s.release(), s.plan(), s.toolVersion(), s.startedBy(), s.started(), null,
          Result.RUNNING, List.of(SampleRelease.seattle()), List.of(), List.of(), List.of()));
      assertThat(html).contains("This release had no gates.", "No traffic change was recorded.", "No traffic changes were recorded.",
          "still running");
    }
  }

  @Nested
  @DisplayName("safe to open anywhere")
  class SelfContained {
    @Test
    @DisplayName("it loads nothing: no script, stylesheet link, external image, font or url() — web addresses only as text")
    void noExternalResources() {
      assertThat(HTML).doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)<img\\b")
          .doesNotContainPattern("(?i)<iframe\\b").doesNotContainPattern("(?i)<object\\b").doesNotContainPattern("(?i)@import")
          .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:|//)").doesNotContainPattern("(?i)\\b(src|href|xlink:href|action)\\s*=");
      // Any web address left must be plain text: never inside a tag
      Matcher tags = Pattern.compile("<[^>]*>").matcher(HTML);
      while (tags.find()) {
        assertThat(tags.group()).as("tag %s", tags.group()).doesNotContainPattern("(?i)https?://");
      }
      assertThat(HTML).contains("<style>").contains("<svg");
    }

    @Test
    @DisplayName("every text from the record is escaped: a stamp named <script> is shown, not run")
    void escaping() {
      // Given names and messages crafted to break out of elements and attributes
      String evil = "<script>alert(1)</script>";
      ReleaseRecord s = SampleRelease.record();
      StampRecord bad = new StampRecord(evil, "\"><img src=x onerror=alert(2)>", "1 & <b>2</b>", Result.FAILED,
          List.of(new PhaseRecord("<i>rollout</i>", SampleRelease.at(1, 0), SampleRelease.at(9, 0), Result.FAILED, "'; onload='x")),
          "https://evil.example/chart", "1.0", List.of("<svg onload=alert(3)>"), Map.of("<pool>", 1), List.of("</title><script>x</script>"));
      ReleaseRecord record = new ReleaseRecord("<b>rel</b>", "plan", "stamp", "<u>me</u>", s.started(), s.finished(), Result.FAILED,
          List.of(bad), s.gates(), s.trafficChanges(), List.of("<marquee>"));
      // When
      String html = ReleaseReportHtml.render(record);
      // Then
      assertThat(html).doesNotContain("<script", "<img", "<i>", "<b>", "<u>", "<marquee>", "<svg onload", "<pool>", "\"><img")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "data-stamp=\"&lt;script&gt;alert(1)&lt;/script&gt;\"",
              "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", "&#39;; onload=&#39;x", "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;");
    }
  }

  @Test
  @DisplayName("ReleaseReports.write puts release.json and release-report.html in the directory and returns their paths")
  void writesBoth(@TempDir Path dir) throws Exception {
    ReleaseReports.Written written = ReleaseReports.write(SampleRelease.record(), dir.resolve("reports/418"));

    assertThat(written.json()).isEqualTo(dir.resolve("reports/418/release.json")).exists();
    assertThat(written.html()).isEqualTo(dir.resolve("reports/418/release-report.html"));
    assertThat(Files.readString(written.html())).isEqualTo(HTML);
    assertThat(ReleaseJson.read(written.json())).isEqualTo(SampleRelease.record());
    try (var files = Files.list(written.json().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("release.json", "release-report.html");
    }
  }

  static String section(String id) {
    int start = HTML.indexOf("<section id=\"" + id + "\">");
    assertThat(start).as("section %s", id).isNotNegative();
    return HTML.substring(start, HTML.indexOf("</section>", start));
  }

  static List<String> lanes(String svg) {
    return Pattern.compile("<g class=\"lane[^\"]*\" data-stamp=\"([^\"]*)\"").matcher(svg).results().map(m -> m.group(1)).toList();
  }

  static int count(String text, String needle) {
    return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
  }
}
