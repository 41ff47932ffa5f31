package io.stamprelease.core.report;

import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("Traffic share arithmetic of the weight chart")
class TrafficSharesTest {
  static Stream<Arguments> shares() {
    return Stream.of(
        Arguments.of("three equal weights", settings(true, 1000, true, 1000, true, 1000), List.of(33.33, 33.33, 33.33)),
        Arguments.of("a disabled endpoint gets nothing", settings(false, 1000, true, 1000, true, 1000), List.of(0.0, 50.0, 50.0)),
        Arguments.of("10 % of a weight back", settings(true, 100, true, 1000, true, 1000), List.of(4.76, 47.62, 47.62)),
        Arguments.of("only one enabled", settings(true, 1000, false, 1000, false, 1000), List.of(100.0, 0.0, 0.0)),
        Arguments.of("nothing enabled", settings(false, 1, false, 1, false, 1), List.of(0.0, 0.0, 0.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shares")
  @DisplayName("percent of the enabled weight")
  void percent(String name, Map<String, EndpointSetting> settings, List<Double> expected) {
    Map<String, Double> p = TrafficShares.percent(List.of("a", "b", "c"), settings);
    assertThat(p.keySet()).containsExactly("a", "b", "c");
    for (int i = 0; i < 3; i++) {
      assertThat(p.get(List.of("a", "b", "c").get(i))).isCloseTo(expected.get(i), within(0.01));
    }
  }

  @Test
  @DisplayName("the sample starts at three thirds, then one segment per change, ending with austin drained")
  void segments() {
    var segments = TrafficShares.segments(SampleRelease.T0, SampleRelease.traffic());
    assertThat(segments).hasSize(9);
    assertThat(segments.get(0).from()).isEqualTo(SampleRelease.T0);
    assertThat(segments.get(0).percent().get("seattle")).isCloseTo(33.33, within(0.01));
    assertThat(segments.get(1).percent()).containsEntry("seattle", 0.0).containsEntry("denver", 50.0);
    assertThat(segments.get(8).percent()).containsEntry("seattle", 50.0).containsEntry("denver", 50.0).containsEntry("austin", 0.0);
    assertThat(TrafficShares.segments(SampleRelease.T0, List.of())).isEmpty();
  }

  @Test
  @DisplayName("the time axis takes at most 10 ticks")
  void ticks() {
    assertThat(ReleaseTimelineSvg.tickInterval(Duration.ofMinutes(41))).isEqualTo(Duration.ofMinutes(5));
    assertThat(ReleaseTimelineSvg.tickInterval(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(10));
    assertThat(ReleaseTimelineSvg.tickInterval(Duration.ofHours(7))).isEqualTo(Duration.ofHours(1));
    assertThat(ReleaseTimelineSvg.tickInterval(Duration.ofDays(30))).isEqualTo(Duration.ofDays(1));
  }

  static Map<String, EndpointSetting> settings(boolean ae, int aw, boolean be, int bw, boolean ce, int cw) {
    Map<String, EndpointSetting> m = new LinkedHashMap<>();
    m.put("a", new EndpointSetting(ae, aw));
    m.put("b", new EndpointSetting(be, bw));
    m.put("c", new EndpointSetting(ce, cw));
    return m;
  }
}
