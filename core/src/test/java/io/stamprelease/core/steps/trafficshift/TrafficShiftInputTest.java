package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficFixtures;
import io.stamprelease.core.traffic.WeightUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("trafficShift input validation")
class TrafficShiftInputTest {

  static final String TM_PROFILE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
      + "Microsoft.Network/trafficManagerProfiles/shop-tm";
  static final String F5_POOL = "/Common/shop";

  /** A valid shift; rows change one thing. */
  static TrafficShiftInput validShift() {
    return new TrafficShiftInput().provider("azure-traffic-manager").profile(TM_PROFILE).shiftTo("denver").steps("10,50,100").bake("10m")
        .maxStep(50).actor("alice").reason("release 42");
  }

  /** The input a front end gives for {@code operation} (set-weights: {@code weights}; drain, restore, shift: {@code stamp}). */
  static TrafficShiftInput input(String operation, String provider, String profile, String weights, boolean raw, String stamp,
      String steps, String bake, Integer maxStep, String waitOverride) {
    TrafficShiftInput in = new TrafficShiftInput().provider(provider).profile(profile).raw(raw).steps(steps).bake(bake).maxStep(maxStep)
        .waitOverride(waitOverride).actor("alice").reason("why");
    if (weights != null) {
      in.set(weights);
    }
    if (operation != null) {
      switch (operation) {
        case "drain" -> in.drain(stamp);
        case "restore" -> in.restore(stamp);
        case "shift" -> in.shiftTo(stamp);
        default -> { }
      }
    }
    return in;
  }

  @Nested
  @DisplayName("valid input")
  class Valid {
    @Test
    @DisplayName("a stepwise shift is typed, with the policy from maxStepPercent")
    void shift() {
      // When
      TrafficShiftRequest request = validShift().validate();

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
      TrafficShiftRequest request = input("set-weights", "f5-gtm", F5_POOL, "seattle=90,denver=10", false, null, null, null, null, null)
          .validate();

      // Then
      assertThat(request.weights()).containsExactlyEntriesOf(TrafficFixtures.map("seattle", 90, "denver", 10));
      assertThat(request.weightUnit()).isEqualTo(WeightUnit.PERCENT);
      assertThat(request.bake()).isZero();
      assertThat(request.policy()).isEqualTo(GuardrailPolicy.DEFAULT);
    }

    @Test
    @DisplayName("raw weights need not add up to 100")
    void raw() {
      TrafficShiftRequest request = input("set-weights", "azure-traffic-manager", TM_PROFILE, "seattle=7,denver=3", true, null, null, null,
          null, "0s").validate();
      assertThat(request.weightUnit()).isEqualTo(WeightUnit.RAW);
      assertThat(request.waitOverride()).isZero();
    }
  }

  @Nested
  @DisplayName("options of one operation")
  class Options {
    @Test
    @DisplayName("a restore may go back in steps: shares of the weight it returns to, ending at 100")
    void stepwiseRestore() {
      TrafficShiftInput input = new TrafficShiftInput().provider("f5-gtm").profile(F5_POOL).restore("denver").steps("10,50,100");
      assertThat(input.validate().steps()).containsExactly(10, 50, 100);
    }

    @Test
    @DisplayName("a partial shift may stop below 100")
    void partial() {
      TrafficShiftInput input = new TrafficShiftInput().provider("f5-gtm").profile(F5_POOL).shiftTo("denver").steps("5,10").partial(true)
          .actor("alice").reason("canary");
      assertThat(input.validate().steps()).containsExactly(5, 10);
    }

    @Test
    @DisplayName("drain takes a drain mode, disable by default")
    void drainMode() {
      TrafficShiftInput minimum = new TrafficShiftInput().provider("f5-gtm").profile(F5_POOL).drain("denver").drainMode("minimum-weight");
      TrafficShiftInput byDefault = new TrafficShiftInput().provider("f5-gtm").profile(F5_POOL).drain("denver");
      assertThat(minimum.validate().drainMode()).isEqualTo(DrainMode.MINIMUM_WEIGHT);
      assertThat(byDefault.validate().drainMode()).isEqualTo(DrainMode.DISABLE);
    }

    @Test
    @DisplayName("an unknown drain mode, or one given to another operation, is refused")
    void badDrainMode() {
      TrafficShiftInput input = new TrafficShiftInput().provider("f5-gtm").profile(F5_POOL).restore("denver").drainMode("zero");
      assertThatThrownBy(input::validate).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("drainMode: must be one of disable | minimum-weight, got 'zero'")
          .hasMessageContaining("drainMode: only used by drain");
    }
  }

