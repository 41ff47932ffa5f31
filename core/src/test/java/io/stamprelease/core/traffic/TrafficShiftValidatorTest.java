package io.stamprelease.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.stamprelease.core.validation.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("trafficShift input validation")
class TrafficShiftValidatorTest {

  /** A valid shift; rows change one thing. */
  static final TrafficShiftInput SHIFT = new TrafficShiftInput("shift", "azure-traffic-manager", "shop-tm", null, false, "denver",
      "10,50,100", false, null, Duration.ofMinutes(10), 50, null, "alice", "release 42");

  static TrafficShiftInput with(UnaryOperator<TrafficShiftInput> edit) {
    return edit.apply(SHIFT);
  }

  static TrafficShiftInput input(String operation, String provider, String profile, String weights, boolean raw, String stamp,
      String steps, Duration bake, Integer maxStep, Duration waitOverride) {
    return new TrafficShiftInput(operation, provider, profile, weights, raw, stamp, steps, false, null, bake, maxStep, waitOverride, "alice",
        "why");
  }

  @Nested
  @DisplayName("valid input")
  class Valid {
    @Test
    @DisplayName("a stepwise shift is typed, with the policy from maxStepPercent")
    void shift() {
      // When
      TrafficShiftRequest request = TrafficShiftValidator.validate(SHIFT);

      // Then
      assertThat(request.operation()).isEqualTo(Operation.SHIFT);
      assertThat(request.provider()).isEqualTo(ProviderType.AZURE_TRAFFIC_MANAGER);
      assertThat(request.steps()).containsExactly(10, 50, 100);
      assertThat(request.policy()).isEqualTo(new GuardrailPolicy(50));
      assertThat(request.stamp()).isEqualTo("denver");
    }

    @Test
    @DisplayName("set-weights with percentages on F5, defaults for bake and max step")
    void setWeights() {
      // When
      TrafficShiftRequest request = TrafficShiftValidator.validate(
          input("set-weights", "f5-gtm", "/Common/shop", "seattle=90,denver=10", false, null, null, null, null, null));

      // Then
      assertThat(request.weights()).containsExactlyEntriesOf(WeightParserTest.map("seattle", 90, "denver", 10));
      assertThat(request.weightUnit()).isEqualTo(WeightUnit.PERCENT);
      assertThat(request.bake()).isZero();
      assertThat(request.policy()).isEqualTo(GuardrailPolicy.DEFAULT);
    }

    @Test
    @DisplayName("raw weights need not add up to 100")
    void raw() {
      TrafficShiftRequest request = TrafficShiftValidator.validate(
          input("set-weights", "azure-traffic-manager", "shop", "seattle=7,denver=3", true, null, null, null, null, Duration.ZERO));
      assertThat(request.weightUnit()).isEqualTo(WeightUnit.RAW);
      assertThat(request.waitOverride()).isZero();
    }
  }

  @Nested
  @DisplayName("options of one operation")
  class Options {
    @Test
    @DisplayName("a partial shift may stop below 100")
    void partial() {
      TrafficShiftInput input = new TrafficShiftInput("shift", "f5-gtm", "shop", null, false, "denver", "5,10", true, null, null, null,
          null, "alice", "canary");
      assertThat(TrafficShiftValidator.validate(input).steps()).containsExactly(5, 10);
    }

    @Test
    @DisplayName("drain takes a drain mode, disable by default")
    void drainMode() {
      TrafficShiftInput minimum = new TrafficShiftInput("drain", "f5-gtm", "shop", null, false, "denver", null, false, "minimum-weight",
          null, null, null, "alice", "maintenance");
      TrafficShiftInput byDefault = new TrafficShiftInput("drain", "f5-gtm", "shop", null, false, "denver", null, false, null, null, null,
          null, "alice", "maintenance");
      assertThat(TrafficShiftValidator.validate(minimum).drainMode()).isEqualTo(DrainMode.MINIMUM_WEIGHT);
      assertThat(TrafficShiftValidator.validate(byDefault).drainMode()).isEqualTo(DrainMode.DISABLE);
    }

