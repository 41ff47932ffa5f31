package io.stamprelease.core.release;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.TrafficChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

import static io.stamprelease.core.release.FakeTraffic.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("a stamp's procedure (drain, rollout, restore) against a fake traffic provider and a fake rollout, on a fake clock")
class StampProcedureTest {
  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  static final ReleasePlan PLAN = new ReleasePlan("web", new ReleasePlan.App("web", "apps", "oci://registry.example/charts/web", "2.0.0",
      List.of(), Map.of(), "/healthz"), List.of(new ReleasePlan.Stamp("seattle", "seattle", "seattle", "hub-seattle"),
      new ReleasePlan.Stamp("denver", "denver", "denver", "hub-denver")),
      List.of(new ReleasePlan.Wave("one", List.of("seattle", "denver"), 1, null)),
      new ReleasePlan.Traffic(io.stamprelease.core.traffic.ProviderType.AZURE_TRAFFIC_MANAGER, FakeTraffic.PROFILE, List.of(10, 50, 100), Duration.ofSeconds(30)), 1);
  static final StampTarget SEATTLE = new StampTarget("seattle", "seattle", "apiVersion: v1\nclusters: [{name: fake}]\n", null, null);

  @TempDir
  Path dir;
  FakeTraffic traffic;
  FakeRollout rollout;
  ReleaseStateStore store;
  MovingClock clock;
  Engine.Cancellation cancellation;
  List<String> lines;

  /** A clock that moves only when someone waits: every engine wait is instant. Armed, it kills the run at its n-th reading. */
  static final class MovingClock extends Clock {
    Instant now = T0;
    int readings;
    int killAt = -1;
    Runnable onReading = () -> { };

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      if (++readings == killAt) {
        throw new Killed();
      }
      onReading.run();
      return now;
    }

