package io.stamprelease.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@DisplayName("bench arithmetic: nearest-rank percentiles, ratios, printed durations")
class BenchStatsTest {

  static List<Duration> millis(int... values) {
    return IntStream.of(values).mapToObj(Duration::ofMillis).toList();
  }

  @Test
  @DisplayName("p50 and p95 of 20 samples are the 10th and 19th smallest, whatever the input order")
  void nearestRankOfTwenty() {
    // Given 10, 20, ..., 200 ms, shuffled
    List<Duration> samples = new ArrayList<>(IntStream.rangeClosed(1, 20).mapToObj(i -> Duration.ofMillis(10L * i)).toList());
    Collections.shuffle(samples, new java.util.Random(7));

    // Then
    assertThat(BenchStats.percentile(samples, 50)).isEqualTo(Duration.ofMillis(100));
    assertThat(BenchStats.percentile(samples, 95)).isEqualTo(Duration.ofMillis(190));
    assertThat(BenchStats.percentile(samples, 100)).isEqualTo(Duration.ofMillis(200));
    assertThat(BenchStats.max(samples)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  @DisplayName("small samples: p95 of 3 is the largest, p50 of 3 the middle one, one sample is every percentile")
  void smallSamples() {
    assertThat(BenchStats.percentile(millis(300, 100, 200), 95)).isEqualTo(Duration.ofMillis(300));
    assertThat(BenchStats.percentile(millis(300, 100, 200), 50)).isEqualTo(Duration.ofMillis(200));
    assertThat(BenchStats.percentile(millis(42), 1)).isEqualTo(Duration.ofMillis(42));
  }

  @Test
  @DisplayName("no samples or a percentile outside (0, 100] is an error, not a made-up figure")
  void refusesNonsense() {
    assertThatThrownBy(() -> BenchStats.percentile(List.of(), 50)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchStats.percentile(millis(1), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchStats.percentile(millis(1), 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("ratio: 300 s against 0.5 s is 600x; a figure under 1 ms (or negative) counts as 1 ms")
  void ratio() {
    assertThat(BenchStats.ratio(Duration.ofSeconds(300), Duration.ofMillis(500))).isCloseTo(600.0, within(1e-9));
    assertThat(BenchStats.ratio(Duration.ofSeconds(300), Duration.ofSeconds(3))).isCloseTo(100.0, within(1e-9));
    assertThat(BenchStats.ratio(Duration.ofSeconds(2), Duration.ofNanos(10))).isCloseTo(2000.0, within(1e-9));
    assertThat(BenchStats.ratio(Duration.ofSeconds(2), Duration.ofMillis(-3))).isCloseTo(2000.0, within(1e-9));
  }

  @Test
  @DisplayName("durations print as ms below a second, seconds with two decimals below 100 s, one decimal above")
  void human() {
    assertThat(BenchStats.human(Duration.ofNanos(87_400_000))).isEqualTo("87 ms");
    assertThat(BenchStats.human(Duration.ofMillis(1240))).isEqualTo("1.24 s");
    assertThat(BenchStats.human(Duration.ofMillis(300_140))).isEqualTo("300.1 s");
    assertThat(BenchStats.human(Duration.ofMillis(-4))).isEqualTo("-4 ms");
  }
}