    @Test
    @DisplayName("an unknown drain mode, or one given to another operation, is refused")
    void badDrainMode() {
      TrafficShiftInput input = new TrafficShiftInput("restore", "f5-gtm", "shop", null, false, "denver", null, false, "zero", null, null,
          null, "alice", "x");
      assertThatThrownBy(() -> TrafficShiftValidator.validate(input)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("drainMode: must be one of disable | minimum-weight, got 'zero'")
          .hasMessageContaining("drainMode: only used by drain");
    }
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("unknown operation", with(i -> input("move", i.provider(), i.profile(), null, false, "denver", null, null, null, null)),
            "operation: must be one of set-weights | drain | restore | shift, got 'move'"),
        arguments("missing operation", with(i -> input(null, i.provider(), i.profile(), null, false, "denver", null, null, null, null)),
            "operation: must be one of set-weights | drain | restore | shift, got 'null'"),
        arguments("unknown provider", with(i -> input("drain", "route53", i.profile(), null, false, "denver", null, null, null, null)),
            "provider: must be one of azure-traffic-manager | f5-gtm, got 'route53'"),
        arguments("blank profile", with(i -> input("drain", i.provider(), " ", null, false, "denver", null, null, null, null)),
            "profile: the profile id or name is required"),
        arguments("drain without stamp", with(i -> input("drain", i.provider(), i.profile(), null, false, null, null, null, null, null)),
            "stamp: the endpoint to drain is required"),
        arguments("shift without stamp", with(i -> input("shift", i.provider(), i.profile(), null, false, "", "100", null, null, null)),
            "stamp: the endpoint to shift toward is required"),
        arguments("set-weights without weights", with(i -> input("set-weights", i.provider(), i.profile(), null, false, null, null, null,
            null, null)), "weights: no endpoints given"),
        arguments("percentages summing to 99", with(i -> input("set-weights", i.provider(), i.profile(), "a=33,b=33,c=33", false, null,
            null, null, null, null)), "weights: percentages add up to 99, must be exactly 100"),
        arguments("raw weight 0", with(i -> input("set-weights", i.provider(), i.profile(), "a=0,b=5", true, null, null, null, null,
            null)), "weights: a: raw weight 0 is outside 1..1000"),
        arguments("weights given to drain", with(i -> input("drain", i.provider(), i.profile(), "a=100", false, "a", null, null, null,
            null)), "weights: only used by set-weights, not by drain"),
        arguments("steps given to restore", with(i -> input("restore", i.provider(), i.profile(), null, false, "a", "10,100", null, null,
            null)), "steps: only used by shift, not by restore"),
        arguments("shift without steps", with(i -> input("shift", i.provider(), i.profile(), null, false, "a", null, null, null, null)),
            "steps: at least one step is required, e.g. 10,50,100"),
        arguments("a step that is not a number", with(i -> input("shift", i.provider(), i.profile(), null, false, "a", "10,half,100",
            null, null, null)), "steps: 'half' is not a whole percent"),
        arguments("steps not increasing", with(i -> input("shift", i.provider(), i.profile(), null, false, "a", "50,10,100", null, null,
            null)), "steps: steps must be strictly increasing, got 50 then 10"),
        arguments("steps not ending at 100", with(i -> input("shift", i.provider(), i.profile(), null, false, "a", "10,50", null, null,
            null)), "steps: the last step must be 100, got 50"),
        arguments("a jump above maxStepPercent", with(i -> input("shift", i.provider(), i.profile(), null, false, "a", "10,100", null,
            30, null)), "steps: step 10 → 100 moves 90 points, more than the max step size 30"),
        arguments("maxStepPercent 0", with(i -> input("drain", i.provider(), i.profile(), null, false, "a", null, null, 0, null)),
            "maxStepPercent: must be 1..100, got 0"),
        arguments("maxStepPercent 101", with(i -> input("drain", i.provider(), i.profile(), null, false, "a", null, null, 101, null)),
            "maxStepPercent: must be 1..100, got 101"),
        arguments("negative bake", with(i -> input("drain", i.provider(), i.profile(), null, false, "a", null, Duration.ofSeconds(-1),
            null, null)), "bake: must be 0 or more, got PT-1S"),
        arguments("negative wait override", with(i -> input("drain", i.provider(), i.profile(), null, false, "a", null, null, null,
            Duration.ofSeconds(-5))), "waitOverride: must be 0 or more (or unset to follow DNS timing), got PT-5S"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  @DisplayName("refuses, naming the field and what is allowed")
  void invalid(String row, TrafficShiftInput input, String problem) {
    assertThatThrownBy(() -> TrafficShiftValidator.validate(input))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid trafficShift input: ")
        .hasMessageContaining(problem);
  }

  @Test
  @DisplayName("collects every problem into one message")
  void allProblemsAtOnce() {
    // Given
    TrafficShiftInput input = input("shift", "route53", "", null, false, null, "0,0", Duration.ofSeconds(-1), 200, Duration.ofSeconds(-1));

    // When
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TrafficShiftValidator.validate(input));

    // Then
    assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactlyInAnyOrder(
        "provider", "profile", "maxStepPercent", "stamp", "steps", "steps", "steps", "steps", "bake", "waitOverride");
    assertThat(e.problems()).contains("steps: step 0 is outside 1..100", "steps: steps must be strictly increasing, got 0 then 0",
        "steps: the last step must be 100, got 0");
    assertThat(List.of(e.getMessage().split("; "))).hasSize(10);
  }
}
