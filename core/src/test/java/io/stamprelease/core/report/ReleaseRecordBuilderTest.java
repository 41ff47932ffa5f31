package io.stamprelease.core.report;

import io.stamprelease.core.engine.Outcome.Status;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.report.ReleaseRecordBuilder.Build;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GateDecision;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import io.stamprelease.core.steps.stampgate.Gates;
import io.stamprelease.core.steps.trafficshift.TrafficShiftResult;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.core.traffic.ChangeRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.stamprelease.core.report.SampleRelease.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("release record builder: the steps' ends and the gates' decisions folded into a release record")
class ReleaseRecordBuilderTest {
  static final String RELEASE = "contoso » release #12";

  static Build running() {
    return new Build(RELEASE, "Pipeline contoso/release", "stamp-release plugin 0.1.0", "carol", at(0, 0), null, null, null);
  }

  static Build ended(Result ending) {
    return new Build(RELEASE, "Pipeline contoso/release", "stamp-release plugin 0.1.0", "carol", at(0, 0), at(45, 0), ending, null);
  }

  /** akseDeploy's result, with values (correlation id, API server) the report does not show. */
  static AkseDeployResult deployResult(String name) {
    return new AkseDeployResult("seattle", "rg-app", name, "deployed", null, null, "corr-1", null, null, null, null,
        "https://plugin1.seattle.example:443", Map.of("master", 1, "agentpool1", 2), 3, 3, null, null, null);
  }

  static HelmRolloutResult helmResult() {
    return new HelmRolloutResult("contoso-web", "apps", HelmRolloutState.Phase.SUCCEEDED, 7, 6, null, null,
        "oci://registry.contoso.example/charts/contoso-web", "2.4.0", List.of("registry.contoso.example/contoso/web:2.4.0"), null, List.of(),
        List.of());
  }

  /** A Pipeline's step on {@code stamp}. */
  static StepEnded step(StepKind kind, String stamp, Instant start, Instant end, Status status, String message, StepResult result) {
    return StepEnded.of(kind, stamp, stamp, start, end, status, message, result);
  }

  /** The approval of denver's gate by alice and dave between minutes 10 and 14, through core's gate rules. */
  static GateEnded denverGate() {
    GatePolicy policy = new GatePolicy(Set.of("alice", "dave"), 2, Duration.ofHours(1), false);
    GateState s = GateState.open("denver", "carol", at(10, 0));
    s = Gates.answer(policy, s, new Approval("alice", Set.of(), Approval.Decision.APPROVE, at(12, 0), "seattle looks fine"));
    s = Gates.answer(policy, s, new Approval("dave", Set.of(), Approval.Decision.APPROVE, at(14, 0), ""));
    return GateEnded.of(s, Gates.decide(policy, s, at(14, 0)), at(14, 0));
  }

