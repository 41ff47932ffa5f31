package io.stamprelease.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.report.ReleaseJson.InvalidReleaseJsonException;
import io.stamprelease.core.report.ReleaseRecord.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("release.json")
class ReleaseJsonTest {
  /** The documented sample; regenerate with -Dstamp.updateExamples=true after a deliberate change of the format or sample. */
  static final Path EXAMPLE = Path.of("..", "docs", "examples", "sample-release.json");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Nested
  @DisplayName("writing and reading back")
  class RoundTrip {
    @Test
    @DisplayName("a written record reads back equal to the original")
    void roundTrip() {
      // Given
      ReleaseRecord sample = SampleRelease.record();
      Path file = dir.resolve("release.json");
      // When
      ReleaseJson.write(sample, file);
      ReleaseRecord read = ReleaseJson.read(file);
      // Then
      assertThat(read).isEqualTo(sample);
      assertThat(read.trafficChanges().get(0).after().keySet()).as("endpoint order is kept").containsExactly("seattle", "denver", "austin");
    }

    @Test
    @DisplayName("a running release (no finish, a phase and a gate still open, no comment) round-trips with nulls")
    void running() {
      ReleaseRecord s = SampleRelease.record();
      var open = new ReleaseRecord.GateRecord("3", SampleRelease.at(40, 0), null, "PENDING",
          List.of(new ReleaseRecord.ApprovalRecord("bob", SampleRelease.at(41, 0), "APPROVE", null)));
      var stamp = new ReleaseRecord.StampRecord("boston", "hub-bos-04", "3", Result.RUNNING,
          List.of(new ReleaseRecord.PhaseRecord("rollout", SampleRelease.at(40, 0), null, Result.RUNNING, null)), null, null, List.of(),
          java.util.Map.of(), List.of());
      List<ReleaseRecord.StampRecord> stamps = new ArrayList<>(s.stamps());
      stamps.add(stamp);
      ReleaseRecord running = new ReleaseRecord(s.release(), s.plan(), s.toolVersion(), s.startedBy(), s.started(), null, Result.RUNNING,
          stamps, List.of(s.gates().get(0), open), s.trafficChanges(), List.of());

      String text = ReleaseJson.toJson(running);

      assertThat(text).contains("\"finished\" : null", "\"end\" : null", "\"closed\" : null", "\"comment\" : null");
      assertThat(ReleaseJson.parse(text, "release.json")).isEqualTo(running);
    }

    @Test
    @DisplayName("the file is pretty-printed, in the records' field order, with ISO-8601 UTC instants")
    void layout() {
      String text = ReleaseJson.toJson(SampleRelease.record());

      assertThat(text).startsWith("{\n  \"schemaVersion\" : 1,\n  \"release\" : \"contoso-web-2.4.0\",\n  \"plan\"")
          .contains("\"started\" : \"2026-11-20T09:00:00Z\"", "\"finished\" : \"2026-11-20T09:41:10Z\"")
          .contains("\"nodeCounts\" : {\n      \"agentpool1\" : 4,\n      \"master\" : 3\n    }");
      assertThat(fieldOrder(text)).containsExactly("schemaVersion", "release", "plan", "toolVersion", "startedBy", "started", "finished",
          "result", "stamps", "gates", "trafficChanges", "notes");
      assertThat(ReleaseJson.toJson(SampleRelease.record())).as("the same record gives the same bytes").isEqualTo(text);
    }

    @Test
    @DisplayName("docs/examples/sample-release.json is exactly what the sample writes")
    void documentedExample() throws Exception {
      String expected = ReleaseJson.toJson(SampleRelease.record());
      if (Boolean.getBoolean("stamp.updateExamples")) {
        Files.writeString(EXAMPLE, expected, StandardCharsets.UTF_8);
      }
      assertThat(Files.readString(EXAMPLE)).as("%s is stale: run this test with -Dstamp.updateExamples=true", EXAMPLE).isEqualTo(expected);
    }

