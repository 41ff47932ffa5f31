package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.core.clients.hub.ArmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The LRO poller's reading of the ARM RPC (no hub needed)")
class LroPollerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final String PATH = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/deployments/d";

  static ArmResponse answer(int status, Map<String, String> headers, String body) throws Exception {
    return new ArmResponse(status, headers, body == null ? null : JSON.readTree(body));
  }

  @Nested
  @DisplayName("Retry-After")
  class RetryAfter {
    @Test
    @DisplayName("the starting answer's Retry-After is when the first look is due")
    void firstRetryAfter() throws Exception {
      LroOperation op = LroPoller.started(answer(201, Map.of("Azure-AsyncOperation", "https://hub/op/1", "Retry-After", "7"),
          "{\"properties\":{\"provisioningState\":\"Accepted\"}}"), PATH, "t", NOW).orElseThrow();
      assertThat(op.pollAt()).isEqualTo(NOW.plusSeconds(7));
    }

    @Test
    @DisplayName("Retry-After: 0 is raised to the floor (no hot loop)")
    void zeroIsFloored() throws Exception {
      assertThat(LroPoller.wait(answer(202, Map.of("Retry-After", "0"), null))).isEqualTo(LroPoller.MIN_RETRY_AFTER);
    }

    @Test
    @DisplayName("an absent Retry-After is the RPC's default of 60 s")
    void absentIsRpcDefault() throws Exception {
      assertThat(LroPoller.wait(answer(202, Map.of(), null))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("a look before the first one is due reads nothing and says how long to wait")
    void noReadBeforeDue() {
      // Given an operation due in 5 s (a null client: any read would throw)
      LroOperation op = new LroOperation("https://hub/op/1", null, null, null, NOW.plusSeconds(5), 0, null);
      // When
      LroStatus status = LroPoller.poll(null, op, NOW, Duration.ofSeconds(1));
      // Then
      assertThat(status.state()).isEqualTo(LroStatus.State.IN_PROGRESS);
      assertThat(status.retryAfter()).isEqualTo(Duration.ofSeconds(5));
      assertThat(status.next()).isEqualTo(op);
    }
  }

  @Nested
  @DisplayName("starting answers")
  class Started {
    @Test
    @DisplayName("Azure-AsyncOperation is preferred when both headers come; the Location is kept too")
    void both() throws Exception {
      LroOperation op = LroPoller.started(answer(201, Map.of("Azure-AsyncOperation", "https://hub/a", "Location", "https://hub/l"), null),
          PATH, "t", NOW).orElseThrow();
      assertThat(op.style()).isEqualTo("Azure-AsyncOperation");
      assertThat(op.locationUrl()).isEqualTo("https://hub/l");
    }

    @Test
    @DisplayName("a PUT answered 200 with a non-terminal provisioningState and no header is watched through its resource")
    void resourceOnly() throws Exception {
      LroOperation op = LroPoller.started(answer(200, Map.of(), "{\"properties\":{\"provisioningState\":\"Updating\"}}"), PATH, "t", NOW)
          .orElseThrow();
      assertThat(op.style()).isEqualTo("provisioningState");
      assertThat(op.resourcePath()).isEqualTo(PATH);
    }

    @Test
    @DisplayName("a final answer (204, or a terminal provisioningState) starts nothing")
    void finalAnswers() throws Exception {
      assertThat(LroPoller.started(answer(204, Map.of(), null), null, "t", NOW)).isEmpty();
      assertThat(LroPoller.started(answer(200, Map.of(), "{\"properties\":{\"provisioningState\":\"Succeeded\"}}"), PATH, "t", NOW)).isEmpty();
    }
  }

  @Test
  @DisplayName("an ARM error is told by its root cause, with the wrapper's code after it")
  void rootCause() throws Exception {
    String inner = JSON.createObjectNode().put("status", "Failed").set("error", JSON.createObjectNode().put("code", "ResourceDeploymentFailure")
        .put("message", "x").set("details", JSON.createArrayNode().add(JSON.createObjectNode().put("code", "VMExtensionProvisioningError")
            .put("message", "exit status=50")))).toString();
    String error = JSON.createObjectNode().put("code", "DeploymentFailed").put("message", "At least one resource deployment operation failed.")
        .set("details", JSON.createArrayNode().add(JSON.createObjectNode().put("code", "Conflict").put("message", inner))).toString();
    assertThat(ArmErrors.describe(JSON.readTree(error))).isEqualTo("VMExtensionProvisioningError: exit status=50 (ARM: DeploymentFailed)");
    assertThat(ArmErrors.describe(JSON.readTree("{\"code\":\"InvalidTemplate\",\"message\":\"bad\"}"))).isEqualTo("InvalidTemplate: bad");
  }
}
