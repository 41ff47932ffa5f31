package io.stamprelease.plugin.offline;

import hudson.AbortException;
import io.stamprelease.core.steps.stampgate.Approval.Decision;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.plugin.gate.StampGateExecution;
import io.stamprelease.plugin.gate.StampGateStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("stampGate step (offline: fake step context)")
class StampGateStepTest {
  /** Now, so that getStatus() (which reads the clock) sees an open gate. */
  static final Instant OPENED = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  @Nested
  @DisplayName("binding its arguments")
  class Binding {
    @Test
    @DisplayName("approvers are comma-separated users and group:<name> entries; the other arguments have input-like defaults")
    void binds() throws Exception {
      // Given
      StampGateStep step = new StampGateStep("seattle", "alice, bob , group:release-managers");
      step.setMinApprovals(2);
      // When
      GatePolicy policy = step.policy();
      // Then
      assertThat(policy.approvers()).containsExactlyInAnyOrder("alice", "bob", "group:release-managers");
      assertThat(policy.minApprovals()).isEqualTo(2);
      assertThat(policy.expiry()).isEqualTo(Duration.ofHours(24));
      assertThat(policy.allowRequester()).isFalse();
    }

    @Test
    @DisplayName("core's gate validation names every bad argument in one AbortException")
    void validation() {
      StampGateStep step = new StampGateStep("seattle", " , ");
      step.setMinApprovals(0);
      assertThatThrownBy(step::policy).isInstanceOf(AbortException.class).hasMessageStartingWith("[stampGate] invalid input: ")
          .hasMessageContaining("approvers: at least one").hasMessageContaining("minApprovals: must be at least 1");
    }

    @Test
    @DisplayName("a quorum larger than the listed users is refused")
    void quorumTooLarge() {
      StampGateStep step = new StampGateStep("seattle", "alice,bob");
      step.setMinApprovals(3);
      assertThatThrownBy(step::policy).hasMessageContaining("minApprovals: cannot exceed the 2 listed approver(s)");
    }
  }

  @Nested
  @DisplayName("an open gate needing two approvals, started by carol")
  class OpenGate {
    FakeStepContext context;
    StampGateExecution gate;

    @BeforeEach
    void open() throws Exception {
      StampGateStep step = new StampGateStep("seattle", "alice,carol,group:release-managers");
      step.setMinApprovals(2);
      step.setTimeout("1h");
      context = new FakeStepContext();
      gate = new StampGateExecution(context, "seattle", step.policy(), "Release seattle?");
      gate.open("carol", OPENED);
    }

    @Test
    @DisplayName("opens on quorum and returns who approved, in order, as plain values")
    void quorum() {
      // When
      assertThat(gate.answer("alice", Set.of(), Decision.APPROVE, "looks good", OPENED.plusSeconds(60))).isEmpty();
      // Then still waiting, and the partial answer was saved with the program
      assertThat(context.completed()).isFalse();
      assertThat(context.saves()).isEqualTo(1);
      assertThat(gate.getStatus()).startsWith("gate of seattle: 1/2 approvals");
      // When a release manager (by group) approves
      assertThat(gate.answer("dave", Set.of("release-managers"), Decision.APPROVE, "", OPENED.plusSeconds(120))).isEmpty();
      // Then
      assertThat(context.failure()).isNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) context.result();
      assertThat(result).containsEntry("stamp", "seattle").containsEntry("status", "approved").containsEntry("approvers", List.of("alice", "dave"))
          .containsEntry("requester", "carol");
      assertThat((List<?>) result.get("approvals")).hasSize(2).first()
          .isEqualTo(Map.of("user", "alice", "decision", "approve", "at", OPENED.plusSeconds(60).toString(), "comment", "looks good"));
      assertThat(context.listener().text()).contains("[stampGate] seattle: alice approved: looks good").contains("approved by alice, dave");
    }

    @Test
    @DisplayName("refuses the requester, people not listed, and a second answer from the same person")
    void refusals() {
      assertThat(gate.answer("carol", Set.of(), Decision.APPROVE, "", OPENED)).hasValueSatisfying(r -> assertThat(r).contains("carol started this release"));
      assertThat(gate.answer("mallory", Set.of("developers"), Decision.APPROVE, "", OPENED)).hasValueSatisfying(r -> assertThat(r).contains("not an approver"));
      assertThat(gate.answer("alice", Set.of(), Decision.APPROVE, "", OPENED)).isEmpty();
      assertThat(gate.answer("alice", Set.of(), Decision.APPROVE, "", OPENED)).hasValueSatisfying(r -> assertThat(r).contains("already answered"));
      assertThat(context.completed()).isFalse();
    }

    @Test
    @DisplayName("one rejection fails the step with an AbortException naming who rejected and why")
    void rejection() {
      gate.answer("alice", Set.of(), Decision.REJECT, "error budget spent", OPENED.plusSeconds(5));
      assertThat(context.failure()).isInstanceOf(AbortException.class).hasMessage("[stampGate] seattle: rejected by alice: error budget spent");
      assertThat(gate.answer("dave", Set.of("release-managers"), Decision.APPROVE, "", OPENED.plusSeconds(6))).isPresent();
    }

    @Test
    @DisplayName("expires at openedAt + timeout, and not a moment before")
    void expiry() {
      gate.expireIfDue(OPENED.plus(Duration.ofMinutes(59)));
      assertThat(context.completed()).isFalse();
      gate.expireIfDue(OPENED.plus(Duration.ofHours(1)));
      assertThat(context.failure()).isInstanceOf(AbortException.class).hasMessageContaining("expired with 0/2 approvals");
    }

    @Test
    @DisplayName("survives a restart: the serialized execution keeps the first approval and completes with the second")
    void survivesSerialization() {
      // Given one approval before the restart
      gate.answer("alice", Set.of(), Decision.APPROVE, "", OPENED.plusSeconds(1));
      // When
      StampGateExecution restored = Serialization.roundTrip(gate);
      // Then
      assertThat(restored.state()).isEqualTo(gate.state());
      assertThat(restored.id()).isEqualTo(gate.id());
      restored.answer("dave", Set.of("release-managers"), Decision.APPROVE, "", OPENED.plusSeconds(2));
      FakeStepContext restoredContext = (FakeStepContext) restored.getContext();
      assertThat(restoredContext.result()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("approvers", List.of("alice", "dave"));
    }
  }
}
