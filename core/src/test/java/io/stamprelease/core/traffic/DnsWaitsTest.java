package io.stamprelease.core.traffic;

import java.time.Duration;
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

@DisplayName("DNS-aware waits")
class DnsWaitsTest {

  static DnsTiming timing(int ttl, int interval, int tolerated, int timeout) {
    return new DnsTiming(Duration.ofSeconds(ttl), Duration.ofSeconds(interval), tolerated, Duration.ofSeconds(timeout));
  }

  @Nested
  @DisplayName("after an enable or disable")
  class EnableOrDisable {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        Traffic Manager defaults (30 s TTL)        | 30  | 30 | 3 | 10 | 160 | waiting 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout
        fast probing, 1 tolerated                  | 30  | 10 | 1 |  9 |  59 | waiting 59s = TTL 30s + 10s × (1 + 1) + 9s timeout
        fast probing, 0 tolerated, TTL 0           |  0  | 10 | 0 |  5 |  15 | waiting 15s = TTL 0s + 10s × (0 + 1) + 5s timeout
        defaults, 9 tolerated, 5 min TTL           | 300 | 30 | 9 | 10 | 610 | waiting 10m10s = TTL 5m + 30s × (9 + 1) + 10s timeout
        one-hour TTL                               | 3600| 30 | 3 | 10 |3730 | waiting 1h2m10s = TTL 1h + 30s × (3 + 1) + 10s timeout
        """)
    @DisplayName("waits TTL + interval × (tolerated + 1) + timeout")
    void enableDisable(String row, int ttl, int interval, int tolerated, int timeout, int seconds, String line) {
      // When
      DnsWait wait = DnsWaits.afterEnableOrDisable(timing(ttl, interval, tolerated, timeout));

      // Then
      assertThat(wait.total()).isEqualTo(Duration.ofSeconds(seconds));
      assertThat(wait.describe()).isEqualTo(line);
    }
  }

  @Nested
  @DisplayName("for a monitor-status transition")
  class MonitorTransition {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        defaults: Degraded after the 4th failure | 30 | 3 | 10 | 130 | waiting 2m10s = 30s × (3 + 1) + 10s timeout
        fast probing, 1 tolerated                | 10 | 1 |  9 |  29 | waiting 29s = 10s × (1 + 1) + 9s timeout
        """)
    @DisplayName("waits interval × (tolerated + 1) + timeout, without the TTL")
    void monitor(String row, int interval, int tolerated, int timeout, int seconds, String line) {
      // When
      DnsWait wait = DnsWaits.forMonitorTransition(timing(30, interval, tolerated, timeout));

      // Then
      assertThat(wait.total()).isEqualTo(Duration.ofSeconds(seconds));
      assertThat(wait.describe()).isEqualTo(line);
    }
  }

  @Nested
  @DisplayName("after a change")
  class AfterChange {
    @Test
    @DisplayName("a pure weight change waits one TTL")
    void weightChange() {
      // Given
      TrafficState before = state(online("seattle", 500), online("denver", 500));
      TrafficChange change = TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(900)), "ci", "shift");

      // When
      DnsWait wait = DnsWaits.after(before, change);

      // Then
      assertThat(wait.describe()).isEqualTo("waiting 30s = TTL 30s");
    }

    @Test
    @DisplayName("enabling an endpoint waits for the monitor and then a TTL")
    void enable() {
      // Given
      TrafficState before = state(online("seattle", 500), disabled("denver", 500));
      TrafficChange change = TrafficChange.of(Map.of("denver", EndpointSetting.enabled(1)), "ci", "probe");

      // When
      DnsWait wait = DnsWaits.after(before, change);

      // Then
      assertThat(wait.total()).isEqualTo(Duration.ofSeconds(160));
    }
  }

  @Nested
  @DisplayName("with a user override")
  class Override {
    @Test
    @DisplayName("the user's duration wins and the log still shows what DNS timing asked for")
    void overrideWins() {
      // Given
      DnsWait computed = DnsWaits.afterEnableOrDisable(DnsTiming.TRAFFIC_MANAGER_DEFAULTS);

      // When
      DnsWait wait = DnsWaits.overridden(computed, Duration.ofMinutes(5));

      // Then
      assertThat(wait.total()).isEqualTo(Duration.ofMinutes(5));
      assertThat(wait.describe()).isEqualTo(
          "waiting 5m = 5m (user override; DNS timing gives 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout)");
    }

    @Test
    @DisplayName("no override keeps the computed wait; a zero override means do not wait")
    void noOverride() {
      DnsWait computed = DnsWaits.afterWeightChange(DnsTiming.TRAFFIC_MANAGER_DEFAULTS);
      assertThat(DnsWaits.overridden(computed, null)).isEqualTo(computed);
      assertThat(DnsWaits.overridden(computed, Duration.ZERO).total()).isZero();
    }

    @Test
    @DisplayName("a negative override is refused")
    void negative() {
      DnsWait computed = DnsWaits.afterWeightChange(DnsTiming.TRAFFIC_MANAGER_DEFAULTS);
      assertThatThrownBy(() -> DnsWaits.overridden(computed, Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
    }
  }

  @Test
  @DisplayName("durations print compactly, including sub-second parts")
  void human() {
    assertThat(io.stamprelease.core.input.Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(io.stamprelease.core.input.Durations.human(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(io.stamprelease.core.input.Durations.human(Duration.ZERO)).isEqualTo("0s");
  }
}