  /** seattle deployed and rolled out (wave 1), denver's gate approved, denver's deployment failed (wave 2). */
  static ReleaseRecordBuilder pipeline() {
    ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
    ledger.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(6, 0), Status.SUCCEEDED, null, deployResult("app-1")));
    ledger.add(step(StepKind.HELM_ROLLOUT, "seattle", at(6, 30), at(9, 0), Status.SUCCEEDED, null, helmResult()));
    ledger.add(denverGate());
    ledger.add(step(StepKind.AKSE_DEPLOY, "denver", at(15, 0), at(20, 0), Status.TERMINAL,
        "deployment app-2 failed: VMExtensionProvisioningError (exit status 50)", null));
    return ledger;
  }

  @Nested
  @DisplayName("folding")
  class Folding {
    @Test
    @DisplayName("each stamp gets its steps as phases in start order, with chart, images and node counts of its latest steps")
    void stampsAndPhases() {
      // Given the ledger of a Pipeline
      ReleaseRecordBuilder ledger = pipeline();
      // When
      ReleaseRecord record = ledger.toRecord(ended(Result.FAILED));
      // Then
      assertThat(record.stamps()).extracting(StampRecord::stamp).containsExactly("seattle", "denver");
      StampRecord seattle = record.stamps().get(0);
      assertThat(seattle.result()).isEqualTo(Result.SUCCEEDED);
      assertThat(seattle.phases()).extracting(PhaseRecord::phase).containsExactly("akseDeploy", "helmRollout");
      assertThat(seattle.phases().get(0)).isEqualTo(new PhaseRecord("akseDeploy", at(1, 0), at(6, 0), Result.SUCCEEDED,
          "deployment app-1: deployed, 3/3 nodes Ready"));
      assertThat(seattle.phases().get(1).message()).isEqualTo("contoso-web revision 7");
      assertThat(seattle.chart()).isEqualTo("oci://registry.contoso.example/charts/contoso-web");
      assertThat(seattle.chartVersion()).isEqualTo("2.4.0");
      assertThat(seattle.images()).containsExactly("registry.contoso.example/contoso/web:2.4.0");
      assertThat(seattle.nodeCounts()).isEqualTo(Map.of("master", 1, "agentpool1", 2));
      assertThat(seattle.failureReasons()).isEmpty();
    }

    @Test
    @DisplayName("a failed step fails its stamp with the engine's status and message as phase message and failure reason")
    void failedStep() {
      ReleaseRecord record = pipeline().toRecord(ended(Result.FAILED));

      StampRecord denver = record.stamps().get(1);
      assertThat(denver.result()).isEqualTo(Result.FAILED);
      assertThat(denver.phases()).singleElement().satisfies(p -> {
        assertThat(p.result()).isEqualTo(Result.FAILED);
        assertThat(p.message()).isEqualTo("terminal: deployment app-2 failed: VMExtensionProvisioningError (exit status 50)");
      });
      assertThat(denver.failureReasons())
          .containsExactly("akseDeploy: terminal: deployment app-2 failed: VMExtensionProvisioningError (exit status 50)");
      assertThat(record.result()).isEqualTo(Result.FAILED);
    }

    @Test
    @DisplayName("gates separate waves: steps before the first gate closed are wave 1, the gate comes after wave 1, later steps are wave 2")
    void waves() {
      ReleaseRecord record = pipeline().toRecord(ended(Result.FAILED));

      assertThat(record.stamps()).extracting(StampRecord::wave).containsExactly("1", "2");
      assertThat(record.gates()).singleElement().satisfies(g -> {
        assertThat(g.wave()).isEqualTo("1");
        assertThat(g.opened()).isEqualTo(at(10, 0));
        assertThat(g.closed()).isEqualTo(at(14, 0));
        assertThat(g.decision()).isEqualTo("APPROVED");
        assertThat(g.approvals()).extracting(ReleaseRecord.ApprovalRecord::user).containsExactly("alice", "dave");
        assertThat(g.approvals().get(0).at()).isEqualTo(at(12, 0));
        assertThat(g.approvals().get(0).decision()).isEqualTo("APPROVE");
        assertThat(g.approvals().get(0).comment()).isEqualTo("seattle looks fine");
      });
      assertThat(record.notes()).containsExactly("gate after wave 1 (stampGate of denver): approved by alice, dave");
    }

    @Test
    @DisplayName("completions added out of order (parallel branches) are still shown in start order")
    void startOrder() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(step(StepKind.AKSE_DEPLOY, "denver", at(2, 0), at(9, 0), Status.SUCCEEDED, null, null));
      ledger.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(10, 0), Status.SUCCEEDED, null, null));

      assertThat(ledger.toRecord(ended(Result.SUCCEEDED)).stamps()).extracting(StampRecord::stamp).containsExactly("seattle", "denver");
    }

    @Test
    @DisplayName("node counts keep the latest count per pool: akseDeploy's pools, then akseScale's pool after the scale")
    void nodeCounts() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      AkseScaleResult scale = new AkseScaleResult("seattle", "rg-app", "agentpool1", 5, 2, 5, List.of("k8s-agentpool1-1-2"), List.of(),
          Map.of(), Map.of(), List.of());
      ledger.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(6, 0), Status.SUCCEEDED, null, deployResult("app-1")));
      ledger.add(step(StepKind.AKSE_SCALE, "seattle", at(7, 0), at(9, 0), Status.SUCCEEDED, null, scale));

      StampRecord seattle = ledger.toRecord(ended(Result.SUCCEEDED)).stamps().get(0);

      assertThat(seattle.nodeCounts()).isEqualTo(Map.of("master", 1, "agentpool1", 5));
      assertThat(seattle.phases().get(1).message()).as("akseScale's own summary").isEqualTo(scale.summary())
          .startsWith("agentpool1: 2 -> 5 nodes");
    }

    @Test
    @DisplayName("trafficShift's changes (its typed result's change records) become the record's traffic changes, in time order")
    void trafficChanges() {
      // Given the sample's changes as trafficShift returns them
      List<ChangeRecord> sample = SampleRelease.traffic();
      TrafficShiftState state = new TrafficShiftState("drain", List.of(), sample.get(0).before(), Map.of(), 0, TrafficShiftState.Phase.DONE,
          false, null, null, null, null, null, null, List.of(), 0, sample, List.of(), List.of(), sample.get(sample.size() - 1).after(), Map.of());
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      // When
      ledger.add(step(StepKind.TRAFFIC_SHIFT, "seattle", at(0, 0), at(41, 0), Status.SUCCEEDED, null,
          TrafficShiftResult.of("f5-gtm", "/Common/app", state)));
      ReleaseRecord record = ledger.toRecord(ended(Result.SUCCEEDED));
      // Then
      assertThat(record.trafficChanges()).isEqualTo(sample);
      assertThat(record.stamps().get(0).phases().get(0).message()).isEqualTo("drain: 8 traffic changes");
      assertThat(record.notes()).isEmpty();
    }
  }

  @Nested
  @DisplayName("the release's result")
  class ReleaseResult {
    @Test
    @DisplayName("is RUNNING while the build runs, even after a failed step, and has no finish time")
    void running() {
      ReleaseRecord record = pipeline().toRecord(ReleaseRecordBuilderTest.running());
      assertThat(record.result()).isEqualTo(Result.RUNNING);
      assertThat(record.finished()).isNull();
    }

    @Test
    @DisplayName("is SUCCEEDED when every step succeeded, every gate approved and the build succeeded")
    void succeeded() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(6, 0), Status.SUCCEEDED, null, deployResult("app-1")));
      ledger.add(denverGate());
      assertThat(ledger.toRecord(ended(Result.SUCCEEDED)).result()).isEqualTo(Result.SUCCEEDED);
    }

    @Test
    @DisplayName("is FAILED when the build failed although every release step succeeded")
    void buildFailed() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(6, 0), Status.SUCCEEDED, null, deployResult("app-1")));
      assertThat(ledger.toRecord(ended(Result.FAILED)).result()).isEqualTo(Result.FAILED);
    }

    @Test
    @DisplayName("is FAILED after a rejected gate, which is shown with who rejected and why")
    void rejectedGate() {
      GatePolicy policy = new GatePolicy(Set.of("alice"), 1, Duration.ofHours(1), false);
      GateState s = Gates.answer(policy, GateState.open("denver", "carol", at(1, 0)),
          new Approval("alice", Set.of(), Approval.Decision.REJECT, at(2, 0), "error budget spent"));
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(GateEnded.of(s, Gates.decide(policy, s, at(2, 0)), at(2, 0)));

      ReleaseRecord record = ledger.toRecord(ended(Result.SUCCEEDED));

      assertThat(record.result()).isEqualTo(Result.FAILED);
      assertThat(record.gates().get(0).decision()).isEqualTo("REJECTED");
      assertThat(record.notes()).containsExactly("gate after wave 1 (stampGate of denver): rejected by alice: error budget spent");
    }

    @Test
    @DisplayName("is HALTED when a step was cancelled (and none failed), and so is its stamp")
    void cancelled() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(step(StepKind.AKSE_SCALE, "seattle", at(1, 0), at(2, 0), Status.CANCELLED, "stopped by the user", null));
      ReleaseRecord record = ledger.toRecord(ended(Result.HALTED));
      assertThat(record.result()).isEqualTo(Result.HALTED);
      assertThat(record.stamps().get(0).result()).isEqualTo(Result.HALTED);
      assertThat(record.stamps().get(0).phases().get(0).message()).isEqualTo("cancelled: stopped by the user");
    }
  }

  @Nested
  @DisplayName("what the report files get")
  class Files {
    @Test
    @DisplayName("release.json of the folded record reads back equal (ReleaseJson.parse(toJson(record)))")
    void jsonRoundTrip() {
      // Given everything the ledger can hold: steps, a failure, a gate, traffic changes, notes
      ReleaseRecordBuilder ledger = pipeline();
      List<ChangeRecord> sample = SampleRelease.traffic();
      TrafficShiftState state = new TrafficShiftState("restore", List.of(), sample.get(0).before(), Map.of(), 0, TrafficShiftState.Phase.DONE,
          false, null, null, null, null, null, null, List.of(), 0, sample.subList(0, 3), List.of(), List.of(), Map.of(), Map.of());
      ledger.add(step(StepKind.TRAFFIC_SHIFT, "seattle", at(0, 0), at(12, 0), Status.SUCCEEDED, null,
          TrafficShiftResult.of("f5-gtm", "/Common/app", state)));
      for (Build build : List.of(ReleaseRecordBuilderTest.running(), ended(Result.FAILED))) {
        ReleaseRecord record = ledger.toRecord(build);
        // When
        ReleaseRecord back = ReleaseJson.parse(ReleaseJson.toJson(record), "release.json");
        // Then
        assertThat(back).isEqualTo(record);
      }
    }

    @Test
    @DisplayName("only a result's facts reach the record: its other values are in neither release.json nor the page")
    void onlyNamedOutputs() {
      ReleaseRecord record = pipeline().toRecord(ended(Result.FAILED));

      assertThat(ReleaseJson.toJson(record)).doesNotContain("corr-1").doesNotContain("plugin1.seattle.example");
      assertThat(ReleaseReportHtml.render(record)).doesNotContain("corr-1").doesNotContain("plugin1.seattle.example");
    }

    @Test
    @DisplayName("the page escapes what steps and people wrote: a stamp, a message and a comment with markup are shown, not run")
    void escaping() {
      ReleaseRecordBuilder ledger = new ReleaseRecordBuilder();
      ledger.add(StepEnded.of(StepKind.AKSE_DEPLOY, "<script>alert(1)</script>", "hub", at(1, 0), at(2, 0), Status.FAILED,
          "template \"<img src=x onerror=alert(2)>\" refused", null));
      GatePolicy policy = new GatePolicy(Set.of("alice"), 1, Duration.ofHours(1), false);
      GateState s = Gates.answer(policy, GateState.open("denver", "carol", at(3, 0)),
          new Approval("alice", Set.of(), Approval.Decision.APPROVE, at(4, 0), "<b>ship</b> & go"));
      ledger.add(GateEnded.of(s, Gates.decide(policy, s, at(4, 0)), at(4, 0)));

      String html = ReleaseReportHtml.render(ledger.toRecord(ended(Result.FAILED)));

      assertThat(html).doesNotContain("<script>alert", "<img src=x", "<b>ship</b>")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "&lt;b&gt;ship&lt;/b&gt; &amp; go");
    }
  }

  @Test
  @DisplayName("the ledger survives Java serialization and folds to the same record afterwards")
  void serializable() throws Exception {
    // Given
    ReleaseRecordBuilder ledger = pipeline();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ledger);
    }
    // When
    ReleaseRecordBuilder back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ReleaseRecordBuilder) in.readObject();
    }
    // Then
    assertThat(back.toRecord(ended(Result.FAILED))).isEqualTo(ledger.toRecord(ended(Result.FAILED)));
    assertThat(back.isEmpty()).isFalse();
    assertThat(new ReleaseRecordBuilder().isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a copy takes later additions without changing the original")
  void copy() {
    // Given
    ReleaseRecordBuilder original = new ReleaseRecordBuilder();
    original.add(step(StepKind.AKSE_DEPLOY, "seattle", at(1, 0), at(2, 0), Status.SUCCEEDED, null, null));
    // When
    ReleaseRecordBuilder copy = original.copy();
    copy.add(denverGate());
    copy.add(step(StepKind.AKSE_DEPLOY, "denver", at(15, 0), at(16, 0), Status.SUCCEEDED, null, null));
    // Then
    assertThat(original.toRecord(ended(Result.SUCCEEDED)).stamps()).hasSize(1);
    assertThat(original.toRecord(ended(Result.SUCCEEDED)).gates()).isEmpty();
    assertThat(copy.toRecord(ended(Result.SUCCEEDED)).stamps()).hasSize(2);
    assertThat(copy.toRecord(ended(Result.SUCCEEDED)).gates()).hasSize(1);
  }

  @Test
  @DisplayName("a step without a start time (or one after its end) is a phase of no length at its end, named after its step")
  void missingStart() {
    StepEnded s = step(StepKind.AKSE_SCALE, "seattle", null, at(5, 0), Status.SUCCEEDED, null, null);
    assertThat(s.start()).isEqualTo(at(5, 0));
    assertThat(s.phase()).isEqualTo("akseScale");
    Instant later = at(9, 0);
    assertThat(step(StepKind.AKSE_SCALE, "seattle", later, at(5, 0), Status.SUCCEEDED, null, null).start()).isEqualTo(at(5, 0));
    ReleaseRecordBuilder builder = new ReleaseRecordBuilder();
    builder.add(s);
    assertThat(builder.toRecord(ended(Result.SUCCEEDED)).stamps().get(0).phases().get(0).message()).isEqualTo("succeeded");
  }

  @Nested
  @DisplayName("a release that declares its stamps and waves (stamp release)")
  class DeclaredRelease {
    @Test
    @DisplayName("lists every declared stamp in order with its wave, a running phase without an end, and the result its owner settled")
    void declared() {
      // Given
      ReleaseRecordBuilder builder = new ReleaseRecordBuilder();
      builder.declare("seattle", "seattle", "canary");
      builder.declare("denver", "denver", "rest");
      builder.settle("seattle", Result.RUNNING);
      builder.nodeCounts("seattle", Map.of("agentpool1", 3));
      builder.started("drain", "seattle", "seattle", "canary", at(1, 0));
      builder.add(new StepEnded(StepKind.TRAFFIC_SHIFT, "drain", "seattle", "seattle", "canary", at(1, 0), at(2, 0), Status.SUCCEEDED,
          "seattle drained", null));
      builder.started("rollout", "seattle", "seattle", "canary", at(2, 0));
      // When
      ReleaseRecord record = builder.toRecord(new Build("web", "stamps.yaml", "stamp dev", "carol", at(0, 0), null, null, Result.RUNNING));
      // Then
      assertThat(record.stamps()).extracting(StampRecord::stamp, StampRecord::wave, StampRecord::result).containsExactly(
          org.assertj.core.groups.Tuple.tuple("seattle", "canary", Result.RUNNING), org.assertj.core.groups.Tuple.tuple("denver", "rest",
              Result.RUNNING));
      assertThat(record.stamps().get(0).phases()).extracting(PhaseRecord::phase, PhaseRecord::end, PhaseRecord::result).containsExactly(
          org.assertj.core.groups.Tuple.tuple("drain", at(2, 0), Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("rollout", null,
              Result.RUNNING));
      assertThat(record.stamps().get(0).nodeCounts()).isEqualTo(Map.of("agentpool1", 3));
      assertThat(record.stamps().get(1).phases()).isEmpty();
    }

    @Test
    @DisplayName("a gate that still waits is shown open and then replaced by its decision; the owner's result wins")
    void openGate() {
      // Given
      ReleaseRecordBuilder builder = new ReleaseRecordBuilder();
      builder.declare("seattle", "seattle", "canary");
      builder.settle("seattle", Result.FAILED);
      builder.add(new GateEnded(null, "canary", at(3, 0), null, GateDecision.Status.PENDING, "0/1 approvals", List.of()));
      Build halted = new Build("web", "stamps.yaml", "stamp dev", "carol", at(0, 0), at(5, 0), null, Result.HALTED);
      assertThat(builder.toRecord(halted).gates()).singleElement().satisfies(g -> {
        assertThat(g.closed()).isNull();
        assertThat(g.decision()).isEqualTo("PENDING");
      });
      // When
      builder.add(new GateEnded(null, "canary", at(3, 0), at(4, 0), GateDecision.Status.APPROVED, "approved by alice", List.of()));
      // Then
      ReleaseRecord record = builder.toRecord(halted);
      assertThat(record.gates()).singleElement().satisfies(g -> assertThat(g.decision()).isEqualTo("APPROVED"));
      assertThat(record.result()).as("the owner decided").isEqualTo(Result.HALTED);
      assertThat(record.notes()).as("only a stampGate's decision is noted").isEmpty();
    }
  }
}
