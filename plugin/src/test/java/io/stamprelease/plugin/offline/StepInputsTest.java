package io.stamprelease.plugin.offline;

import hudson.AbortException;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.stampgate.StampGateInput;
import io.stamprelease.plugin.agent.StepInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("step inputs and results")
class StepInputsTest {
  @Test
  @DisplayName("a duration is judged by core, as on the command line or in ISO-8601, and a bad one names the argument")
  void durations() {
    for (String ok : List.of("500ms", "30m", "2d", "pt5m")) {
      assertThatCode(() -> StepInputs.precheck("s", () -> new StampGateInput().approvers("alice").timeout(ok).validate(), TIMEOUT))
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> StepInputs.precheck("s", () -> new StampGateInput().approvers("alice").timeout("5 minutes").validate(), TIMEOUT))
        .isInstanceOf(AbortException.class)
        .hasMessage("[s] invalid input: timeout: '5 minutes' is not a duration (allowed: <n>ms, <n>s, <n>m, <n>h, <n>d, or ISO-8601 like PT5M)");
  }

  /** The field judged here; the others would be judged elsewhere. */
  static final Set<StampGateInput.Field> TIMEOUT = Set.of(StampGateInput.Field.TIMEOUT);

  @Test
  @DisplayName("core's problems keep their text and name the step's arguments: the fields' canonical keys, paths inside files as they are")
  void argumentNames() {
    InvalidInputException e = new InvalidInputException("akseDeploy", List.of(Problem.of(AkseDeployInput.Field.RESOURCE_GROUP, "is required"),
        Problem.of(AkseDeployInput.Field.DEPLOYMENT_NAME, "too long"),
        new Problem(AkseDeployInput.Field.PARAMETERS, "parameters.agentpool1Count", "must be between 1 and 50")));
    assertThat(StepInputs.abort("akseDeploy", e)).hasMessage("[akseDeploy] invalid input: resourceGroup: is required; deploymentName: too long; "
        + "parameters.agentpool1Count: must be between 1 and 50");
  }

  @Test
  @DisplayName("the same problems read with the command line's flags in the CLI: one field, two labels, no text parsed")
  void oneFieldTwoLabels() {
    InvalidInputException e = new InvalidInputException("rollout", List.of(Problem.of(HelmRolloutInput.Field.HISTORY_MAX,
        "must be 0 (keep all) or more (was -1)"), Problem.of(HelmRolloutInput.Field.PROBE_URL, "'x' is not an http:// or https:// URL")));
    assertThat(StepInputs.abort("helmRollout", e)).hasMessage("[helmRollout] invalid input: historyMax: must be 0 (keep all) or more (was -1); "
        + "probeUrl: 'x' is not an http:// or https:// URL");
    assertThat(e.render(FieldLabels.FLAGS)).isEqualTo("invalid rollout input: --history-max: must be 0 (keep all) or more (was -1); "
        + "--probe-url: 'x' is not an http:// or https:// URL");
  }

  @Test
  @DisplayName("results are reduced to Map, List, String, Integer, Long and Boolean")
  void plainValues() {
    Object plain = StepInputs.plain(Map.of("d", Duration.ofSeconds(3), "n", 3L, "big", 5_000_000_000L, "list", List.of(Instant.EPOCH, 1.0)));
    assertThat(plain).isEqualTo(Map.of("d", "PT3S", "n", 3, "big", 5_000_000_000L, "list", List.of("1970-01-01T00:00:00Z", 1)));
  }
}
