package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Verification;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.StampApps;
import io.stamprelease.testkit.arm.RequestJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("trafficShift against the simulated Traffic Manager and BIG-IP DNS")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrafficShiftSimulationTest {
  static final Duration SHORT_WAIT = Duration.ofMillis(50);
  static final Duration POLL = Duration.ofMillis(100);

  SimulatedCloud cloud;
  TrafficManagerProvider azure;
  F5GtmProvider f5;
  final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startCloud() throws Exception {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    cloud.hubs().forEach(StampApps::deployHealthy);
    Path dir = Files.createTempDirectory("shift-sim");
    HubsFile hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
    azure = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(), hubs.trafficManagerProfileId().orElseThrow());
    f5 = F5GtmProvider.of(hubs.gslb().orElseThrow(), null);
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void bothStampsServingHalfEach() throws IOException {
    for (TrafficProvider p : List.of(azure, f5)) {
      TrafficState s = p.read();
      p.apply(s, TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)), "test", "reset"));
      Await.until(p.type() + " both Online", Duration.ofSeconds(20), () -> serving(p, "seattle") && serving(p, "denver"));
    }
    armJournal().clear();
    cloud.gslb().journal().clear();
    progress.clear();
  }

  static boolean serving(TrafficProvider p, String stamp) {
    try {
      return p.read().endpoint(stamp).orElseThrow().serving();
    } catch (IOException e) {
      return false;
    }
  }

  RequestJournal armJournal() {
    return cloud.publicRegion().arm().journal();
  }

  TrafficShiftRequest request(TrafficProvider p, String operation, String weights, String stamp, String steps, Duration bake) {
    TrafficShiftInput input = new TrafficShiftInput().provider(p.type().value()).profile(p instanceof F5GtmProvider ? "/Common/"
        + SimulatedCloud.GSLB_POOL : cloud.trafficProfileId().orElseThrow()).steps(steps).bake(bake == null ? null : bake.toString())
        .waitOverride(SHORT_WAIT.toString()).actor("tester").reason("test " + operation);
    switch (operation) {
      case "set-weights" -> input.set(weights);
      case "drain" -> input.drain(stamp);
      case "restore" -> input.restore(stamp);
      default -> input.shiftTo(stamp);
    }
    return input.validate();
  }

  Outcome<TrafficShiftState> run(TrafficProvider p, TrafficShiftRequest r, Consumer<ProgressEvent> listener) throws IOException {
    ShiftPlan plan = TrafficShiftPlanner.plan(p, r);
    ShiftOptions options = new ShiftOptions(r.policy(), r.bake(), POLL, r.waitOverride(), HealthProbe.NONE, r.actor(), r.reason());
    Engine engine = Engine.system(e -> {
      progress.add(e.line());
      listener.accept(e);
    });
    var step = TrafficShiftStep.create(p, options, plan);
    return engine.run(step, engine.start(step, plan.initialState()), null, new Engine.Cancellation());
  }

  Outcome<TrafficShiftState> run(TrafficProvider p, TrafficShiftRequest r) throws IOException {
    return run(p, r, e -> { });
  }

  @Nested
  @DisplayName("drain and restore")
  class DrainRestore {
    @Test
    @DisplayName("Traffic Manager: drain disables seattle in one PUT, restore probes it at weight 1 and brings back weight 500")
    void trafficManager() throws Exception {
      drainThenRestore(azure);
      assertThat(armJournal().writes()).allSatisfy(w -> assertThat(w.method()).isEqualTo("PUT"));
    }

    @Test
    @DisplayName("F5 BIG-IP DNS: drain disables the seattle member, restore probes it at ratio 1 and brings back ratio 50")
    void f5() throws Exception {
      drainThenRestore(f5);
      assertThat(cloud.gslb().journal().writes()).allSatisfy(w -> assertThat(w.path()).contains("seattle-server:seattle-vs"));
    }

    private void drainThenRestore(TrafficProvider p) throws Exception {
      // When
      Outcome<TrafficShiftState> drained = run(p, request(p, "drain", null, "seattle", null, null));
      // Then
      assertThat(drained.status()).as(drained.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(p.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
      assertThat(drained.state().changes()).singleElement().satisfies(c -> {
        assertThat(c.before().get("seattle")).isEqualTo(EndpointSetting.enabled(500));
        assertThat(c.after().get("seattle")).isEqualTo(EndpointSetting.disabled(500));
        assertThat(c.actor()).isEqualTo("tester");
      });
      // When
      Outcome<TrafficShiftState> restored = run(p, request(p, "restore", null, "seattle", null, null));
      // Then
      assertThat(restored.status()).as(restored.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      TrafficState now = p.read();
      assertThat(now.endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.enabled(500));
      assertThat(now.endpoint("seattle").orElseThrow().monitor()).isEqualTo(MonitorStatus.Online);
      assertThat(restored.state().stepsTaken()).containsExactly("enable seattle at weight 1 for probing",
          "restore seattle to enabled/500");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> after = (Map<String, Map<String, Object>>) TrafficShiftResult.of("azure-traffic-manager", "profile",
          restored.state()).toPlainMap().get("after");
      assertThat(after.get("seattle")).containsEntry("percent", 50).containsEntry("monitor", "Online");
    }
  }

  @Test
  @DisplayName("a stamp going Degraded during the bake of a shift step reverts to the starting weights and fails naming it")
  void degradedDuringBakeReverts() throws Exception {
    // Given: a shift toward denver, and denver's app scaled to 0 as soon as the first bake starts
    AtomicInteger bakes = new AtomicInteger();
    Consumer<ProgressEvent> breakDenver = e -> {
      if (e.message().startsWith("dns-wait") && e.message().contains("baking") && bakes.getAndIncrement() == 0) {
        StampApps.scale(cloud.hub("denver"), 0);
      }
    };
    try {
      // When
      Outcome<TrafficShiftState> outcome = run(azure, request(azure, "shift", null, "denver", "60,100", Duration.ofSeconds(30)), breakDenver);
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).contains("denver went Degraded during the bake of 'denver 60%'", "weights were reverted to the start");
      assertThat(azure.read().settings()).isEqualTo(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)));
      assertThat(outcome.state().stepsTaken()).containsExactly("denver 60%", "revert to start");
      assertThat(outcome.state().changes()).hasSize(2);
      assertThat(armJournal().writes()).hasSize(2);
    } finally {
      StampApps.scale(cloud.hub("denver"), 2);
    }
  }

  @Nested
  @DisplayName("a Traffic Manager profile without ETag (the 2022-04-01 shape)")
  class WithoutEtag {
    @BeforeEach
    void noEtags() {
      cloud.publicRegion().trafficManager().etags(false);
    }

    @org.junit.jupiter.api.AfterEach
    void etagsBack() {
      cloud.publicRegion().trafficManager().etags(true);
    }

    @Test
    @DisplayName("drain and restore work by read-compare-write, and the apply line says so")
    void drainAndRestore() throws Exception {
      // When
      Outcome<TrafficShiftState> drained = run(azure, request(azure, "drain", null, "seattle", null, null));
      // Then
      assertThat(drained.status()).as(drained.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(azure.read().etag()).isNull();
      assertThat(azure.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
      assertThat(progress).anyMatch(l -> l.contains("no ETag on this profile: read-compare-write, read again before the write and after it"));
      assertThat(armJournal().writes()).hasSize(1).allSatisfy(w -> assertThat(w.method()).isEqualTo("PUT"));
      Outcome<TrafficShiftState> restored = run(azure, request(azure, "restore", null, "seattle", null, null));
      assertThat(restored.status()).as(restored.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(azure.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.enabled(500));
    }

    @Test
    @DisplayName("a profile changed since it was judged is refused as a conflict before anything is written")
    void changedSinceRead() throws Exception {
      // Given a state judged, then someone else's change
      TrafficState judged = azure.read();
      azure.apply(azure.read(), TrafficChange.of(Map.of("denver", EndpointSetting.enabled(700)), "someone", "else"));
      armJournal().clear();
      // When / Then
      assertThatThrownBy(() -> azure.apply(judged, TrafficChange.of(Map.of("seattle", EndpointSetting.disabled(500)), "tester", "t")))
          .isInstanceOf(io.stamprelease.core.engine.ConflictException.class)
          .hasMessageContaining("changed since it was read (it has no ETag, so the write is read-compare-write")
          .hasMessageContaining("denver was enabled/500, is enabled/700");
      assertThat(armJournal().writes()).isEmpty();
    }

    @Test
    @DisplayName("endpoint names are matched case-insensitively, as ARM matches names")
    void caseInsensitiveNames() throws Exception {
      // When
      TrafficState after = azure.apply(azure.read(), TrafficChange.of(Map.of("SEATTLE", EndpointSetting.enabled(300)), "tester", "t"));
      // Then
      assertThat(after.endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.enabled(300));
    }
  }

  @Nested
  @DisplayName("concurrent modification")
  class Concurrent {
    @Test
    @DisplayName("a profile changed between read and PUT is refused with 412, re-read and applied on the new ETag")
    void conflictOnceIsRetried() throws Exception {
      // Given: someone else edits the profile just before our first PUT
      TrafficProvider racing = interfering(azure, 1);
      // When
      Outcome<TrafficShiftState> outcome = run(racing, request(azure, "set-weights", "seattle=70,denver=30", null, null, null));
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(armJournal().entries()).anySatisfy(e -> assertThat(e.status()).isEqualTo(412));
      assertThat(progress).anySatisfy(l -> assertThat(l).contains("concurrent change detected",
          "someone else changed Traffic Manager profile " + SimulatedCloud.TRAFFIC_PROFILE));
      assertThat(azure.read().settings()).containsEntry("seattle", EndpointSetting.enabled(700)).containsEntry("denver", EndpointSetting.enabled(300));
    }

    @Test
    @DisplayName("a profile that keeps changing gives up after a bounded number of re-reads and says why")
    void conflictForever() throws Exception {
      // Given
      TrafficProvider racing = interfering(azure, Integer.MAX_VALUE);
      // When
      Outcome<TrafficShiftState> outcome = run(racing, request(azure, "set-weights", "seattle=70,denver=30", null, null, null));
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).contains("gave up after 5 concurrent modifications", "someone else changed Traffic Manager profile");
    }

    @Test
    @DisplayName("F5: a pool whose generation moved since the read is refused before any PATCH and re-read")
    void f5Generation() throws Exception {
      // Given
      TrafficProvider racing = interfering(f5, 1);
      // When
      Outcome<TrafficShiftState> outcome = run(racing, request(f5, "set-weights", "seattle=70,denver=30", null, null, null));
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(progress).anySatisfy(l -> assertThat(l).contains("someone else changed F5 pool /Common/stamp-release-app"));
      assertThat(f5.read().settings()).containsEntry("seattle", EndpointSetting.enabled(700));
    }

    /** Before each of its first {@code times} applies, someone else moves denver's weight by one. */
    private TrafficProvider interfering(TrafficProvider delegate, int times) {
      AtomicInteger left = new AtomicInteger(times);
      return new TrafficProvider() {
        @Override
        public io.stamprelease.core.traffic.ProviderType type() {
          return delegate.type();
        }

        @Override
        public TrafficState read() throws IOException {
          return delegate.read();
        }

        @Override
        public TrafficState apply(TrafficState expected, TrafficChange change) throws IOException {
          if (left.getAndDecrement() > 0) {
            TrafficState now = delegate.read();
            int w = now.endpoint("denver").orElseThrow().weight();
            delegate.apply(now, TrafficChange.of(Map.of("denver", EndpointSetting.enabled(w == 500 ? 490 : 500)), "someone", "racing"));
          }
          return delegate.apply(expected, change);
        }

        @Override
        public Verification verify(TrafficChange change) throws IOException {
          return delegate.verify(change);
        }
      };
    }
  }

  @Test
  @DisplayName("429 and 5xx answers are survived: Traffic Manager through ARM's retries, F5 through the engine's backoff")
  void transientErrors() throws Exception {
    // Given
    cloud.publicRegion().arm().faults().throttle("trafficmanagerprofiles", 2, 0).serverErrors("put /subscriptions", 1, 503);
    // (the pre-flight read is outside the engine, so the F5 faults hit the writes)
    cloud.gslb().faults().throttle("patch /mgmt/tm/gtm/pool", 1, 0).serverErrors("patch /mgmt/tm/gtm/pool", 1, 503);
    // When
    Outcome<TrafficShiftState> tm = run(azure, request(azure, "set-weights", "seattle=60,denver=40", null, null, null));
    Outcome<TrafficShiftState> gtm = run(f5, request(f5, "set-weights", "seattle=60,denver=40", null, null, null));
    // Then
    assertThat(tm.status()).as(tm.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(gtm.status()).as(gtm.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(armJournal().entries()).anySatisfy(e -> assertThat(e.status()).isEqualTo(429)).anySatisfy(e -> assertThat(e.status()).isEqualTo(503));
    assertThat(progress).anySatisfy(l -> assertThat(l).contains("transient error", "answered 503"));
    assertThat(f5.read().settings()).containsEntry("seattle", EndpointSetting.enabled(600));
  }

  @Nested
  @DisplayName("DNS waits")
  class Waits {
    @Test
    @DisplayName("the wait is computed from the profile read: TTL 30s + 30s × (3 + 1) + 10s timeout for Traffic Manager")
    void computedFromProfile() throws Exception {
      assertThat(DnsWaits.afterEnableOrDisable(azure.read().timing()).describe())
          .isEqualTo("waiting 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout");
      assertThat(DnsWaits.afterWeightChange(azure.read().timing()).describe()).isEqualTo("waiting 30s = TTL 30s");
      assertThat(DnsWaits.afterEnableOrDisable(f5.read().timing()).describe())
          .isEqualTo("waiting 3m = TTL 30s + 30s × (0 + 1) + 2m timeout");
    }

    @Test
    @DisplayName("an override replaces the wait and the log still prints the profile's formula")
    void overridden() throws Exception {
      // When
      Outcome<TrafficShiftState> outcome = run(azure, request(azure, "drain", null, "denver", null, null));
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(outcome.state().waits()).singleElement().asString()
          .contains("waiting 0.05s = 0.05s (user override; DNS timing gives 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout)");
      assertThat(progress).anySatisfy(l -> assertThat(l).contains("TTL 30s + 30s × (3 + 1) + 10s timeout"));
    }
  }

  @Test
  @DisplayName("draining the last healthy stamp is refused in the pre-flight with zero writes")
  void lastHealthyRefused() throws Exception {
    // Given: denver disabled, seattle the only serving endpoint
    azure.apply(azure.read(), TrafficChange.of(Map.of("denver", EndpointSetting.disabled(500)), "test", "setup"));
    armJournal().clear();
    // When / Then
    assertThatThrownBy(() -> TrafficShiftPlanner.plan(azure, request(azure, "drain", null, "seattle", null, null)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("never drain the last healthy endpoint")
        .hasMessageContaining("nothing was written");
    assertThat(armJournal().writes()).isEmpty();
  }

  @Test
  @DisplayName("the run's state survives Java serialization at every checkpoint (what Jenkins persists)")
  void stateIsSerializable() throws Exception {
    // When
    Outcome<TrafficShiftState> outcome = run(f5, request(f5, "drain", null, "denver", null, null));
    // Then
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(outcome.state());
    }
    assertThat(outcome.state().changes()).hasSize(1);
  }
}
