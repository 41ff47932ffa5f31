package io.stamprelease.core.input;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Durations as people write and read them")
class DurationsTest {

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "4h, PT4H", "2d, PT48H", "PT5M, PT5M", "pt1m30s, PT1M30S", "' 10s ', PT10S"})
  @DisplayName("accepted forms")
  void parses(String text, String expected) {
    assertThat(Durations.parse(text)).hasValue(Duration.parse(expected));
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"", "soon", "5", "5 m", "-5s", "1.5s", "5M"})
  @DisplayName("refused forms")
  void refuses(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({"PT0S, 0s", "PT0.5S, 0.5s", "PT1.5S, 1.5s", "PT30S, 30s", "PT1M, 1m", "PT2M40S, 2m40s", "PT1H5M, 1h5m", "PT-30S, -30s"})
  @DisplayName("printed forms")
  void prints(String iso, String expected) {
    assertThat(Durations.human(Duration.parse(iso))).isEqualTo(expected);
  }
}