    private List<String> fieldOrder(String text) {
      try {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = JSON.readTree(text).fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        return names;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  @Nested
  @DisplayName("reading is strict and names the file and the field")
  class Strict {
    static Stream<Arguments> broken() {
      return Stream.of(
          Arguments.of("a missing field", "/stamps/0", "remove:wave", "stamps[0].wave: is missing"),
          Arguments.of("an unknown field", "", "put:color=\"blue\"", "color: unknown field"),
          Arguments.of("a timestamp that is not ISO-8601", "/stamps/2/phases/0", "put:start=\"yesterday\"",
              "stamps[2].phases[0].start: expected an ISO-8601 instant such as 2026-11-20T09:00:00Z (was \"yesterday\")"),
          Arguments.of("a result outside the enum", "", "put:result=\"OK\"", "result: expected one of [RUNNING, SUCCEEDED, FAILED, HALTED] (was \"OK\")"),
          Arguments.of("a weight outside 1..1000", "/trafficChanges/1/after/seattle", "put:weight=0",
              "trafficChanges[1].after.seattle.weight: expected a weight from 1 to 1000 (was 0)"),
          Arguments.of("a node count that is not a number", "/stamps/1/nodeCounts", "put:master=\"three\"",
              "stamps[1].nodeCounts.master: expected a node count"),
          Arguments.of("a list that is an object", "", "put:gates={}", "gates: expected an array (was {})"),
          Arguments.of("a schema version from the future", "", "put:schemaVersion=2", "schemaVersion: this build reads version 1 (was 2)"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("broken")
    @DisplayName("a broken field is refused with its path")
    void refused(String what, String pointer, String edit, String expected) throws Exception {
      // Given the sample with one field broken
      ObjectNode root = (ObjectNode) JSON.readTree(ReleaseJson.toJson(SampleRelease.record()));
      ObjectNode target = (ObjectNode) (pointer.isEmpty() ? root : root.at(pointer));
      String[] op = edit.split(":", 2);
      if (op[0].equals("remove")) {
        target.remove(op[1]);
      } else {
        String[] kv = op[1].split("=", 2);
        target.set(kv[0], JSON.readTree(kv[1]));
      }
      Path file = dir.resolve("broken.json");
      Files.writeString(file, JSON.writeValueAsString(root));
      // When / Then
      assertThatThrownBy(() -> ReleaseJson.read(file)).isInstanceOf(InvalidReleaseJsonException.class)
          .hasMessageStartingWith("cannot use " + file + " as a release record: ").hasMessageContaining(expected);
    }

    @Test
    @DisplayName("every problem is listed at once")
    void everyProblem() throws Exception {
      ObjectNode root = (ObjectNode) JSON.readTree(ReleaseJson.toJson(SampleRelease.record()));
      root.remove("plan");
      ((ObjectNode) root.at("/gates/0/approvals/1")).put("at", "soon");
      assertThatThrownBy(() -> ReleaseJson.parse(JSON.writeValueAsString(root), "r.json"))
          .isInstanceOfSatisfying(InvalidReleaseJsonException.class, e -> assertThat(e.problems()).hasSize(2))
          .hasMessageContaining("plan: is missing").hasMessageContaining("gates[0].approvals[1].at: expected an ISO-8601 instant");
    }

    @Test
    @DisplayName("a missing file, a file that is not JSON and an empty file are refused clearly")
    void notAFile() throws Exception {
      Path missing = dir.resolve("nope.json");
      assertThatThrownBy(() -> ReleaseJson.read(missing)).isInstanceOf(InvalidReleaseJsonException.class)
          .hasMessageContaining(missing.toString()).hasMessageContaining("no such file");
      Path html = Files.writeString(dir.resolve("release-report.html"), "<!DOCTYPE html>\n<html>");
      assertThatThrownBy(() -> ReleaseJson.read(html)).hasMessageContaining(html.toString()).hasMessageContaining("not valid JSON")
          .hasMessageContaining("line 1");
      Path empty = Files.writeString(dir.resolve("empty.json"), "");
      assertThatThrownBy(() -> ReleaseJson.read(empty)).hasMessageContaining("the file is empty");
    }
  }
}
