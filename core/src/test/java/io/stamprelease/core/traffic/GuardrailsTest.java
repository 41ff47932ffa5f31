package io.stamprelease.core.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.stamprelease.core.traffic.TrafficFixtures.degraded;
import static io.stamprelease.core.traffic.TrafficFixtures.disabled;
import static io.stamprelease.core.traffic.TrafficFixtures.endpoint;
import static io.stamprelease.core.traffic.TrafficFixtures.online;
import static io.stamprelease.core.traffic.TrafficFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("Guardrails on a proposed traffic change")
class GuardrailsTest {
  static final GuardrailPolicy ANY_STEP = new GuardrailPolicy(100);

  static TrafficChange change(Object... nameAndSetting) {
    Map<String, EndpointSetting> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndSetting.length; i += 2) {
      m.put((String) nameAndSetting[i], (EndpointSetting) nameAndSetting[i + 1]);
    }
    return TrafficChange.of(m, "alice", "test");
  }

  static EndpointSetting on(int weight) {
    return EndpointSetting.enabled(weight);
  }

  static EndpointSetting off(int weight) {
    return EndpointSetting.disabled(weight);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        arguments("shifting between two Online stamps is fine",
            state(online("seattle", 500), online("denver", 500)), change("seattle", on(900), "denver", on(100)), ANY_STEP, List.of()),
        arguments("draining one of two Online stamps is fine",
            state(online("seattle", 500), online("denver", 500)), change("denver", off(500)), ANY_STEP, List.of()),
        arguments("unknown endpoint names are refused",
            state(online("seattle", 500)), change("boston", on(10)), ANY_STEP,
            List.of("endpoint 'boston': not in profile shop (endpoints: seattle); rule: unknown endpoints are refused")),
        arguments("draining the last healthy stamp is refused, and the Degraded one it would fall back to is named",
            state(online("seattle", 500), degraded("denver", 500)), change("seattle", off(500)), ANY_STEP,
            List.of("endpoint 'seattle' (Online, enabled, weight 500): no other endpoint is serving (enabled and Online) to take its "
                + "traffic; rule: never drain the last healthy endpoint",
                "endpoint 'denver' (Degraded, enabled, weight 500): share 0.0% → 100.0% (all enabled endpoints Degraded: "
                    + "Traffic Manager answers with all of them); rule: never shift traffic up onto an endpoint that is not Online")),
        arguments("draining the last healthy stamp to the minimum weight is refused too",
            state(online("seattle", 500), disabled("denver", 500)), change("seattle", on(1)), ANY_STEP,
            List.of("endpoint 'seattle' (Online, enabled, weight 500): no other endpoint is serving (enabled and Online) to take its "
                + "traffic; rule: never drain the last healthy endpoint")),
        arguments("draining both Online stamps at once is refused for each",
            state(online("seattle", 500), online("denver", 500)), change("seattle", off(500), "denver", off(500)), ANY_STEP,
            List.of(
                "endpoint 'seattle' (Online, enabled, weight 500): no other endpoint is serving (enabled and Online) to take its "
                    + "traffic; rule: never drain the last healthy endpoint",
                "endpoint 'denver' (Online, enabled, weight 500): no other endpoint is serving (enabled and Online) to take its "
                    + "traffic; rule: never drain the last healthy endpoint")),
        arguments("raising the weight of a Degraded stamp is refused",
            state(online("seattle", 900), degraded("denver", 100)), change("seattle", on(500), "denver", on(500)), ANY_STEP,
            List.of("endpoint 'denver' (Degraded, enabled, weight 100): weight 100 → 500; rule: never shift weight up onto an "
                + "endpoint that is not Online")),
        arguments("lowering the weight of a Degraded stamp is fine",
            state(online("seattle", 500), degraded("denver", 500)), change("denver", on(10)), ANY_STEP, List.of()),
        arguments("draining a Degraded stamp is fine",
            state(online("seattle", 500), degraded("denver", 500)), change("denver", off(500)), ANY_STEP, List.of()),
        arguments("enabling a disabled stamp at full weight is refused (its health is unknown)",
            state(online("seattle", 500), disabled("denver", 500)), change("denver", on(500)), ANY_STEP,
            List.of("endpoint 'denver' (Disabled, disabled, weight 500): cannot be enabled at weight 500 while its health is unknown; "
                + "rule: a disabled endpoint may only be enabled at the minimum weight 1 (to be probed)")),
        arguments("a disabled endpoint that still shows Online is not trusted: enabling it at full weight is refused",
            state(online("seattle", 500), endpoint("denver", false, 500, MonitorStatus.Online)), change("denver", on(500)), ANY_STEP,
            List.of("endpoint 'denver' (Online, disabled, weight 500): cannot be enabled at weight 500 while its health is unknown; "
                + "rule: a disabled endpoint may only be enabled at the minimum weight 1 (to be probed)")),
        arguments("swapping the only serving stamp for a disabled one that shows Online is refused (found by the property test)",
            state(online("s0", 1), endpoint("s1", false, 1, MonitorStatus.Online)), change("s0", off(1), "s1", on(1)), ANY_STEP,
            List.of("endpoint 's0' (Online, enabled, weight 1): no other endpoint is serving (enabled and Online) to take its traffic; "
                + "rule: never drain the last healthy endpoint")),
        arguments("enabling a disabled stamp at weight 1 to probe it is fine",
            state(online("seattle", 500), disabled("denver", 500)), change("denver", on(1)), ANY_STEP, List.of()),
        arguments("moving 80 points with a max step of 50 is refused for both endpoints",
            state(online("seattle", 100), online("denver", 900)), change("seattle", on(900), "denver", on(100)), new GuardrailPolicy(50),
            List.of(
                "endpoint 'seattle' (Online, enabled, weight 100): share 10.0% → 90.0% moves 80.0 points; rule: at most 50 points per "
                    + "change (max step size)",
                "endpoint 'denver' (Online, enabled, weight 900): share 90.0% → 10.0% moves 80.0 points; rule: at most 50 points per "
                    + "change (max step size)")),
        arguments("moving exactly the max step is fine",
            state(online("seattle", 100), online("denver", 900)), change("seattle", on(600), "denver", on(400)), new GuardrailPolicy(50),
            List.of()),
        arguments("draining a Degraded stamp moves no effective share, whatever the max step",
            state(online("seattle", 100), degraded("denver", 900)), change("denver", off(900)), new GuardrailPolicy(1), List.of()),
        arguments("disabling the CheckingEndpoint stamp next to a Degraded one is refused: the fallback would answer with the Degraded one",
            state(degraded("seattle", 500), endpoint("denver", true, 500, MonitorStatus.CheckingEndpoint)), change("denver", off(500)),
            ANY_STEP, List.of("endpoint 'seattle' (Degraded, enabled, weight 500): share 0.0% → 100.0% (all enabled endpoints Degraded: "
                + "Traffic Manager answers with all of them); rule: never shift traffic up onto an endpoint that is not Online")),
        arguments("when all are Degraded, lowering one raises the other's share and is refused",
            state(degraded("seattle", 500), degraded("denver", 500)), change("seattle", on(100)), ANY_STEP,
            List.of("endpoint 'denver' (Degraded, enabled, weight 500): share 50.0% → 83.3% (all enabled endpoints Degraded: "
                + "Traffic Manager answers with all of them); rule: never shift traffic up onto an endpoint that is not Online")),
        arguments("lowering weights when nothing serves already is allowed (there is nothing to protect)",
            state(degraded("seattle", 500), endpoint("denver", true, 500, MonitorStatus.CheckingEndpoint)), change("seattle", on(100)),
            ANY_STEP, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  @DisplayName("accept or refuse, naming endpoint, status, weight and rule")
  void rules(String row, TrafficState current, TrafficChange proposed, GuardrailPolicy policy, List<String> expected) {
    // When
    List<String> violations = Guardrails.check(current, proposed, policy);

    // Then
    assertThat(violations).containsExactlyElementsOf(expected);
  }

  @Nested
  @DisplayName("never shift weight up onto an endpoint that is not Online")
  class NotOnline {
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MonitorStatus.class, names = "Online", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("refuses every status but Online")
    void everyNonOnlineStatus(MonitorStatus status) {
      // Given
      TrafficState current = state(online("seattle", 500), endpoint("denver", true, 100, status));

      // When
      List<String> violations = Guardrails.check(current, change("denver", on(101)), ANY_STEP);

      // Then
      assertThat(violations).singleElement().asString().contains("'denver' (" + status.name()).contains("not Online");
    }
  }

  @Nested
  @DisplayName("warnings")
  class Warnings {
    @Test
    @DisplayName("say when every enabled endpoint is Degraded, because Traffic Manager then returns all of them")
    void allDegraded() {
      // Given
      TrafficState current = state(degraded("seattle", 500), degraded("denver", 500));

      // When
      List<String> warnings = Guardrails.warnings(current, change("seattle", on(500)));

      // Then
      assertThat(warnings).containsExactly(
          "all enabled endpoints are Degraded (seattle, denver): Traffic Manager returns all of them, ignoring health");
    }

    @Test
    @DisplayName("say that a probe-enabled endpoint must become Online before it gets traffic")
    void probeEnable() {
      // Given
      TrafficState current = state(online("seattle", 500), disabled("denver", 500));

      // When
      List<String> warnings = Guardrails.warnings(current, change("denver", on(1)));

      // Then
      assertThat(warnings).containsExactly(
          "endpoint 'denver' (Disabled) is enabled at weight 1 only to be probed; wait until it is Online before giving it traffic");
    }

    @Test
    @DisplayName("are empty for an ordinary shift between healthy stamps")
    void none() {
      TrafficState current = state(online("seattle", 500), online("denver", 500));
      assertThat(Guardrails.warnings(current, change("seattle", on(600)))).isEmpty();
    }
  }
}
