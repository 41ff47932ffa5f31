package io.stamprelease.core.report;

import static io.stamprelease.core.report.SampleRelease.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.core.gate.Approval;
import io.stamprelease.core.gate.GatePolicy;
import io.stamprelease.core.gate.GateState;
import io.stamprelease.core.gate.Gates;
import io.stamprelease.core.report.ReleaseLedger.Build;
import io.stamprelease.core.report.ReleaseLedger.GateOutcome;
import io.stamprelease.core.report.ReleaseLedger.StepOutcome;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.tasks.ShiftReport;
import io.stamprelease.core.traffic.tasks.TrafficShiftState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("release ledger: a Pipeline's step completions and gate decisions folded into a release record")
class ReleaseLedgerTest {
  static final String RELEASE = "contoso » release #12";

  static Build running() {
    return new Build(RELEASE, "Pipeline contoso/release", "stamp-release plugin 0.1.0", "carol", at(0, 0), null, null);
  }

  static Build ended(Result ending) {
    return new Build(RELEASE, "Pipeline contoso/release", "stamp-release plugin 0.1.0", "carol", at(0, 0), at(45, 0), ending);
  }

  /** akseDeploy's result map as the plugin returns it (plain values), plus fields the report must never show. */
  static Map<String, Object> deployOutputs(String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hub", "seattle");
    m.put("resourceGroup", "rg-app");
    m.put("deploymentName", name);
    m.put("status", "succeeded");
    m.put("result", "deployed");
    m.put("correlationId", "corr-1");
    m.put("nodesPerPool", Map.of("master", 1, "agentpool1", 2));
    m.put("readyNodes", 3);
    m.put("expectedNodes", 3);
    m.put("apiServer", "https://plugin1.seattle.example:443");
    m.put("clientSecret", "s3cr3t-never-shown");
    return m;
  }

