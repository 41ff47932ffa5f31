package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.stamprelease.core.validation.InvalidInputException;
import io.stamprelease.plugin.StepInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("step inputs and results")
class StepInputsTest {
  @Test
  @DisplayName("durations are written as on the command line, or in ISO-8601")
  void durations() throws Exception {
    assertThat(StepInputs.duration("s", "timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(StepInputs.duration("s", "timeout", "30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(StepInputs.duration("s", "timeout", "2d")).isEqualTo(Duration.ofDays(2));
    assertThat(StepInputs.duration("s", "timeout", "pt5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> StepInputs.duration("s", "timeout", "5 minutes")).isInstanceOf(AbortException.class)
        .hasMessage("[s] invalid input: timeout: '5 minutes' is not a duration (allowed: <n>ms, <n>s, <n>m, <n>h, <n>d, or ISO-8601 like PT5M)");
  }

  @Test
  @DisplayName("core's problems keep their text but name the step's arguments instead of CLI flags")
  void argumentNames() {
    InvalidInputException e = new InvalidInputException("akseDeploy", List.of("--resource-group: is required", "--deployment-name: too long",
        "parameters.agentpool1Count: must be between 1 and 50"));
    assertThat(StepInputs.abort("akseDeploy", e)).hasMessage("[akseDeploy] invalid input: resourceGroup: is required; deploymentName: too long; "
        + "parameters.agentpool1Count: must be between 1 and 50");
  }

  @Test
  @DisplayName("a leading field in the CLI's kebab form becomes the argument name, other hyphens in the text stay")
  void leadingFieldNames() {
    InvalidInputException e = new InvalidInputException("rollout", List.of("history-max: must be 0 (keep all) or more (was -1)",
        "probe-url: 'x' is not an http:// or https:// URL", "release: 'Web-1' is not a valid Helm release name (allowed: lower-case)"));
    assertThat(StepInputs.abort("helmRollout", e)).hasMessage("[helmRollout] invalid input: historyMax: must be 0 (keep all) or more (was -1); "
        + "probeUrl: 'x' is not an http:// or https:// URL; release: 'Web-1' is not a valid Helm release name (allowed: lower-case)");
  }

  @Test
  @DisplayName("results are reduced to Map, List, String, Integer, Long and Boolean")
  void plainValues() {
    Object plain = StepInputs.plain(Map.of("d", Duration.ofSeconds(3), "n", 3L, "big", 5_000_000_000L, "list", List.of(Instant.EPOCH, 1.0)));
    assertThat(plain).isEqualTo(Map.of("d", "PT3S", "n", 3, "big", 5_000_000_000L, "list", List.of("1970-01-01T00:00:00Z", 1)));
  }
}
