package io.stamprelease.core.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.stamprelease.core.traffic.TrafficFixtures.disabled;
import static io.stamprelease.core.traffic.TrafficFixtures.online;
import static io.stamprelease.core.traffic.TrafficFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The traffic model")
class TrafficModelTest {

  @Nested
  @DisplayName("monitor status")
  class Monitor {
    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource({
        "Online, Online",
        "online, Online",
        "ONLINE, Online",
        "checkingendpoint, CheckingEndpoint",
        "' Degraded ', Degraded",
        "unmonitored, Unmonitored"})
    @DisplayName("parses case-insensitively")
    void parses(String text, MonitorStatus expected) {
      assertThat(MonitorStatus.parse(text)).isEqualTo(expected);
    }

    @Test
    @DisplayName("refuses an unknown status, listing the allowed ones")
    void unknown() {
      assertThatThrownBy(() -> MonitorStatus.parse("Healthy"))
          .hasMessage("unknown endpoint monitor status 'Healthy'; allowed: CheckingEndpoint, Online, Degraded, Disabled, Inactive, "
              + "Stopped, Unmonitored");
    }
  }

  @Nested
  @DisplayName("profile state")
  class State {
    @Test
    @DisplayName("refuses the same endpoint name twice")
    void duplicateNames() {
      assertThatThrownBy(() -> state(online("seattle", 1), online("seattle", 2))).hasMessageContaining("'seattle' appears twice");
    }

    @Test
    @DisplayName("refuses weights outside 1..1000")
    void weightRange() {
      assertThatThrownBy(() -> online("seattle", 0)).hasMessageContaining("weight must be 1..1000, got 0");
      assertThatThrownBy(() -> online("seattle", 1001)).hasMessageContaining("weight must be 1..1000, got 1001");
    }

    @Test
    @DisplayName("applies a change to the named endpoints only, keeping monitors and order")
    void applies() {
      // Given
      TrafficState before = state(online("seattle", 900), online("denver", 100), disabled("boston", 5));

      // When
      TrafficState after = before.with(TrafficChange.of(Map.of("denver", EndpointSetting.disabled(100)), "alice", "drain"));

      // Then
      assertThat(after.names()).containsExactly("seattle", "denver", "boston");
      assertThat(after.endpoint("denver").orElseThrow()).isEqualTo(online("denver", 100).with(EndpointSetting.disabled(100)));
      assertThat(after.endpoint("seattle")).isEqualTo(before.endpoint("seattle"));
    }

    @Test
    @DisplayName("DNS timing refuses negative values")
    void negativeTiming() {
      assertThatThrownBy(() -> new DnsTiming(Duration.ofSeconds(-1), Duration.ofSeconds(30), 3, Duration.ofSeconds(10)))
          .hasMessageContaining("must not be negative");
    }
  }

  @Nested
  @DisplayName("change record and verification")
  class RecordAndVerify {
    @Test
    @DisplayName("the record holds every endpoint before and after, with who and why")
    void record() {
      // Given
      TrafficState before = state(online("seattle", 900), online("denver", 100));
      TrafficChange change = TrafficChange.of(Map.of("denver", EndpointSetting.enabled(500)), "alice", "release 42 step 2");

      // When
      ChangeRecord record = ChangeRecord.of(Instant.parse("2026-11-21T10:00:00Z"), before, change);

      // Then
      assertThat(record.before()).containsExactlyEntriesOf(before.settings());
      assertThat(record.after()).containsEntry("seattle", EndpointSetting.enabled(900)).containsEntry("denver", EndpointSetting.enabled(500));
      assertThat(record.actor()).isEqualTo("alice");
      assertThat(record.reason()).isEqualTo("release 42 step 2");
      assertThat(record.provider()).isEqualTo("azure-traffic-manager");
    }

    @Test
    @DisplayName("verification lists each endpoint that differs from the change")
    void verification() {
      // Given
      TrafficState observed = state(online("seattle", 900), online("denver", 100));
      TrafficChange wanted = TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(900), "denver", EndpointSetting.enabled(500),
          "boston", EndpointSetting.enabled(1)), "alice", "x");

      // When
      Verification v = Verification.compare(observed, wanted);

      // Then
      assertThat(v.matches()).isFalse();
      assertThat(v.differences()).containsExactlyInAnyOrder(
          "denver: expected enabled/500, provider has enabled/100",
          "boston: expected enabled/1, provider has no such endpoint");
    }

    @Test
    @DisplayName("verification matches when the provider holds the change")
    void verified() {
      TrafficState observed = state(online("seattle", 900), online("denver", 100));
      assertThat(Verification.compare(observed, TrafficChange.of(Map.of("denver", EndpointSetting.enabled(100)), "a", "b")))
          .isEqualTo(new Verification(true, List.of()));
    }
  }
}
