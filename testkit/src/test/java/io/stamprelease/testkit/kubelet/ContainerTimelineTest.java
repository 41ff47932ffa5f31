package io.stamprelease.testkit.kubelet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerTimelineTest {

  private static final SimulatorSettings S = new SimulatorSettings(Duration.ofMillis(100), Duration.ofMillis(200),
      Duration.ofMillis(300), null);

  private static ContainerTimeline timeline(String behavior, boolean runsToCompletion) {
    return new ContainerTimeline(PodBehavior.parse(behavior), S, runsToCompletion, "c", "app:1", "p_ns(uid)",
        "secret \"db\" not found");
  }

  @Test
  @DisplayName("a crash-looping container backs off exponentially and counts its restarts")
  void crashLoopBacksOffExponentially() {
    // Given
    ContainerTimeline t = timeline("crashloop", false);
    // When: start 100, run 200, crash at 300, back-off 300 → restart at 600, crash at 800, back-off 600 → 1400
    var creating = t.at(Duration.ofMillis(50));
    var running = t.at(Duration.ofMillis(150));
    var firstBackOff = t.at(Duration.ofMillis(400));
    var secondRun = t.at(Duration.ofMillis(700));
    var secondBackOff = t.at(Duration.ofMillis(1000));
    // Then
    assertThat(creating.state()).isEqualTo(new ContainerTimeline.Waiting("ContainerCreating", null));
    assertThat(running.state()).isInstanceOf(ContainerTimeline.Running.class);
    assertThat(firstBackOff.state()).isEqualTo(new ContainerTimeline.Waiting("CrashLoopBackOff",
        "back-off 300ms restarting failed container=c pod=p_ns(uid)"));
    assertThat(firstBackOff.lastState().exitCode()).isEqualTo(1);
    assertThat(secondRun.restartCount()).isEqualTo(1);
    assertThat(secondBackOff.state()).isEqualTo(new ContainerTimeline.Waiting("CrashLoopBackOff",
        "back-off 600ms restarting failed container=c pod=p_ns(uid)"));
    assertThat(secondBackOff.nextChange()).isEqualTo(Duration.ofMillis(400));
    assertThat(secondBackOff.events()).extracting(ContainerTimeline.Happened::reason).containsSubsequence("Pulling",
        "Pulled", "Created", "Started", "BackOff", "Pulled", "Created", "Started", "BackOff");
  }

  @Test
  @DisplayName("a slow container is Ready after its own delay; never-ready never is")
  void slowAndNeverReady() {
    // Given / When / Then
    assertThat(timeline("slow:1s", false).at(Duration.ofMillis(1000)).ready()).isFalse();
    assertThat(timeline("slow:1s", false).at(Duration.ofMillis(1100)).ready()).isTrue();
    assertThat(timeline("never-ready", false).at(Duration.ofSeconds(60)).ready()).isFalse();
    assertThat(timeline("never-ready", false).at(Duration.ofSeconds(60)).nextChange()).isNull();
  }

  @Test
  @DisplayName("unhealthy-after: Ready, then not Ready, then restarted")
  void unhealthyAfter() {
    // Given: start 100, Ready 300..800, probe failing 800..1000, restart at 1000
    ContainerTimeline t = timeline("unhealthy-after:500ms", false);
    // When / Then
    assertThat(t.at(Duration.ofMillis(400)).ready()).isTrue();
    assertThat(t.at(Duration.ofMillis(900)).ready()).isFalse();
    assertThat(t.at(Duration.ofMillis(900)).events()).extracting(ContainerTimeline.Happened::reason).contains("Unhealthy");
    assertThat(t.at(Duration.ofMillis(1050)).restartCount()).isEqualTo(1);
    assertThat(t.at(Duration.ofMillis(1350)).ready()).isTrue();
  }

  @Test
  @DisplayName("run-to-completion containers succeed (healthy) or fail once (crashloop)")
  void runToCompletion() {
    // Given / When / Then
    assertThat(timeline("healthy", true).at(Duration.ofMillis(400)).outcome()).isEqualTo(ContainerTimeline.Outcome.SUCCEEDED);
    assertThat(timeline("crashloop", true).at(Duration.ofMillis(400)).outcome()).isEqualTo(ContainerTimeline.Outcome.FAILED);
  }

  @Test
  @DisplayName("config and image-name errors wait with the kubelet's reason and message")
  void waitingErrors() {
    // Given / When / Then
    assertThat(timeline("config-error", false).at(Duration.ofMillis(150)).state())
        .isEqualTo(new ContainerTimeline.Waiting("CreateContainerConfigError", "secret \"db\" not found"));
    assertThat(timeline("invalid-image-name", false).at(Duration.ZERO).state())
        .isEqualTo(new ContainerTimeline.Waiting("InvalidImageName",
            "Failed to apply default image tag \"app:1\": couldn't parse image reference \"app:1\": invalid reference format"));
  }
}
