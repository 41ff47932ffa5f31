package io.stamprelease.core.traffic;

import io.stamprelease.core.input.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.stamprelease.core.traffic.EndpointSetting.disabled;
import static io.stamprelease.core.traffic.EndpointSetting.enabled;
import static io.stamprelease.core.traffic.TrafficFixtures.degraded;
import static io.stamprelease.core.traffic.TrafficFixtures.online;
import static io.stamprelease.core.traffic.TrafficFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("Step plans")
class StepPlanTest {

  static List<Map<String, EndpointSetting>> settingsOf(StepPlan plan) {
    return plan.steps().stream().map(PlannedStep::settings).toList();
  }

  @Nested
  @DisplayName("shift toward a stamp")
  class Shift {
    @Test
    @DisplayName("10,50,100 from a disabled stamp: probe at weight 1, then s % for the target and the rest for the others")
    void tenFiftyHundred() {
      // Given
      TrafficState start = state(online("seattle", 1000), TrafficFixtures.disabled("denver", 500));

      // When
      StepPlan plan = StepPlan.shiftToward(start, "denver", List.of(10, 50, 100), 50, true);

      // Then
      assertThat(plan.steps()).extracting(PlannedStep::kind).containsExactly(
          PlannedStep.Kind.PROBE, PlannedStep.Kind.WEIGHTS, PlannedStep.Kind.WEIGHTS, PlannedStep.Kind.WEIGHTS);
      assertThat(settingsOf(plan)).containsExactly(
          Map.of("denver", enabled(1)),
          Map.of("denver", enabled(100), "seattle", enabled(900)),
          Map.of("denver", enabled(500), "seattle", enabled(500)),
          Map.of("denver", enabled(1000), "seattle", disabled(1000)));
    }

