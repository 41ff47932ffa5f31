package io.stamprelease.cli.release;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp report: release-report.html from release.json")
class ReportCommandTest {
  /** The documented sample release (core's SampleRelease, kept in sync by core's ReleaseJsonTest). */
  static final Path SAMPLE = Path.of("..", "docs", "examples", "sample-release.json");

  @TempDir
  Path dir;

  @Test
  @DisplayName("regenerates the self-contained page from the JSON and says where it wrote it")
  void regenerates() throws Exception {
    // Given
    Path json = Files.copy(SAMPLE, dir.resolve("release.json"));
    Path out = dir.resolve("out/report.html");
    // When
    CliRunner r = CliRunner.run("report", "--json", json.toString(), "--out", out.toString());
    // Then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out, "release contoso-web-2.4.0", "3 stamps", "failed");
    String html = Files.readString(out);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("seattle", "denver", "austin", "CrashLoopBackOff", "alice", "dave",
        "<g class=\"weight-chart\">").doesNotContain("<script");
  }

  @Test
  @DisplayName("without --out the page goes beside the JSON as release-report.html; --output json prints the paths")
  void besideTheJson() throws Exception {
    Path json = Files.copy(SAMPLE, dir.resolve("release.json"));

    CliRunner r = CliRunner.run("report", "--json", json.toString(), "--output", "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(dir.resolve("release-report.html")).exists();
    assertThat(r.out()).contains("\"html\" : \"" + dir.resolve("release-report.html").toAbsolutePath() + "\"", "\"result\" : \"failed\"");
  }

  @Test
  @DisplayName("a missing file is invalid input: exit 2, a clear message, nothing written")
  void missing() {
    Path json = dir.resolve("nope.json");

    CliRunner r = CliRunner.run("report", "--json", json.toString(), "--out", dir.resolve("r.html").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("error: cannot use " + json + " as a release record: no such file");
    assertThat(dir.resolve("r.html")).doesNotExist();
  }

  @Test
  @DisplayName("an invalid JSON is invalid input: exit 2, the file and the bad field named, nothing written")
  void invalid() throws Exception {
    Path json = dir.resolve("release.json");
    Files.writeString(json, Files.readString(SAMPLE).replace("\"started\" : \"2026-11-20T09:00:00Z\"", "\"started\" : \"9 o'clock\""));

    CliRunner r = CliRunner.run("report", "--json", json.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains(json.toString(), "started: expected an ISO-8601 instant");
    assertThat(dir.resolve("release-report.html")).doesNotExist();
  }

  @Test
  @DisplayName("--json is required")
  void required() {
    CliRunner r = CliRunner.run("report");

    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("Missing required option: '--json=FILE'");
  }
}
