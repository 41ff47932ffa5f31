package io.stamprelease.core.steps.stampgate;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.stampgate.Approval.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Stamp gate rules")
class GatesTest {
  static final Instant OPENED = Instant.parse("2026-11-21T10:00:00Z");
  static final GatePolicy TWO_OF_THREE = new StampGateInput().approvers(List.of("alice", "bob", "group:release-managers")).minApprovals(2).timeout("4h").validate();

  static Approval approve(String user, int minute, String... groups) {
    return new Approval(user, Set.of(groups), Decision.APPROVE, OPENED.plusSeconds(60L * minute), "looks good");
  }

  static GateState opened() {
    return GateState.open("seattle", "carol", OPENED);
  }

  @Nested
  @DisplayName("who may answer")
  class Refusals {
    static Stream<Arguments> cases() {
      return Stream.of(
          Arguments.of("a listed user", "alice", Set.of(), 5, null),
          Arguments.of("a member of a listed group", "dave", Set.of("release-managers"), 5, null),
          Arguments.of("someone not listed", "eve", Set.of("developers"), 5, "eve is not an approver of seattle"),
          Arguments.of("the requester, even if listed by group", "carol", Set.of("release-managers"), 5,
              "carol started this release and may not approve it"),
          Arguments.of("anyone after expiry", "alice", Set.of(), 4 * 60, "the gate of seattle expired at 2026-11-21T14:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("table")
    void table(String caseName, String user, Set<String> groups, int minute, String expectedRefusal) {
      var refusal = Gates.refusal(TWO_OF_THREE, opened(), user, groups, OPENED.plusSeconds(60L * minute));
      if (expectedRefusal == null) {
        assertThat(refusal).isEmpty();
      } else {
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r).startsWith(expectedRefusal));
      }
    }

    @Test
    @DisplayName("the approvers keep the order they were given, through a serialization round trip too (the gate line and the report show them so)")
    void approversInTheirOrder() throws Exception {
      // Given
      List<String> given = List.of("zoe", "alice", "group:release-managers", "bob", "mallory", "carol", "dave");
      GatePolicy policy = new StampGateInput().approvers(given).minApprovals(2).timeout("1h").validate();
      // When
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(policy);
      }
      GatePolicy back;
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        back = (GatePolicy) in.readObject();
      }
      // Then
      assertThat(policy.approvers()).containsExactlyElementsOf(given);
      assertThat(back.approvers()).containsExactlyElementsOf(given);
    }

    @Test
    @DisplayName("the requester may approve when the policy allows it")
    void requesterAllowed() {
      GatePolicy lenient = new StampGateInput().approvers(List.of("carol")).minApprovals(1).timeout("1h").allowRequester(true).validate();
      assertThat(Gates.refusal(lenient, opened(), "carol", Set.of(), OPENED)).isEmpty();
    }

    @Test
    @DisplayName("the same person cannot count twice")
    void distinct() {
      GateState once = Gates.answer(TWO_OF_THREE, opened(), approve("alice", 1));
      assertThatThrownBy(() -> Gates.answer(TWO_OF_THREE, once, approve("alice", 2)))
          .hasMessageContaining("alice has already answered this gate; approvals must come from distinct people");
    }
  }

  @Nested
  @DisplayName("decisions")
  class Decisions {
    @Test
    @DisplayName("pending until the quorum of distinct approvers, then approved naming them")
    void quorum() {
      GateState one = Gates.answer(TWO_OF_THREE, opened(), approve("alice", 1));
      assertThat(Gates.decide(TWO_OF_THREE, one, OPENED.plusSeconds(120)))
          .extracting(GateDecision::status, GateDecision::message).containsExactly(GateDecision.Status.PENDING, "1/2 approvals");
      GateState two = Gates.answer(TWO_OF_THREE, one, approve("dave", 2, "release-managers"));
      GateDecision decision = Gates.decide(TWO_OF_THREE, two, OPENED.plusSeconds(180));
      assertThat(decision.status()).isEqualTo(GateDecision.Status.APPROVED);
      assertThat(decision.message()).isEqualTo("approved by alice, dave");
      assertThat(decision.approvals()).extracting(Approval::user).containsExactly("alice", "dave");
    }

    @Test
    @DisplayName("one rejection closes the gate with the rejecter's comment, and later answers are refused")
    void rejection() {
      GateState rejected = Gates.answer(TWO_OF_THREE, opened(),
          new Approval("bob", Set.of(), Decision.REJECT, OPENED.plusSeconds(60), "error budget exhausted"));
      assertThat(Gates.decide(TWO_OF_THREE, rejected, OPENED.plusSeconds(61)).message()).isEqualTo("rejected by bob: error budget exhausted");
      assertThat(Gates.refusal(TWO_OF_THREE, rejected, "alice", Set.of(), OPENED.plusSeconds(62)))
          .hasValue("the gate of seattle is already rejected");
    }

    @Test
    @DisplayName("without quorum at the deadline the gate expires; quorum reached in time stays approved")
    void expiry() {
      GateState one = Gates.answer(TWO_OF_THREE, opened(), approve("alice", 1));
      assertThat(Gates.decide(TWO_OF_THREE, one, OPENED.plus(Duration.ofHours(4))).status()).isEqualTo(GateDecision.Status.EXPIRED);
      GateState two = Gates.answer(TWO_OF_THREE, one, approve("bob", 2));
      assertThat(Gates.decide(TWO_OF_THREE, two, OPENED.plus(Duration.ofDays(2))).status()).isEqualTo(GateDecision.Status.APPROVED);
    }
  }

  @Test
  @DisplayName("an invalid policy names every bad field at once")
  void invalidPolicy() {
    assertThatThrownBy(() -> new StampGateInput().approvers(List.of("alice")).minApprovals(2).timeout("0s").validate())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("minApprovals: cannot exceed the 1 listed approver(s) (was 2)")
        .hasMessageContaining("timeout: must be a positive duration (was 0s)");
    assertThatThrownBy(() -> new StampGateInput().approvers(List.of()).minApprovals(0).timeout("31d").validate())
        .hasMessageContaining("approvers: at least one user or group:<name> is required")
        .hasMessageContaining("minApprovals: must be at least 1 (was 0)")
        .hasMessageContaining("timeout: must be at most 30 days");
  }
}