    synchronized void advanceTo(Instant when) {
      now = when.isAfter(now) ? when : now;
    }
  }

  /** The process dies where it stands: nothing of the run catches an Error, and only what the state file holds survives. */
  static final class Killed extends Error {
    Killed() {
      super("killed", null, false, false);
    }
  }

  /** A rollout that journals the phases a real one goes through and ends as told; it counts its calls. */
  static final class FakeRollout implements StampRollout {
    final AtomicInteger calls = new AtomicInteger();
    boolean crash;
    Runnable during = () -> { };

    @Override
    public Outcome<HelmRolloutState> run(io.stamprelease.core.steps.helmrollout.HelmRolloutRequest request, Engine engine,
        Checkpoint<HelmRolloutState> from, String stamp, Engine.Cancellation cancellation, java.util.function.Consumer<Checkpoint<HelmRolloutState>> journal) {
      calls.incrementAndGet();
      List<HelmRolloutState.Phase> phases = crash
          ? List.of(HelmRolloutState.Phase.PLANNED, HelmRolloutState.Phase.SUBMITTED, HelmRolloutState.Phase.FAILED,
              HelmRolloutState.Phase.ROLLBACK_SUBMITTED, HelmRolloutState.Phase.ROLLED_BACK)
          : List.of(HelmRolloutState.Phase.PLANNED, HelmRolloutState.Phase.SUBMITTED, HelmRolloutState.Phase.VERIFIED,
              HelmRolloutState.Phase.SUCCEEDED);
      HelmRolloutState last = null;
      for (int i = 0; i < phases.size(); i++) {
        last = state(phases.get(i));
        journal.accept(new Checkpoint<>(i, last, T0.plusSeconds(600), 0, 0, T0, Map.of()));
        during.run();
        if (cancellation.isCancelled()) {
          return new Outcome<>(Outcome.Status.CANCELLED, last, "cancelled", Map.of(), Duration.ZERO);
        }
      }
      return crash ? new Outcome<>(Outcome.Status.FAILED, last, "rollout of web revision 8 failed and was rolled back to revision 7 (new "
          + "revision 9): pod web-1: CrashLoopBackOff", Map.of(), Duration.ZERO)
          : new Outcome<>(Outcome.Status.SUCCEEDED, last, "web revision 8 rolled out", Map.of(), Duration.ZERO);
    }

    private HelmRolloutState state(HelmRolloutState.Phase phase) {
      boolean failed = crash && phase.ordinal() >= HelmRolloutState.Phase.FAILED.ordinal();
      return new HelmRolloutState("web", "apps", phase, T0, T0.plusSeconds(600), 7, 7, 8,
          phase == HelmRolloutState.Phase.ROLLED_BACK || phase == HelmRolloutState.Phase.ROLLBACK_SUBMITTED ? 9 : null, "web", "2.0.0",
          List.of("registry.example/web:2.0.0"), List.of(), failed ? List.of("pod web-1: CrashLoopBackOff") : List.of(), 0, null, null, null);
    }
  }

  @BeforeEach
  void world() {
    traffic = new FakeTraffic(endpoint("seattle", true, 500), endpoint("denver", true, 500));
    rollout = new FakeRollout();
    clock = new MovingClock();
    cancellation = new Engine.Cancellation();
    lines = new ArrayList<>();
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    store = new ReleaseStateStore(file, ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test", T0));
  }

  ReleaseContext context() {
    return context(store);
  }

  ReleaseContext context(ReleaseStateStore store) {
    Sleeper instant = (when, cancelled) -> clock.advanceTo(when);
    ReleaseListener listener = new ReleaseListener() {
      @Override
      public void stampChanged(StampStatus status) {
      }

      @Override
      public void line(String message) {
        lines.add(message);
      }
    };
    return new ReleaseContext(PLAN, dir, traffic, FakeTraffic.PROFILE, ReleaseOptions.defaults(), store, listener, clock, instant, cancellation,
        rollout, target -> Map.of("agentpool1", 3));
  }

  StampPhase phase() {
    return progress().phase;
  }

  ReleaseState.StampProgress progress() {
    return store.read(s -> s.stamps.get("seattle"));
  }

  StampRecord seattle() {
    return store.record().stamps().get(0);
  }

  List<Map<String, EndpointSetting>> sent() {
    return traffic.sent.stream().map(TrafficChange::desired).toList();
  }

  @Test
  @DisplayName("a healthy stamp is drained, rolled out and restored in the plan's steps to the weight it had")
  void healthy() {
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(phase()).isEqualTo(StampPhase.SUCCEEDED);
    assertThat(sent()).containsExactly(Map.of("seattle", EndpointSetting.disabled(500)), Map.of("seattle", EndpointSetting.enabled(1)),
        Map.of("seattle", EndpointSetting.enabled(50)), Map.of("seattle", EndpointSetting.enabled(250)), Map.of("seattle",
            EndpointSetting.enabled(500)));
    assertThat(seattle().phases()).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactly(
        org.assertj.core.groups.Tuple.tuple("drain", ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("rollout",
            ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("restore", ReleaseRecord.Result.SUCCEEDED));
    assertThat(seattle().result()).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
    assertThat(seattle().chart()).isEqualTo("web");
    assertThat(seattle().nodeCounts()).isEqualTo(Map.of("agentpool1", 3));
    assertThat(store.record().trafficChanges()).as("every change sent, as the report shows it").hasSize(5);
    assertThat(progress().helmRevision).isEqualTo(8);
    assertThat(lines).contains("seattle: released: revision 8, traffic restored to enabled/500");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("killed at any moment (before each write of the state file and each traffic change of a whole run, in turn), a re-run from "
      + "the state file ends as an unkilled run does (released, or failed and rolled back), each report lane once, the traffic as it should be")
  void killedAnywhere(boolean crashing) throws Exception {
    // Given a whole run, and the clock readings at which what a kill would leave changed (the state file, or the traffic sent)
    rollout.crash = crashing;
    List<String> seen = new ArrayList<>();
    clock.onReading = () -> seen.add(leftByAKill());
    new StampProcedure(context(), "seattle", SEATTLE).run();
    StampPhase end = crashing ? StampPhase.FAILED : StampPhase.SUCCEEDED;
    List<org.assertj.core.groups.Tuple> lanes = crashing
        ? List.of(org.assertj.core.groups.Tuple.tuple("drain", ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("rollout",
            ReleaseRecord.Result.FAILED), org.assertj.core.groups.Tuple.tuple("rollback", ReleaseRecord.Result.SUCCEEDED))
        : List.of(org.assertj.core.groups.Tuple.tuple("drain", ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("rollout",
            ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("restore", ReleaseRecord.Result.SUCCEEDED));
    EndpointSetting traffics = crashing ? EndpointSetting.disabled(500) : EndpointSetting.enabled(500);
    assertThat(phase()).isEqualTo(end);
    assertThat(seattle().phases()).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactlyElementsOf(lanes);
    List<Integer> killPoints = new ArrayList<>();
    for (int reading = 1; reading <= seen.size(); reading++) {
      if (reading == 1 || !seen.get(reading - 1).equals(seen.get(reading - 2))) {
        killPoints.add(reading);
      }
    }
    assertThat(killPoints).as("a kill point per state write and traffic change").hasSizeGreaterThan(10);
    for (int killAt : killPoints) {
      // When a fresh run is killed at that reading, and run again from what the state file holds
      Files.deleteIfExists(store.file().path()); // a fresh release (prepare would continue the file's)
      world();
      rollout.crash = crashing;
      store.update(s -> s.waves.get("one").phase = WavePhase.RUNNING); // as ReleaseRun has it while its stamps run
      clock.killAt = killAt;
      try {
        new StampProcedure(context(), "seattle", SEATTLE).run();
      } catch (Killed expected) {
        // the process died here
      }
      clock.killAt = -1;
      ReleaseStateStore after = new ReleaseStateStore(store.file(), store.file().read());
      new StampProcedure(context(after), "seattle", SEATTLE).run();
      // Then
      ReleaseState.StampProgress seattle = after.read(s -> s.stamps.get("seattle"));
      assertThat(seattle.phase).as("killed at clock reading %d: %s", killAt, seattle.message).isEqualTo(end);
      assertThat(after.record().stamps().get(0).phases()).as("killed at clock reading %d", killAt).extracting(PhaseRecord::phase, PhaseRecord::result)
          .containsExactlyElementsOf(lanes);
      assertThat(traffic.read().endpoint("seattle").orElseThrow().setting()).as("killed at clock reading %d", killAt).isEqualTo(traffics);
    }
  }

  /** What survives a kill now: the state file's content and the traffic changes sent. */
  String leftByAKill() {
    try {
      Path file = store.file().path();
      return (Files.exists(file) ? Files.readString(file) : "") + "|" + traffic.sent.size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("a crashing rollout is rolled back; the stamp fails and stays drained, with the pods' reason and a rollback phase")
  void rolledBack() {
    // Given
    rollout.crash = true;
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(phase()).isEqualTo(StampPhase.FAILED);
    assertThat(traffic.endpoint("seattle").enabled()).as("stays drained").isFalse();
    assertThat(sent()).hasSize(1);
    assertThat(seattle().phases()).extracting(PhaseRecord::phase, PhaseRecord::result).containsExactly(
        org.assertj.core.groups.Tuple.tuple("drain", ReleaseRecord.Result.SUCCEEDED), org.assertj.core.groups.Tuple.tuple("rollout",
            ReleaseRecord.Result.FAILED), org.assertj.core.groups.Tuple.tuple("rollback", ReleaseRecord.Result.SUCCEEDED));
    assertThat(seattle().result()).isEqualTo(ReleaseRecord.Result.FAILED);
    assertThat(seattle().failureReasons()).anySatisfy(r -> assertThat(r).contains("CrashLoopBackOff"));
    assertThat(progress().rolledBackToRevision).isEqualTo(7);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("seattle FAILED: ").endsWith("; seattle stays drained"));
  }

  @Test
  @DisplayName("killed half-way through the restore, a re-run goes on up from the weight the stamp has, to the weight it had")
  void resumesTheRestore() {
    // Given: the restore got to 10 % (weight 50) before the process died, and had not journaled its next plan
    traffic = new FakeTraffic(endpoint("seattle", true, 50), endpoint("denver", true, 500));
    store.update(s -> {
      s.stamps.get("seattle").phase = StampPhase.RESTORING;
      s.stamps.get("seattle").restoreTo = EndpointSetting.enabled(500);
      s.stamps.get("seattle").nodesCounted = true;
    });
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(sent()).containsExactly(Map.of("seattle", EndpointSetting.enabled(250)), Map.of("seattle", EndpointSetting.enabled(500)));
    assertThat(rollout.calls).hasValue(0);
    assertThat(phase()).isEqualTo(StampPhase.SUCCEEDED);
  }

  @Test
  @DisplayName("a stamp found drained already (a drain sent before a crash, not journaled) is not drained again")
  void alreadyDrained() {
    // Given
    traffic = new FakeTraffic(endpoint("seattle", false, 500), endpoint("denver", true, 500));
    store.update(s -> {
      s.stamps.get("seattle").phase = StampPhase.DRAINING;
      s.stamps.get("seattle").restoreTo = EndpointSetting.enabled(500);
    });
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(sent().get(0)).as("the first write is the restore's probe, not a drain").isEqualTo(Map.of("seattle", EndpointSetting.enabled(1)));
    assertThat(rollout.calls).hasValue(1);
    assertThat(seattle().phases().get(0).message()).isEqualTo("seattle is already drained (disabled); nothing sent");
  }

  @Test
  @DisplayName("a drain of the last serving endpoint is refused by the guardrails: nothing is written, nothing is rolled out")
  void lastServingEndpoint() {
    // Given
    traffic = new FakeTraffic(endpoint("seattle", true, 500), endpoint("denver", false, 500));
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(traffic.sent).isEmpty();
    assertThat(rollout.calls).hasValue(0);
    assertThat(phase()).isEqualTo(StampPhase.FAILED);
    assertThat(seattle().phases()).singleElement().satisfies(p -> {
      assertThat(p.phase()).isEqualTo("drain");
      assertThat(p.message()).contains("refused by guardrails");
    });
  }

  @Test
  @DisplayName("cancelled during the rollout, the stamp keeps its phase and checkpoint; a re-run continues the rollout from it")
  void cancelledAndContinued() {
    // Given
    rollout.during = () -> {
      if (rollout.calls.get() == 1 && store.read(s -> s.stamps.get("seattle").checkpoint) != null) {
        cancellation.cancel();
      }
    };
    // When
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(phase()).isEqualTo(StampPhase.ROLLING_OUT);
    assertThat(progress().checkpoint).isNotNull();
    assertThat(seattle().phases()).extracting(PhaseRecord::phase, PhaseRecord::end).last().isEqualTo(
        org.assertj.core.groups.Tuple.tuple("rollout", null));

    // When the next run starts with a fresh cancellation
    cancellation = new Engine.Cancellation();
    rollout.during = () -> { };
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // Then
    assertThat(rollout.calls).hasValue(2);
    assertThat(phase()).isEqualTo(StampPhase.SUCCEEDED);
    assertThat(sent()).as("one drain in all").filteredOn(c -> c.equals(Map.of("seattle", EndpointSetting.disabled(500)))).hasSize(1);
  }

  @Test
  @DisplayName("the state file read back holds the same record: phases, node counts and traffic changes survive a crash")
  void stateFileKeepsTheRecord() {
    // Given
    new StampProcedure(context(), "seattle", SEATTLE).run();
    // When
    ReleaseState read = store.file().read();
    // Then
    assertThat(read.toRecord()).isEqualTo(store.record());
  }
}