  static TrafficShiftInput row(String operation, String provider, String profile, String weights, boolean raw, String stamp,
      String steps, String bake, Integer maxStep, String waitOverride) {
    return input(operation, provider, profile, weights, raw, stamp, steps, bake, maxStep, waitOverride);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("two operations", row("drain", "azure-traffic-manager", TM_PROFILE, "a=100", false, "denver", null, null, null, null),
            "set/drain/restore/shiftTo: exactly one is required, got set and drain"),
        arguments("missing operation", row(null, "azure-traffic-manager", TM_PROFILE, null, false, "denver", null, null, null, null),
            "set/drain/restore/shiftTo: exactly one is required (set 'seattle=90,denver=10'"),
        arguments("unknown provider", row("drain", "route53", TM_PROFILE, null, false, "denver", null, null, null, null),
            "provider: must be one of azure-traffic-manager | f5-gtm, got 'route53'"),
        arguments("blank profile", row("drain", "azure-traffic-manager", " ", null, false, "denver", null, null, null, null),
            "profile: the profile id or name is required"),
        arguments("drain without stamp", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, " ", null, null, null, null),
            "drain: the endpoint to drain is required"),
        arguments("shift without stamp", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "", "100", null, null, null),
            "shiftTo: the endpoint to shift toward is required"),
        arguments("set-weights without weights", row("set-weights", "azure-traffic-manager", TM_PROFILE, "", false, null, null, null,
            null, null), "set: no endpoints given"),
        arguments("percentages summing to 99", row("set-weights", "azure-traffic-manager", TM_PROFILE, "a=33,b=33,c=33", false, null,
            null, null, null, null), "set: percentages add up to 99, must be exactly 100"),
        arguments("raw weight 0", row("set-weights", "azure-traffic-manager", TM_PROFILE, "a=0,b=5", true, null, null, null, null,
            null), "set: a: raw weight 0 is outside 1..1000"),
        arguments("steps given to drain", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, "a", "10,100", null, null,
            null), "steps: only used by shift and restore, not by drain"),
        arguments("a stepwise restore not ending at 100", row("restore", "azure-traffic-manager", TM_PROFILE, null, false, "a", "10,50",
            null, null, null), "steps: the last step must be 100, got 50"),
        arguments("shift without steps", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "a", null, null, null, null),
            "steps: at least one step is required, e.g. 10,50,100"),
        arguments("a step that is not a number", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "a", "10,half,100",
            null, null, null), "steps: 'half' is not a whole percent"),
        arguments("steps not increasing", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "a", "50,10,100", null, null,
            null), "steps: steps must be strictly increasing, got 50 then 10"),
        arguments("steps not ending at 100", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "a", "10,50", null, null,
            null), "steps: the last step must be 100, got 50"),
        arguments("a jump above maxStepPercent", row("shift", "azure-traffic-manager", TM_PROFILE, null, false, "a", "10,100", null,
            30, null), "steps: step 10 → 100 moves 90 points, more than the max step size 30"),
        arguments("maxStep 0", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, "a", null, null, 0, null),
            "maxStep: must be 1..100, got 0"),
        arguments("maxStep 101", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, "a", null, null, 101, null),
            "maxStep: must be 1..100, got 101"),
        arguments("negative bake", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, "a", null, "PT-1S",
            null, null), "bake: must be 0 or more, got PT-1S"),
        arguments("negative wait override", row("drain", "azure-traffic-manager", TM_PROFILE, null, false, "a", null, null, null,
            "PT-5S"), "wait: must be 0 or more (or unset to follow DNS timing), got PT-5S"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  @DisplayName("refuses, naming the field and what is allowed")
  void invalid(String row, TrafficShiftInput input, String problem) {
    assertThatThrownBy(() -> input.validate())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("invalid trafficShift input: ")
        .hasMessageContaining(problem);
  }

  @Test
  @DisplayName("collects every problem into one message")
  void allProblemsAtOnce() {
    // Given
    TrafficShiftInput input = input("shift", "route53", "", null, false, " ", "0,0", "PT-1S", 200, "PT-1S");

    // When
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> input.validate());

    // Then
    assertThat(e.problems()).extracting(p -> p.field().key()).containsExactlyInAnyOrder(
        "provider", "profile", "maxStep", "shiftTo", "steps", "steps", "steps", "steps", "bake", "wait");
    assertThat(e.messages()).contains("steps: step 0 is outside 1..100", "steps: steps must be strictly increasing, got 0 then 0",
        "steps: the last step must be 100, got 0");
    assertThat(List.of(e.getMessage().split("; "))).hasSize(10);
  }

  @Test
  @DisplayName("an F5 shift without a GSLB connection names gslb (the connection that also gives the pool), not the profile")
  void f5WithoutGslb() {
    // Given an F5 drain from a front end that has no GSLB connection (so no pool either)
    TrafficShiftInput input = new TrafficShiftInput().provider("f5-gtm").drain("seattle").noGslbConnection();
    // When
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, input::validate);
    // Then
    assertThat(e.problems()).extracting(p -> p.field().key()).containsExactly("gslb");
    assertThat(e.messageFor(TrafficShiftInput.Field.GSLB)).hasValueSatisfying(m -> assertThat(m).contains("needs a GSLB connection"));
    // and a Traffic Manager shift does not need one
    assertThat(new TrafficShiftInput().provider("azure-traffic-manager").profile(TM_PROFILE).drain("seattle").noGslbConnection().validate()
        .profile()).isEqualTo(TM_PROFILE);
  }
}