    static Stream<Arguments> proportional() {
      return Stream.of(
          arguments("others keep their 3:1 ratio", state(online("a", 300), online("b", 100), online("t", 10)), 10,
              Map.of("a", enabled(675), "b", enabled(225), "t", enabled(100))),
          arguments("equal others split 980 as 327/327/326 by largest remainder", state(online("a", 7), online("b", 7), online("c", 7),
              TrafficFixtures.disabled("t", 1)), 2, Map.of("a", enabled(327), "b", enabled(327), "c", enabled(326), "t", enabled(20))),
          arguments("a tiny other keeps at least weight 1 while a share is left", state(online("a", 1000), online("b", 1), online("t", 10)),
              99, Map.of("a", enabled(10), "b", enabled(1), "t", enabled(990))),
          arguments("a disabled other stays out of the split", state(online("a", 500), degraded("b", 500),
              TrafficFixtures.disabled("c", 800), online("t", 10)), 60,
              Map.of("a", enabled(200), "b", enabled(200), "t", enabled(600))),
          arguments("a Degraded other with a small weight is not scaled up", state(online("a", 7), degraded("b", 7), online("t", 1)), 10,
              Map.of("a", enabled(450), "b", enabled(7), "t", enabled(100))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proportional")
    @DisplayName("splits the remaining share in proportion to the starting weights")
    void proportional(String row, TrafficState start, int step, Map<String, EndpointSetting> expected) {
      // When
      StepPlan plan = StepPlan.shiftToward(start, "t", List.of(step), 100, false);

      // Then
      assertThat(plan.steps().get(plan.steps().size() - 1).settings()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    @DisplayName("skips steps the target already reached, so re-planning after a partial run converges")
    void skipsReachedSteps() {
      // Given the target already has 50 %
      TrafficState start = state(online("seattle", 500), online("denver", 500));

      // When
      StepPlan plan = StepPlan.shiftToward(start, "denver", List.of(10, 50, 100), 50, true);

      // Then
      assertThat(settingsOf(plan)).containsExactly(Map.of("denver", enabled(1000), "seattle", disabled(500)));
    }

    static Stream<Arguments> refused() {
      return Stream.of(
          arguments("not increasing", List.of(10, 10, 100), 100, true, "steps: steps must be strictly increasing, got 10 then 10"),
          arguments("decreasing", List.of(50, 10, 100), 100, true, "steps: steps must be strictly increasing, got 50 then 10"),
          arguments("0 is not a step", List.of(0, 100), 100, true, "steps: step 0 is outside 1..100"),
          arguments("above 100", List.of(50, 101), 100, false, "steps: step 101 is outside 1..100"),
          arguments("not ending at 100", List.of(10, 50), 100, true, "steps: the last step must be 100, got 50"),
          arguments("empty", List.of(), 100, true, "steps: at least one step is required"),
          arguments("a jump above the max step", List.of(10, 100), 50, true, "steps: step 10 → 100 moves 90 points"),
          arguments("a first jump above the max step", List.of(60, 100), 50, true, "first step 0% → 60% toward denver"),
          arguments("unknown stamp", List.of(100), 100, true, "shiftTo: no endpoint 'denver'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    @DisplayName("refuses bad steps")
    void refused(String row, List<Integer> steps, int maxStep, boolean mustEndAt100, String problem) {
      // Given
      TrafficState start = row.equals("unknown stamp") ? state(online("seattle", 1000))
          : state(online("seattle", 1000), TrafficFixtures.disabled("denver", 500));

      // When / Then
      assertThatThrownBy(() -> StepPlan.shiftToward(start, "denver", steps, maxStep, mustEndAt100))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(problem);
    }

    @Test
    @DisplayName("stopping below 100 is allowed when asked for")
    void partial() {
      TrafficState start = state(online("seattle", 1000), online("denver", 1));
      StepPlan plan = StepPlan.shiftToward(start, "denver", List.of(10, 20), 50, false);
      assertThat(plan.steps()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("set weights")
  class SetWeights {
    @Test
    @DisplayName("percentages become weights in one step; 0 % disables and keeps the weight")
    void percentages() {
      // Given
      TrafficState current = state(online("seattle", 500), online("denver", 500));

      // When
      StepPlan plan = StepPlan.setWeights(current, TrafficFixtures.map("seattle", 100, "denver", 0), WeightUnit.PERCENT);

      // Then
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(1000), "denver", disabled(500)));
    }

    @Test
    @DisplayName("an endpoint that is disabled now is probed at weight 1 before it gets its share")
    void probesDisabled() {
      // Given
      TrafficState current = state(online("seattle", 1000), TrafficFixtures.disabled("denver", 500));

      // When
      StepPlan plan = StepPlan.setWeights(current, TrafficFixtures.map("seattle", 70, "denver", 30), WeightUnit.PERCENT);

      // Then
      assertThat(settingsOf(plan)).containsExactly(Map.of("denver", enabled(1)), Map.of("seattle", enabled(700), "denver", enabled(300)));
    }

    @Test
    @DisplayName("raw weights leave unnamed endpoints alone")
    void raw() {
      TrafficState current = state(online("seattle", 1000), online("denver", 500), online("boston", 5));
      StepPlan plan = StepPlan.setWeights(current, TrafficFixtures.map("seattle", 7, "denver", 3), WeightUnit.RAW);
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(7), "denver", enabled(3)));
    }

    @Test
    @DisplayName("percentages that leave out an enabled endpoint, or name an unknown one, are refused")
    void missingAndUnknown() {
      TrafficState current = state(online("seattle", 1000), online("denver", 500), TrafficFixtures.disabled("austin", 1));
      assertThatThrownBy(() -> StepPlan.setWeights(current, TrafficFixtures.map("seattle", 90, "boston", 10), WeightUnit.PERCENT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("set: no endpoint boston in profile shop; endpoints: seattle, denver, austin")
          .hasMessageContaining("set: percentages must name every enabled endpoint; missing: denver (give 0 to disable one)");
    }
  }

  @Nested
  @DisplayName("drain, restore and revert")
  class DrainRestoreRevert {
    @Test
    @DisplayName("drain by disabling keeps the weight for the restore")
    void drainDisable() {
      StepPlan plan = StepPlan.drain(state(online("seattle", 700), online("denver", 300)), "seattle", DrainMode.DISABLE);
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", disabled(700)));
    }

    @Test
    @DisplayName("drain to the minimum weight keeps the stamp probed at weight 1")
    void drainMinimum() {
      StepPlan plan = StepPlan.drain(state(online("seattle", 700), online("denver", 300)), "seattle", DrainMode.MINIMUM_WEIGHT);
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(1)));
    }

    @Test
    @DisplayName("draining a stamp that is already disabled never enables it, even to the minimum weight")
    void drainDisabled() {
      StepPlan plan = StepPlan.drain(state(TrafficFixtures.disabled("seattle", 700), online("denver", 300)), "seattle",
          DrainMode.MINIMUM_WEIGHT);
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", disabled(700)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepwise")
    @DisplayName("a stepwise restore goes up in shares of the target weight, skipping what it has, never back down")
    void restoreStepwise(String row, EndpointState now, List<Integer> percents, List<EndpointSetting> expected) {
      TrafficState current = state(now, online("denver", 500));
      StepPlan plan = StepPlan.restoreStepwise(current, "seattle", enabled(500), percents);
      assertThat(settingsOf(plan)).extracting(m -> m.get("seattle")).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> stepwise() {
      return Stream.of(
          arguments("disabled: probed at 1, then 10/50/100 % of 500", TrafficFixtures.disabled("seattle", 500), List.of(10, 50, 100),
              List.of(enabled(1), enabled(50), enabled(250), enabled(500))),
          arguments("at 10 % after a crash: on from 50 to 250 and 500", online("seattle", 50), List.of(10, 50, 100),
              List.of(enabled(250), enabled(500))),
          arguments("at the target: nothing to do", online("seattle", 500), List.of(10, 50, 100), List.of()),
          arguments("above the target: straight to it", online("seattle", 800), List.of(10, 50, 100), List.of(enabled(500))));
    }

    @Test
    @DisplayName("restore of a disabled stamp probes it at weight 1 first, then brings back the recorded weight")
    void restoreDisabled() {
      // Given
      TrafficState current = state(TrafficFixtures.disabled("seattle", 700), online("denver", 300));

      // When
      StepPlan plan = StepPlan.restore(current, "seattle", enabled(700));

      // Then
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(1)), Map.of("seattle", enabled(700)));
    }

    @Test
    @DisplayName("restore of a stamp drained to weight 1 and still Online is one step")
    void restoreOnline() {
      StepPlan plan = StepPlan.restore(state(online("seattle", 1), online("denver", 300)), "seattle", enabled(700));
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(700)));
    }

    @Test
    @DisplayName("revert goes back to the start settings, probing re-enabled stamps first")
    void revert() {
      // Given
      TrafficState start = state(online("seattle", 900), online("denver", 100));
      TrafficState now = state(TrafficFixtures.disabled("seattle", 900), online("denver", 1000));

      // When
      StepPlan plan = StepPlan.revertTo(now, start.settings());

      // Then
      assertThat(settingsOf(plan)).containsExactly(Map.of("seattle", enabled(1)), start.settings());
    }

    @Test
    @DisplayName("an unknown stamp is refused as invalid input")
    void unknownStamp() {
      assertThatThrownBy(() -> StepPlan.drain(state(online("seattle", 1)), "boston", DrainMode.DISABLE))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("drain: no endpoint 'boston' in profile shop; endpoints: seattle");
    }
  }

  @Test
  @DisplayName("every step of a 10,50,100 shift between healthy stamps passes the guardrails with a max step of 50")
  void planPassesGuardrails() {
    // Given
    TrafficState current = state(online("seattle", 1000), online("denver", 1), online("boston", 500));

    // When
    StepPlan plan = StepPlan.shiftToward(current, "denver", List.of(10, 50, 100), 50, true);

    // Then
    for (PlannedStep step : plan.steps()) {
      TrafficChange change = step.toChange("ci", "shift");
      assertThat(Guardrails.check(current, change, new GuardrailPolicy(50))).as(step.label()).isEmpty();
      current = current.with(change);
    }
    assertThat(EffectiveShares.of(current).of("denver")).isEqualTo(100.0);
  }
}
