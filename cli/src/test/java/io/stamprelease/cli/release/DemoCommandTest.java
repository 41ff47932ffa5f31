package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp demo")
class DemoCommandTest {
  @Test
  @DisplayName("--auto-approve runs the whole release in under a minute: seattle and denver released, austin caught and rolled back")
  void wholeRelease(@TempDir Path dir) throws Exception {
    // Given
    long start = System.nanoTime();

    // When
    CliRunner r = CliRunner.run("demo", "--auto-approve", "--dir", dir.toString());

    // Then
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(seconds).isLessThan(60);
    assertThat(r.out()).contains("demo went as designed", "release.json: " + dir.resolve("release.json"));
    JsonNode record = new ObjectMapper().readTree(dir.resolve("release.json").toFile());
    assertThat(record.path("result").asText()).isEqualTo("HALTED");
    assertThat(ReleaseCommandTest.stamp(record, "seattle").path("result").asText()).isEqualTo("SUCCEEDED");
    assertThat(ReleaseCommandTest.stamp(record, "denver").path("result").asText()).isEqualTo("SUCCEEDED");
    JsonNode austin = ReleaseCommandTest.stamp(record, "austin");
    assertThat(austin.path("result").asText()).isEqualTo("FAILED");
    assertThat(austin.path("failureReasons").toString()).contains("CrashLoopBackOff");
    assertThat(austin.path("phases").findValuesAsText("phase")).containsExactly("drain", "rollout", "rollback");
    assertThat(austin.path("phases").get(2).path("result").asText()).isEqualTo("SUCCEEDED");
    assertThat(record.path("gates").get(0).path("decision").asText()).isEqualTo("APPROVED");
    assertThat(record.path("trafficChanges").toString()).contains("austin");
    assertThat(dir.resolve("hubs.yaml")).exists();
    assertThat(dir.resolve("secrets")).as("credentials are deleted when the demo ends").doesNotExist();
    assertThat(dir.resolve("seattle.kubeconfig")).doesNotExist();
    assertThat(r.out()).contains("credentials deleted: the stamps' kubeconfigs and secrets/");
    assertThat(dir.resolve("stamps.yaml")).content().contains("crash: \"true\"");
    assertThat(dir.resolve("release-report.html")).content().contains("austin", "CrashLoopBackOff", "<svg").doesNotContain("<script src");
  }
}
