package io.stamprelease.core.traffic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.stamprelease.core.traffic.TrafficFixtures.degraded;
import static io.stamprelease.core.traffic.TrafficFixtures.disabled;
import static io.stamprelease.core.traffic.TrafficFixtures.endpoint;
import static io.stamprelease.core.traffic.TrafficFixtures.online;
import static io.stamprelease.core.traffic.TrafficFixtures.state;
import static io.stamprelease.core.traffic.TrafficFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("Weight arithmetic")
class WeightsTest {

  @Nested
  @DisplayName("percent → Traffic Manager weight")
  class PercentToWeight {
    @ParameterizedTest(name = "{0}: {1}% → weight {2}")
    @CsvSource({
        "smallest share, 1, 10",
        "a tenth,       10, 100",
        "a third,       33, 330",
        "half,          50, 500",
        "everything,   100, 1000"})
    @DisplayName("is ten weight units per percent")
    void tenPerPercent(String row, int percent, int weight) {
      assertThat(Weights.weightForPercent(percent)).isEqualTo(weight);
    }

    @ParameterizedTest(name = "{0}%")
    @CsvSource({"0", "-1", "101"})
    @DisplayName("has no weight for 0 % or out-of-range percents (0 % means disabled)")
    void noWeightForZero(int percent) {
      assertThatThrownBy(() -> Weights.weightForPercent(percent)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("0 % disables the endpoint and keeps its current weight for a later restore")
    void zeroDisables() {
      // Given
      Map<String, EndpointSetting> current = Map.of("seattle", EndpointSetting.enabled(400), "denver", EndpointSetting.enabled(600));

      // When
      Map<String, EndpointSetting> settings = Weights.settingsForPercents(map("seattle", 100, "denver", 0), current);

      // Then
      assertThat(settings).containsEntry("seattle", EndpointSetting.enabled(1000)).containsEntry("denver", EndpointSetting.disabled(600));
    }

    @Test
    @DisplayName("weight 0 cannot even be written down")
    void weightZeroIsNotASetting() {
      assertThatThrownBy(() -> EndpointSetting.enabled(0)).hasMessageContaining("1..1000");
    }
  }

  @Nested
  @DisplayName("configured shares in whole percent")
  class ConfiguredPercents {
    static Stream<Arguments> rows() {
      return Stream.of(
          arguments("90/10", settings(900, 100), map("a", 90, "b", 10)),
          arguments("equal thirds round to 34/33/33 (largest remainder, earlier name wins ties)", settings(1, 1, 1),
              map("a", 34, "b", 33, "c", 33)),
          arguments("weight 1 next to 1000 is 0 %", settings(1000, 1), map("a", 100, "b", 0)),
          arguments("raw weights 7/3", settings(7, 3), map("a", 70, "b", 30)),
          arguments("2/1 rounds to 67/33", settings(2, 1), map("a", 67, "b", 33)),
          arguments("disabled counts as 0", Map.of("a", EndpointSetting.enabled(5), "b", EndpointSetting.disabled(500)),
              map("a", 100, "b", 0)));
    }

    static Map<String, EndpointSetting> settings(int... weights) {
      Map<String, EndpointSetting> m = new LinkedHashMap<>();
      for (int i = 0; i < weights.length; i++) {
        m.put(String.valueOf((char) ('a' + i)), EndpointSetting.enabled(weights[i]));
      }
      return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("add up to 100")
    void shares(String row, Map<String, EndpointSetting> settings, Map<String, Integer> expected) {
      // When
      Map<String, Integer> percents = Weights.configuredPercents(settings);

      // Then
      assertThat(percents).containsAllEntriesOf(expected);
      assertThat(percents.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }

    @Test
    @DisplayName("are all 0 when nothing is enabled")
    void nothingEnabled() {
      assertThat(Weights.configuredPercents(Map.of("a", EndpointSetting.disabled(5)))).containsExactlyEntriesOf(Map.of("a", 0));
    }
  }

  @Nested
  @DisplayName("effective shares")
  class Effective {
    @Test
    @DisplayName("only serving endpoints (enabled and Online) get answers, in proportion to their weights")
    void onlyServing() {
      // Given
      TrafficState state = state(online("seattle", 300), online("denver", 100), degraded("boston", 600), disabled("austin", 1000));

      // When
      EffectiveShares shares = EffectiveShares.of(state);

      // Then
      assertThat(shares.allDegradedFallback()).isFalse();
      assertThat(shares.of("seattle")).isCloseTo(75.0, within(1e-9));
      assertThat(shares.of("denver")).isCloseTo(25.0, within(1e-9));
      assertThat(shares.of("boston")).isZero();
      assertThat(shares.of("austin")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "CheckingEndpoint", "Degraded", "Stopped", "Inactive", "Unmonitored"})
    @DisplayName("a non-Online status gets no share while another endpoint is Online")
    void nonOnlineGetsNothing(MonitorStatus status) {
      // Given
      TrafficState state = state(online("seattle", 100), endpoint("denver", true, 900, status));

      // When / Then
      assertThat(EffectiveShares.of(state).of("denver")).isZero();
      assertThat(EffectiveShares.of(state).of("seattle")).isEqualTo(100.0);
    }

    @Test
    @DisplayName("when all enabled endpoints are Degraded, Traffic Manager returns all of them: shares ignore health, flag set")
    void allDegraded() {
      // Given
      TrafficState state = state(degraded("seattle", 900), degraded("denver", 100), disabled("austin", 500));

      // When
      EffectiveShares shares = EffectiveShares.of(state);

      // Then
      assertThat(shares.allDegradedFallback()).isTrue();
      assertThat(shares.of("seattle")).isCloseTo(90.0, within(1e-9));
      assertThat(shares.of("denver")).isCloseTo(10.0, within(1e-9));
      assertThat(shares.of("austin")).isZero();
    }

    @Test
    @DisplayName("a mix of Degraded and CheckingEndpoint with nothing Online is not the fallback: nobody is answered")
    void noFallbackForMixedUnhealthy() {
      // Given
      TrafficState state = state(degraded("seattle", 900), endpoint("denver", true, 100, MonitorStatus.CheckingEndpoint));

      // When
      EffectiveShares shares = EffectiveShares.of(state);

      // Then
      assertThat(shares.allDegradedFallback()).isFalse();
      assertThat(shares.anyAnswered()).isFalse();
    }
  }
}