  static Map<String, Object> helmOutputs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("release", "contoso-web");
    m.put("revision", 7);
    m.put("chart", "oci://registry.contoso.example/charts/contoso-web");
    m.put("chartVersion", "2.4.0");
    m.put("images", List.of("registry.contoso.example/contoso/web:2.4.0"));
    return m;
  }

  /** The approval of denver's gate by alice and dave between minutes 10 and 14, through core's gate rules. */
  static GateOutcome denverGate() {
    GatePolicy policy = new GatePolicy(Set.of("alice", "dave"), 2, Duration.ofHours(1), false);
    GateState s = GateState.open("denver", "carol", at(10, 0));
    s = Gates.answer(policy, s, new Approval("alice", Set.of(), Approval.Decision.APPROVE, at(12, 0), "seattle looks fine"));
    s = Gates.answer(policy, s, new Approval("dave", Set.of(), Approval.Decision.APPROVE, at(14, 0), ""));
    return GateOutcome.of(s, Gates.decide(policy, s, at(14, 0)), at(14, 0));
  }

  /** seattle deployed and rolled out (wave 1), denver's gate approved, denver's deployment failed (wave 2). */
  static ReleaseLedger pipeline() {
    ReleaseLedger ledger = new ReleaseLedger();
    ledger.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(6, 0), "succeeded", null, deployOutputs("app-1")));
    ledger.add(StepOutcome.of("helmRollout", "seattle", "seattle", at(6, 30), at(9, 0), "succeeded", null, helmOutputs()));
    ledger.add(denverGate());
    ledger.add(StepOutcome.of("akseDeploy", "denver", "denver", at(15, 0), at(20, 0), "terminal",
        "deployment app-2 failed: VMExtensionProvisioningError (exit status 50)", Map.of("hub", "denver")));
    return ledger;
  }

  @Nested
  @DisplayName("folding")
  class Folding {
    @Test
    @DisplayName("each stamp gets its steps as phases in start order, with chart, images and node counts of its latest steps")
    void stampsAndPhases() {
      // Given the ledger of a Pipeline
      ReleaseLedger ledger = pipeline();
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
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseDeploy", "denver", "denver", at(2, 0), at(9, 0), "succeeded", null, Map.of()));
      ledger.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(10, 0), "succeeded", null, Map.of()));

      assertThat(ledger.toRecord(ended(Result.SUCCEEDED)).stamps()).extracting(StampRecord::stamp).containsExactly("seattle", "denver");
    }

    @Test
    @DisplayName("node counts keep the latest count per pool: akseDeploy's pools, then akseScale's pool after the scale")
    void nodeCounts() {
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(6, 0), "succeeded", null, deployOutputs("app-1")));
      ledger.add(StepOutcome.of("akseScale", "seattle", "seattle", at(7, 0), at(9, 0), "succeeded", null, Map.of("pool", "agentpool1",
          "target", 5, "before", 2, "after", 5, "added", List.of("k8s-agentpool1-1-2"), "summary", "agentpool1: 2 -> 5 nodes")));

      StampRecord seattle = ledger.toRecord(ended(Result.SUCCEEDED)).stamps().get(0);

      assertThat(seattle.nodeCounts()).isEqualTo(Map.of("master", 1, "agentpool1", 5));
      assertThat(seattle.phases().get(1).message()).as("akseScale's own summary").isEqualTo("agentpool1: 2 -> 5 nodes");
    }

    @Test
    @DisplayName("trafficShift's changes (its plain result map) become the record's traffic changes, in time order")
    void trafficChanges() {
      // Given the sample's changes as trafficShift returns them: ShiftReport's plain map
      List<ChangeRecord> sample = SampleRelease.traffic();
      TrafficShiftState state = new TrafficShiftState("drain", List.of(), sample.get(0).before(), Map.of(), 0, TrafficShiftState.Phase.DONE,
          false, null, null, null, null, null, null, List.of(), 0, sample, List.of(), List.of(), sample.get(sample.size() - 1).after(), Map.of());
      ReleaseLedger ledger = new ReleaseLedger();
      // When
      ledger.add(StepOutcome.of("trafficShift", "seattle", "seattle", at(0, 0), at(41, 0), "succeeded", null, ShiftReport.outputs(state)));
      ReleaseRecord record = ledger.toRecord(ended(Result.SUCCEEDED));
      // Then
      assertThat(record.trafficChanges()).isEqualTo(sample);
      assertThat(record.stamps().get(0).phases().get(0).message()).isEqualTo("drain: 8 traffic changes");
      assertThat(record.notes()).isEmpty();
    }

    @Test
    @DisplayName("a traffic change that cannot be read is left out with a note, not thrown")
    void unreadableTrafficChange() {
      Map<String, Object> change = Map.of("time", at(1, 0).toString(), "provider", "f5-gtm", "before", Map.of("seattle", "enabled/0"),
          "after", Map.of("seattle", "off"), "actor", "carol", "reason", "drain");
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("trafficShift", "seattle", "seattle", at(0, 0), at(2, 0), "succeeded", null,
          Map.of("operation", "drain", "changes", List.of(change))));

      ReleaseRecord record = ledger.toRecord(ended(Result.SUCCEEDED));

      assertThat(record.trafficChanges()).isEmpty();
      assertThat(record.notes()).singleElement().asString().startsWith("trafficShift: a traffic change could not be read for the report");
    }
  }

  @Nested
  @DisplayName("the release's result")
  class ReleaseResult {
    @Test
    @DisplayName("is RUNNING while the build runs, even after a failed step, and has no finish time")
    void running() {
      ReleaseRecord record = pipeline().toRecord(ReleaseLedgerTest.running());
      assertThat(record.result()).isEqualTo(Result.RUNNING);
      assertThat(record.finished()).isNull();
    }

    @Test
    @DisplayName("is SUCCEEDED when every step succeeded, every gate approved and the build succeeded")
    void succeeded() {
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(6, 0), "succeeded", null, deployOutputs("app-1")));
      ledger.add(denverGate());
      assertThat(ledger.toRecord(ended(Result.SUCCEEDED)).result()).isEqualTo(Result.SUCCEEDED);
    }

    @Test
    @DisplayName("is FAILED when the build failed although every release step succeeded")
    void buildFailed() {
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(6, 0), "succeeded", null, deployOutputs("app-1")));
      assertThat(ledger.toRecord(ended(Result.FAILED)).result()).isEqualTo(Result.FAILED);
    }

    @Test
    @DisplayName("is FAILED after a rejected gate, which is shown with who rejected and why")
    void rejectedGate() {
      GatePolicy policy = new GatePolicy(Set.of("alice"), 1, Duration.ofHours(1), false);
      GateState s = Gates.answer(policy, GateState.open("denver", "carol", at(1, 0)),
          new Approval("alice", Set.of(), Approval.Decision.REJECT, at(2, 0), "error budget spent"));
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(GateOutcome.of(s, Gates.decide(policy, s, at(2, 0)), at(2, 0)));

      ReleaseRecord record = ledger.toRecord(ended(Result.SUCCEEDED));

      assertThat(record.result()).isEqualTo(Result.FAILED);
      assertThat(record.gates().get(0).decision()).isEqualTo("REJECTED");
      assertThat(record.notes()).containsExactly("gate after wave 1 (stampGate of denver): rejected by alice: error budget spent");
    }

    @Test
    @DisplayName("is HALTED when a step was cancelled (and none failed), and so is its stamp")
    void cancelled() {
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseScale", "seattle", "seattle", at(1, 0), at(2, 0), "cancelled", "stopped by the user", Map.of()));
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
      ReleaseLedger ledger = pipeline();
      List<ChangeRecord> sample = SampleRelease.traffic();
      TrafficShiftState state = new TrafficShiftState("restore", List.of(), sample.get(0).before(), Map.of(), 0, TrafficShiftState.Phase.DONE,
          false, null, null, null, null, null, null, List.of(), 0, sample.subList(0, 3), List.of(), List.of(), Map.of(), Map.of());
      ledger.add(StepOutcome.of("trafficShift", "seattle", "seattle", at(0, 0), at(12, 0), "succeeded", null, ShiftReport.outputs(state)));
      for (Build build : List.of(ReleaseLedgerTest.running(), ended(Result.FAILED))) {
        ReleaseRecord record = ledger.toRecord(build);
        // When
        ReleaseRecord back = ReleaseJson.parse(ReleaseJson.toJson(record), "release.json");
        // Then
        assertThat(back).isEqualTo(record);
      }
    }

    @Test
    @DisplayName("only the named outputs reach the record: a secret in a step's result map is in neither release.json nor the page")
    void onlyNamedOutputs() {
      ReleaseRecord record = pipeline().toRecord(ended(Result.FAILED));

      assertThat(ReleaseJson.toJson(record)).doesNotContain("s3cr3t-never-shown").doesNotContain("corr-1").doesNotContain("apiServer");
      assertThat(ReleaseReportHtml.render(record)).doesNotContain("s3cr3t-never-shown");
    }

    @Test
    @DisplayName("the page escapes what steps and people wrote: a stamp, a message and a comment with markup are shown, not run")
    void escaping() {
      ReleaseLedger ledger = new ReleaseLedger();
      ledger.add(StepOutcome.of("akseDeploy", "<script>alert(1)</script>", "hub", at(1, 0), at(2, 0), "failed",
          "template \"<img src=x onerror=alert(2)>\" refused", Map.of()));
      GatePolicy policy = new GatePolicy(Set.of("alice"), 1, Duration.ofHours(1), false);
      GateState s = Gates.answer(policy, GateState.open("denver", "carol", at(3, 0)),
          new Approval("alice", Set.of(), Approval.Decision.APPROVE, at(4, 0), "<b>ship</b> & go"));
      ledger.add(GateOutcome.of(s, Gates.decide(policy, s, at(4, 0)), at(4, 0)));

      String html = ReleaseReportHtml.render(ledger.toRecord(ended(Result.FAILED)));

      assertThat(html).doesNotContain("<script>alert", "<img src=x", "<b>ship</b>")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "&lt;b&gt;ship&lt;/b&gt; &amp; go");
    }
  }

  @Test
  @DisplayName("the ledger survives Java serialization and folds to the same record afterwards")
  void serializable() throws Exception {
    // Given
    ReleaseLedger ledger = pipeline();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ledger);
    }
    // When
    ReleaseLedger back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ReleaseLedger) in.readObject();
    }
    // Then
    assertThat(back.toRecord(ended(Result.FAILED))).isEqualTo(ledger.toRecord(ended(Result.FAILED)));
    assertThat(back.isEmpty()).isFalse();
    assertThat(new ReleaseLedger().isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a copy takes later additions without changing the original")
  void copy() {
    // Given
    ReleaseLedger original = new ReleaseLedger();
    original.add(StepOutcome.of("akseDeploy", "seattle", "seattle", at(1, 0), at(2, 0), "succeeded", null, Map.of()));
    // When
    ReleaseLedger copy = original.copy();
    copy.add(denverGate());
    copy.add(StepOutcome.of("akseDeploy", "denver", "denver", at(15, 0), at(16, 0), "succeeded", null, Map.of()));
    // Then
    assertThat(original.toRecord(ended(Result.SUCCEEDED)).stamps()).hasSize(1);
    assertThat(original.toRecord(ended(Result.SUCCEEDED)).gates()).isEmpty();
    assertThat(copy.toRecord(ended(Result.SUCCEEDED)).stamps()).hasSize(2);
    assertThat(copy.toRecord(ended(Result.SUCCEEDED)).gates()).hasSize(1);
  }

  @Test
  @DisplayName("a step without a start time (or one after its end) is a phase of no length at its end")
  void missingStart() {
    StepOutcome s = StepOutcome.of("akseScale", "seattle", "seattle", null, at(5, 0), "succeeded", null, Map.of());
    assertThat(s.start()).isEqualTo(at(5, 0));
    assertThat(s.message()).isEqualTo("succeeded");
    Instant later = at(9, 0);
    assertThat(StepOutcome.of("akseScale", "seattle", "seattle", later, at(5, 0), "succeeded", null, Map.of()).start()).isEqualTo(at(5, 0));
  }
}
