package io.stamprelease.testkit.kubelet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodBehaviorTest {

  @ParameterizedTest(name = "annotation \"{0}\" → {1} {2}")
  @DisplayName("annotation values parse to a behaviour and, where needed, a duration")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      healthy                | HEALTHY            | -
      crashloop              | CRASHLOOP          | -
      image-pull-error       | IMAGE_PULL_ERROR   | -
      config-error           | CONFIG_ERROR       | -
      invalid-image-name     | INVALID_IMAGE_NAME | -
      never-ready            | NEVER_READY        | -
      slow:3s                | SLOW               | PT3S
      slow:1m30s             | SLOW               | PT1M30S
      slow:250ms             | SLOW               | PT0.25S
      ' Slow:PT2S '          | SLOW               | PT2S
      unhealthy-after:2s     | UNHEALTHY_AFTER    | PT2S
      unhealthy-after:1.5s   | UNHEALTHY_AFTER    | PT1.5S
      """)
  void parsesAnnotation(String value, PodBehavior.Kind kind, Duration duration) {
    // Given / When
    PodBehavior b = PodBehavior.parse(value);
    // Then
    assertThat(b.kind()).isEqualTo(kind);
    assertThat(b.duration()).isEqualTo(duration);
  }

  @ParameterizedTest(name = "image \"{0}\" → {1}")
  @DisplayName("without an annotation the image reference decides")
  @CsvSource(delimiter = '|', textBlock = """
      nginx:1.27                                   | HEALTHY
      nginx                                        | HEALTHY
      registry.local:5000/team/app:2.0             | HEALTHY
      registry.local:5000/team/app                 | HEALTHY
      app:crash-2.0                                | CRASHLOOP
      registry.local:5000/app:crashloop            | CRASHLOOP
      app:missing-tag                              | IMAGE_PULL_ERROR
      registry.local/does-not-exist/app:1.0        | IMAGE_PULL_ERROR
      app:1.0@sha256:abc                           | HEALTHY
      Registry.local/App:1.0                       | INVALID_IMAGE_NAME
      'nginx :1.27'                                | INVALID_IMAGE_NAME
      nginx:Latest                                 | HEALTHY
      """)
  void derivesFromImage(String image, PodBehavior.Kind kind) {
    // Given / When
    PodBehavior b = PodBehavior.resolve(null, image);
    // Then
    assertThat(b.kind()).isEqualTo(kind);
  }

  @Test
  @DisplayName("the annotation wins over the image")
  void annotationWins() {
    // Given / When
    PodBehavior b = PodBehavior.resolve("never-ready", "app:crash-1");
    // Then
    assertThat(b.kind()).isEqualTo(PodBehavior.Kind.NEVER_READY);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @DisplayName("unknown values and missing or surplus arguments are rejected with a helpful message")
  @ValueSource(strings = {"sometimes", "slow", "slow:", "slow:soon", "unhealthy-after", "crashloop:3s", "slow:3x"})
  void rejectsNonsense(String value) {
    // Given / When / Then
    assertThatThrownBy(() -> PodBehavior.parse(value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("");
  }

  @ParameterizedTest(name = "{0} ms renders as {1}")
  @DisplayName("durations in kubelet messages render like Go's time.Duration")
  @CsvSource({"300, 300ms", "10000, 10s", "80000, 1m20s", "300000, 5m0s", "1200, 1.2s"})
  void rendersGoDurations(long millis, String text) {
    // Given / When / Then
    assertThat(PodBehavior.goDuration(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
