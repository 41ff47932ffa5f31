package io.stamprelease.core.release;

import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.stampgate.GateDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.stamprelease.core.release.FakeTraffic.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a release run: waves, the blast-radius budget and the gates, with fake stamps")
class ReleaseRunTest {
  static final ReleasePlan.Gate ALICE = new ReleasePlan.Gate(List.of("alice"), 1, Duration.ofHours(1), false);

  @TempDir
  Path dir;

  static ReleasePlan plan(int maxFailed) {
    return new ReleasePlan("web", StampProcedureTest.PLAN.app(), List.of(new ReleasePlan.Stamp("seattle", "seattle", "seattle", "hub-seattle"),
        new ReleasePlan.Stamp("denver", "denver", "denver", "hub-denver"), new ReleasePlan.Stamp("austin", "austin", "austin", "hub-austin")),
        List.of(new ReleasePlan.Wave("canary", List.of("seattle"), 1, ALICE), new ReleasePlan.Wave("rest", List.of("denver", "austin"), 1, null)),
        StampProcedureTest.PLAN.traffic(), maxFailed);
  }

  record Run(ReleaseState state, List<ReleaseRecord> published, List<String> lines) {
  }

  Run run(ReleasePlan plan, StampProcedureTest.FakeRollout rollout, GateAnswers answers) {
    FakeTraffic traffic = new FakeTraffic(endpoint("seattle", true, 300), endpoint("denver", true, 300), endpoint("austin", true, 400));
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    ReleaseStateStore store = new ReleaseStateStore(file, ReleaseStart.prepare(plan, "stamps.yaml", "sha256:1", file, "carol", null, "test",
        StampProcedureTest.T0));
    StampProcedureTest.MovingClock clock = new StampProcedureTest.MovingClock();
    List<String> lines = new ArrayList<>();
    ReleaseListener listener = new ReleaseListener() {
      @Override
      public void stampChanged(StampStatus status) {
      }

      @Override
      public void line(String message) {
        lines.add(message);
      }
    };
    ReleaseContext ctx = new ReleaseContext(plan, dir, traffic, FakeTraffic.PROFILE, ReleaseOptions.defaults(), store, listener, clock,
        (when, cancelled) -> clock.advanceTo(when), new Engine.Cancellation(), rollout, t -> Map.of());
    Map<String, StampTarget> targets = Map.of("seattle", target("seattle"), "denver", target("denver"), "austin", target("austin"));
    List<ReleaseRecord> published = new ArrayList<>();
    return new Run(new ReleaseRun(ctx, targets, answers, published::add).run(), published, lines);
  }

  static StampTarget target(String stamp) {
    return new StampTarget(stamp, stamp, "apiVersion: v1\nclusters: [{name: fake}]\n", null, null);
  }

  @Test
  @DisplayName("with every stamp healthy and the gate auto-approved, every wave runs and the release succeeds")
  void succeeds() {
    Run r = run(plan(1), new StampProcedureTest.FakeRollout(), GateAnswers.AUTO_APPROVE);
    assertThat(r.state().result).as(String.join("\n", r.lines())).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(r.state().stamps.values()).extracting(s -> s.phase).containsOnly(StampPhase.SUCCEEDED);
    assertThat(r.state().waves.get("canary").gateDecision).isEqualTo(GateDecision.Status.APPROVED);
    assertThat(r.lines()).contains("wave canary done", "wave rest done");
    assertThat(r.published()).last().satisfies(record -> assertThat(record.gates()).singleElement()
        .satisfies(g -> assertThat(g.approvals()).singleElement().satisfies(a -> assertThat(a.user()).isEqualTo("auto-approve (carol)"))));
  }

  @Test
  @DisplayName("the first failed stamp spends a budget of one: the release halts and the later wave is frozen, not started")
  void halts() {
    StampProcedureTest.FakeRollout crashing = new StampProcedureTest.FakeRollout();
    crashing.crash = true;
    Run r = run(plan(1), crashing, GateAnswers.AUTO_APPROVE);
    assertThat(r.state().result).isEqualTo(ReleaseRecord.Result.HALTED);
    assertThat(r.state().stamps.get("seattle").phase).isEqualTo(StampPhase.FAILED);
    assertThat(r.state().stamps.get("denver").phase).isEqualTo(StampPhase.FROZEN);
    assertThat(r.state().waves.get("rest").phase).isEqualTo(WavePhase.FROZEN);
    assertThat(crashing.calls).hasValue(1);
    assertThat(r.state().toRecord().stamps()).extracting(ReleaseRecord.StampRecord::result).containsExactly(ReleaseRecord.Result.FAILED, ReleaseRecord.Result.HALTED,
        ReleaseRecord.Result.HALTED);
  }

  @Test
  @DisplayName("a gate nobody answers leaves the release RUNNING and saved at the gate, with the open gate in the record")
  void gateWaits() {
    Run r = run(plan(1), new StampProcedureTest.FakeRollout(), GateAnswers.NONE);
    assertThat(r.state().result).isEqualTo(ReleaseRecord.Result.RUNNING);
    assertThat(r.state().waves.get("canary").phase).isEqualTo(WavePhase.GATE);
    assertThat(r.state().message).contains("gate of wave canary is waiting");
    assertThat(r.state().toRecord().gates()).singleElement().satisfies(g -> {
      assertThat(g.closed()).isNull();
      assertThat(g.decision()).isEqualTo("PENDING");
    });
    assertThat(r.state().stamps.get("denver").phase).isEqualTo(StampPhase.PENDING);
  }
}
