package io.stamprelease.plugin.offline;

import hudson.AbortException;
import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Run;
import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.trafficshift.Operation;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftRequest;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.PlannedStep;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.hubs.AgentGslb;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.GslbEntry;
import io.stamprelease.plugin.traffic.TrafficShiftArgs;
import io.stamprelease.plugin.traffic.TrafficShiftCallable;
import io.stamprelease.plugin.traffic.TrafficShiftExecution;
import io.stamprelease.plugin.traffic.TrafficShiftStep;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.StampApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code trafficShift} without Jenkins: arguments judged as the controller judges them, the agent callable run visit
 * after visit against the simulated Traffic Manager and BIG-IP DNS, each visit fed the serialized checkpoint of a
 * serialized execution (what a controller restart does). The calls are those of docs/steps/trafficShift.md (whose
 * examples StepDocsExamplesTest runs as written); the drain's console is compared with the page's.
 */
@DisplayName("trafficShift step (offline: the agent callable against the simulated Traffic Manager and BIG-IP DNS)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrafficShiftStepTest {
  static final Path DOC = Path.of("..", "docs", "steps", "trafficShift.md");
  static final String HUB = "public-azure";
  static final String GSLB = "lab-bigip";
  static final String BUILD = "stamp-release/traffic#7";

  SimulatedCloud cloud;
  HubsFile hubs;
  TrafficManagerProvider azure;
  F5GtmProvider f5;

  @BeforeAll
  void startCloud(@TempDir Path config) throws Exception {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    cloud.hubs().forEach(StampApps::deployHealthy);
    hubs = HubsFile.load(cloud.writeConfig(config).hubsYaml(), Map.of());
    azure = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(), cloud.trafficProfileId().orElseThrow());
    f5 = F5GtmProvider.of(hubs.gslb().orElseThrow(), null);
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void bothStampsServingHalfEach() throws Exception {
    for (TrafficProvider p : List.of(azure, f5)) {
      p.apply(p.read(), TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)), "test", "reset"));
      Await.until(p.type().value() + ": both stamps serving", Duration.ofSeconds(20), () -> p.read().serving().size() == 2);
    }
    cloud.publicRegion().arm().journal().clear();
    cloud.gslb().journal().clear();
  }

  /** Writes to Traffic Manager's ARM and to the BIG-IP (its token login changes nothing). */
  long writes() {
    return cloud.publicRegion().arm().journal().writes().size()
        + cloud.gslb().journal().writes().stream().filter(w -> !w.path().equals("/mgmt/shared/authn/login")).count();
  }

  /** The public-Azure hub as the controller ships it: plain values, the client secret as char[], API profile latest. */
  AgentHub publicAzure() throws IOException {
    HubSpec spec = hubs.publicAzure().orElseThrow();
    return AgentHubs.of(HUB, spec, ApiProfile.PUBLIC_AZURE);
  }

  /** The BIG-IP as the controller ships it: the username/password credential's values, the CA as PEM text. */
  AgentGslb labBigip() throws IOException {
    GslbSpec spec = hubs.gslb().orElseThrow();
    return new AgentGslb(GSLB, spec.url().toString(), spec.username(), cloud.gslbPassword().toCharArray(), spec.pool(),
        Files.readString(spec.caFile()));
  }

  String tmSecret() {
    return hubs.publicAzure().orElseThrow().clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET);
  }

  /** The doc's Traffic Manager call: hub public-azure, the simulator's profile, short DNS waits. */
  TrafficShiftStep trafficManager() {
    TrafficShiftStep step = new TrafficShiftStep("azure-traffic-manager");
    step.setHub(HUB);
    step.setProfile(cloud.trafficProfileId().orElseThrow());
    step.setWait("1s");
    step.setPoll("200ms");
    return step;
  }

  /** The doc's BIG-IP call: GSLB lab-bigip and its default pool, short DNS waits. */
  static TrafficShiftStep bigIp() {
    TrafficShiftStep step = new TrafficShiftStep("f5-gtm");
    step.setGslb(GSLB);
    step.setWait("1s");
    step.setPoll("200ms");
    return step;
  }

  /** Judged as the controller does, in a build alice started. */
  static TrafficShiftArgs args(TrafficShiftStep step) throws Exception {
    return step.args(List.of(HUB), List.of(GSLB)).forBuild("alice", BUILD);
  }

  /** What one run of the step left behind. */
  record StepRun(FakeStepContext context, int visits, String console, Path workspace) {
    @SuppressWarnings("unchecked")
    Map<String, Object> result() {
      return (Map<String, Object>) context.result();
    }
  }

  /**
   * Runs the step as its execution would: each visit deserializes the execution saved after the previous one (as
   * after a controller restart), builds a fresh callable from its checkpoint, and waits for the visit time the
   * execution asked for (never earlier).
   */
  StepRun run(TrafficShiftArgs args, Path tmp) throws Exception {
    Path workspace = Files.createDirectories(tmp.resolve("ws"));
    RecordingListener console = new RecordingListener();
    AtomicReference<TrafficShiftExecution> execution = new AtomicReference<>(new TrafficShiftExecution(new FakeStepContext(), args));
    AtomicReference<Instant> nextVisit = new AtomicReference<>(Instant.EPOCH);
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicInteger visits = new AtomicInteger();
    Await.until("trafficShift to finish", Duration.ofSeconds(90), () -> {
      if (Instant.now().isBefore(nextVisit.get())) {
        return false;
      }
      try {
        TrafficShiftExecution restored = Serialization.roundTrip(execution.get());
        execution.set(restored);
        Checkpoint<TrafficShiftState> from = restored.checkpoint();
        TrafficShiftCallable callable = new TrafficShiftCallable(restored.args(), args.f5() ? null : publicAzure(), args.f5() ? labBigip() : null,
            from, console);
        assertThat(Serialization.roundTrip(callable)).as("the callable crosses to the agent").isNotNull();
        AgentResult<TrafficShiftState> result = RemotingChannel.call(callable, workspace.toFile());
        visits.incrementAndGet();
        Optional<Duration> wait = restored.accept(Serialization.roundTrip(result));
        nextVisit.set(Instant.now().plus(wait.orElse(Duration.ZERO)));
      } catch (Exception | AssertionError e) {
        error.set(e);
      }
      return ((FakeStepContext) execution.get().getContext()).completed() || error.get() != null;
    });
    assertThat(error.get()).isNull();
    return new StepRun((FakeStepContext) execution.get().getContext(), visits.get(), console.text(), workspace);
  }

  void assertPrivateDirectoriesDeleted(Path workspace) throws Exception {
    PrivateDirectories.assertNoneLeft(workspace);
  }

  static void assertPlainValues(Object value) {
    if (value instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> assertThat(k).isInstanceOf(String.class));
      m.values().forEach(TrafficShiftStepTest::assertPlainValues);
    } else if (value instanceof List<?> l) {
      l.forEach(TrafficShiftStepTest::assertPlainValues);
    } else {
      assertThat(value == null || value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Boolean)
          .as("a plain value: " + value + (value == null ? "" : " (" + value.getClass().getName() + ")")).isTrue();
    }
  }

  @Nested
  @DisplayName("binding its arguments")
  class Binding {
    @Test
    @DisplayName("the provider comes from the constructor; the optional arguments keep stamp shift's defaults until set")
    void defaults() throws Exception {
      // Given
      TrafficShiftStep step = new TrafficShiftStep(" f5-gtm ");
      step.setGslb(GSLB);
      step.setDrain(" seattle ");
      // When
      TrafficShiftArgs args = step.args();
      TrafficShiftRequest request = args.input().profileFromConnection().validate();
      // Then
      assertThat(request.provider()).isEqualTo(ProviderType.F5_GTM);
      assertThat(args.f5()).isTrue();
      assertThat(args.target()).isEqualTo(GSLB);
      assertThat(request.operation()).isEqualTo(Operation.DRAIN);
      assertThat(args.stamp()).isEqualTo("seattle");
      assertThat(request.profile()).as("the GSLB's pool, resolved later").isNull();
      assertThat(request.poll()).isEqualTo(Duration.ofSeconds(10));
      assertThat(request.policy().maxStepPercent()).isEqualTo(50);
      assertThat(request.bake()).isZero();
      assertThat(request.waitOverride()).isNull();
      assertThat(request.drainMode()).isEqualTo(DrainMode.DISABLE);
      assertThat(args.dryRun()).isFalse();
      assertThat(args.input().reason()).isNull();
    }

    @Test
    @DisplayName("shiftTo, steps, bake, wait and maxStep become core's shift inputs")
    void shift() throws Exception {
      // Given
      TrafficShiftStep step = new TrafficShiftStep("azure-traffic-manager");
      step.setHub(HUB);
      step.setProfile(cloud.trafficProfileId().orElseThrow());
      step.setShiftTo("denver");
      step.setSteps("10,50,100");
      step.setBake("5m");
      step.setWait("PT30S");
      step.setMaxStep(60);
      step.setPartial(true);
      // When
      TrafficShiftArgs args = step.args();
      // Then
      TrafficShiftRequest request = args.input().validate();
      assertThat(request.operation()).isEqualTo(Operation.SHIFT);
      assertThat(TrafficShiftInput.field(request.operation()).key()).isEqualTo("shiftTo");
      assertThat(request).satisfies(in -> {
        assertThat(in.stamp()).isEqualTo("denver");
        assertThat(in.steps()).containsExactly(10, 50, 100);
        assertThat(in.bake()).isEqualTo(Duration.ofMinutes(5));
        assertThat(in.waitOverride()).isEqualTo(Duration.ofSeconds(30));
        assertThat(in.policy().maxStepPercent()).isEqualTo(60);
      });
    }

    @Test
    @DisplayName("the actor is the user who started the build, else jenkins; the default reason names the build and the operation")
    void actorAndReason() throws Exception {
      // Given
      Run<?, ?> byAlice = new FakeRun("alice");
      Run<?, ?> byTimer = new FakeRun(null);
      TrafficShiftStep step = new TrafficShiftStep("f5-gtm");
      step.setGslb(GSLB);
      step.setDrain("seattle");
      // When
      TrafficShiftArgs args = step.args().forBuild(TrafficShiftStep.actorOf(byAlice), BUILD);
      // Then
      assertThat(TrafficShiftStep.actorOf(byAlice)).isEqualTo("alice");
      assertThat(TrafficShiftStep.actorOf(byTimer)).isEqualTo("jenkins");
      assertThat(args.input().profileFromConnection().validate().actor()).isEqualTo("alice");
      assertThat(args.input().reason()).isEqualTo("Jenkins stamp-release/traffic#7: trafficShift drain seattle");
      step.setReason("patching seattle");
      assertThat(step.args().forBuild("alice", BUILD).input().reason()).isEqualTo("patching seattle");
    }
  }

  @Nested
  @DisplayName("invalid input: one AbortException naming the arguments, nothing written")
  class InvalidInput {
    @Test
    @DisplayName("the doc's invalid call is refused by the controller and, were it to get there, by the agent, with the same message")
    void docExample() throws Exception {
      // Given
      TrafficShiftStep step = trafficManager();
      step.setSet("seattle=90,denver=20");
      step.setDrainMode("zero");
      String etag = azure.read().etag();
      String expected = "[trafficShift] invalid input: set: percentages add up to 110, must be exactly 100; "
          + "drainMode: must be one of disable | minimum-weight, got 'zero'; drainMode: only used by drain";
      // When / Then: on the controller
      assertThatThrownBy(() -> args(step)).isInstanceOf(AbortException.class).hasMessage(expected);
      // When / Then: on the agent, before the hub is opened
      TrafficShiftArgs unchecked = new TrafficShiftArgs(new TrafficShiftInput().provider("azure-traffic-manager")
          .profile(cloud.trafficProfileId().orElseThrow()).set("seattle=90,denver=20").drainMode("zero").poll("1s").reason("r").actor("alice"),
          HUB, null, false);
      TrafficShiftCallable callable = new TrafficShiftCallable(unchecked, publicAzure(), null, null, new RecordingListener());
      assertThatThrownBy(() -> RemotingChannel.call(callable, Files.createTempDirectory("ws").toFile())).isInstanceOf(AbortException.class)
          .hasMessage(expected);
      // Then
      assertThat(writes()).isZero();
      assertThat(azure.read().etag()).isEqualTo(etag);
    }

    @Test
    @DisplayName("no operation or two of them, the wrong provider argument, a missing hub, bad durations and probe URL: all in one message")
    void stepArguments() {
      // Given
      TrafficShiftStep twoOperations = new TrafficShiftStep("azure-traffic-manager");
      twoOperations.setSet("seattle=50,denver=50");
      twoOperations.setDrain("seattle");
      twoOperations.setGslb(GSLB);
      twoOperations.setBake("soon");
      twoOperations.setPoll("0s");
      twoOperations.setProbeUrl("ftp://app/healthz");
      TrafficShiftStep f5WithHub = new TrafficShiftStep("f5-gtm");
      f5WithHub.setHub(HUB);
      f5WithHub.setRestore("seattle");
      f5WithHub.setProfile("stamp-release-app");
      TrafficShiftStep unknownProvider = new TrafficShiftStep("route53");
      // When / Then
      assertThatThrownBy(() -> twoOperations.args(List.of(HUB), List.of(GSLB))).isInstanceOf(AbortException.class)
          .hasMessageStartingWith("[trafficShift] invalid input: set/drain/restore/shiftTo: exactly one is required, got set and drain")
          .hasMessageContaining("hub: is required with provider 'azure-traffic-manager'").hasMessageContaining("one of public-azure")
          .hasMessageContaining("gslb: only used with provider 'f5-gtm'")
          .hasMessageContaining("bake: 'soon' is not a duration (allowed: ")
          .hasMessageContaining("poll: must be more than 0")
          .hasMessageContaining("probeUrl: must be an http:// or https:// URL");
      assertThatThrownBy(() -> f5WithHub.args(List.of(HUB), List.of(GSLB))).isInstanceOf(AbortException.class)
          .hasMessageContaining("gslb: is required with provider 'f5-gtm': one of lab-bigip")
          .hasMessageContaining("hub: only used with provider 'azure-traffic-manager'")
          .hasMessageContaining("profile: must be an F5 pool /<partition>/<pool>");
      assertThatThrownBy(unknownProvider::args).isInstanceOf(AbortException.class)
          .hasMessageContaining("set/drain/restore/shiftTo: exactly one is required (set 'seattle=90,denver=10'");
      unknownProvider.setDrain("seattle");
      unknownProvider.setProfile("stamp-release-app");
      assertThatThrownBy(unknownProvider::args).isInstanceOf(AbortException.class)
          .hasMessage("[trafficShift] invalid input: provider: must be one of azure-traffic-manager | f5-gtm, got 'route53'");
      assertThat(writes()).isZero();
    }

    @Test
    @DisplayName("core's field names become argument names: maxStep, wait, steps, shiftTo — never --flags or maxStepPercent")
    void argumentNames() {
      // Given
      TrafficShiftStep step = new TrafficShiftStep("azure-traffic-manager");
      step.setHub(HUB);
      step.setShiftTo("denver");
      step.setSteps("10,90");
      step.setMaxStep(0);
      step.setWait("PT-5S");
      // When / Then
      assertThatThrownBy(step::args).isInstanceOf(AbortException.class)
          .hasMessageContaining("profile: the profile id or name is required").hasMessageContaining("maxStep: must be 1..100, got 0")
          .hasMessageContaining("wait: must be 0 or more").hasMessageNotContaining("maxStepPercent").hasMessageNotContaining("waitOverride")
          .hasMessageNotContaining("--");
    }

    @Test
    @DisplayName("an endpoint the profile lacks is refused on the first visit, after the read and before any write (Traffic Manager and F5)")
    void unknownEndpoint(@TempDir Path tmp) throws Exception {
      // Given
      Map<String, EndpointSetting> tmBefore = azure.read().settings();
      Map<String, EndpointSetting> f5Before = f5.read().settings();
      TrafficShiftStep tmStep = new TrafficShiftStep("azure-traffic-manager");
      tmStep.setHub(HUB);
      tmStep.setProfile(cloud.trafficProfileId().orElseThrow());
      tmStep.setDrain("austin");
      TrafficShiftStep f5Step = new TrafficShiftStep("f5-gtm");
      f5Step.setGslb(GSLB);
      f5Step.setShiftTo("austin");
      f5Step.setSteps("50,100");
      // When / Then
      assertThatThrownBy(() -> RemotingChannel.call(new TrafficShiftCallable(tmStep.args(), publicAzure(), null, null, new RecordingListener()), Files.createDirectories(tmp.resolve("ws")).toFile())).isInstanceOf(AbortException.class)
          .hasMessageStartingWith("[trafficShift] invalid input: drain: no endpoint 'austin' in profile ");
      assertThatThrownBy(() -> RemotingChannel.call(new TrafficShiftCallable(f5Step.args(), null, labBigip(), null, new RecordingListener()), Files.createDirectories(tmp.resolve("ws")).toFile())).isInstanceOf(AbortException.class)
          .hasMessageStartingWith("[trafficShift] invalid input: shiftTo: no endpoint 'austin' in profile /Common/stamp-release-app");
      // Then
      assertThat(writes()).isZero();
      assertThat(azure.read().settings()).isEqualTo(tmBefore);
      assertThat(f5.read().settings()).isEqualTo(f5Before);
      assertPrivateDirectoriesDeleted(tmp.resolve("ws"));
    }

    @Test
    @DisplayName("draining the last healthy stamp is refused by the guardrails in one line, nothing written")
    void lastHealthy(@TempDir Path tmp) throws Exception {
      // Given: denver disabled, seattle the only serving endpoint
      f5.apply(f5.read(), TrafficChange.of(Map.of("denver", EndpointSetting.disabled(500)), "test", "setup"));
      cloud.gslb().journal().clear();
      TrafficShiftStep step = new TrafficShiftStep("f5-gtm");
      step.setGslb(GSLB);
      step.setDrain("seattle");
      TrafficShiftCallable callable = new TrafficShiftCallable(step.args().forBuild("alice", BUILD), null, labBigip(), null, new RecordingListener());
      // When / Then
      assertThatThrownBy(() -> RemotingChannel.call(callable, Files.createDirectories(tmp.resolve("ws")).toFile())).isInstanceOf(AbortException.class)
          .hasMessageStartingWith("[trafficShift] refused by guardrails, nothing was written: ")
          .hasMessageContaining("no other endpoint is serving").hasMessageNotContaining("\n");
      assertThat(writes()).isZero();
    }
  }

  @Nested
  @DisplayName("the doc's calls against Traffic Manager")
  class TrafficManager {
    @Test
    @DisplayName("set: one whole-profile PUT, visit after visit from a serialized checkpoint, a plain result map, the secret never printed")
    void setWeights(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep step = trafficManager();
      step.setSet("seattle=70,denver=30");
      step.setReason("canary: 30 % to denver");
      // When
      StepRun run = run(args(step), tmp);
      // Then
      assertThat(run.context().failure()).isNull();
      assertThat(run.visits()).as("the DNS wait ends one visit; the next one continues from the checkpoint").isGreaterThan(1);
      Map<String, Object> r = run.result();
      assertThat(r).containsEntry("status", "succeeded").containsEntry("provider", "azure-traffic-manager")
          .containsEntry("profile", cloud.trafficProfileId().orElseThrow()).containsEntry("operation", "set-weights")
          .containsEntry("reverted", false).containsEntry("dryRun", false);
      assertThat(r.get("message")).asString().startsWith("set-weights done: seattle enabled/700 Online, denver enabled/300 Online");
      assertThat(r).extractingByKey("after").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("denver", Map.of("enabled", true, "weight", 300, "percent", 30, "monitor", "Online"));
      assertThat(r).extractingByKey("changes").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("actor", "alice").containsEntry("reason", "canary: 30 % to denver (set weights)");
      assertPlainValues(r);
      assertThat(azure.read().settings()).containsEntry("seattle", EndpointSetting.enabled(700)).containsEntry("denver", EndpointSetting.enabled(300));
      assertThat(cloud.publicRegion().arm().journal().writes()).as("one conditional PUT of the whole profile").singleElement()
          .satisfies(w -> assertThat(w.method()).isEqualTo("PUT"));
      assertThat(run.console()).contains("[trafficShift] azure-traffic-manager " + cloud.trafficProfileId().orElseThrow())
          .contains("[trafficShift]   seattle").contains("[trafficShift] traffic-shift: ").doesNotContain(tmSecret());
      assertPrivateDirectoriesDeleted(run.workspace());
    }

    @Test
    @DisplayName("drain then restore: seattle disabled, then probed at weight 1 and brought back to 500, each through several visits")
    void drainThenRestore(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep drain = trafficManager();
      drain.setDrain("seattle");
      drain.setReason("patching seattle");
      TrafficShiftStep restore = trafficManager();
      restore.setRestore("seattle");
      restore.setReason("seattle patched");
      // When
      StepRun drained = run(args(drain), tmp.resolve("drain"));
      // Then
      assertThat(drained.context().failure()).isNull();
      assertThat(drained.visits()).isGreaterThan(1);
      assertThat(drained.result()).containsEntry("status", "succeeded").containsEntry("stepsTaken", List.of("drain seattle"));
      assertThat(drained.result().get("waits")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().asString().contains("waiting 1s = 1s (user override; DNS timing gives 2m40s");
      assertThat(azure.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
      assertThat(drained.console()).contains("[trafficShift] seattle traffic-shift: ").doesNotContain(tmSecret());
      assertThat(drained.console()).as("the doc's console of this drain").containsPattern(docConsole());
      // When
      StepRun restored = run(args(restore), tmp.resolve("restore"));
      // Then
      assertThat(restored.context().failure()).isNull();
      assertThat(restored.result()).containsEntry("stepsTaken", List.of("enable seattle at weight 1 for probing", "restore seattle to enabled/500"));
      assertThat(azure.read().endpoint("seattle").orElseThrow().serving()).isTrue();
      assertThat(azure.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.enabled(500));
      assertPrivateDirectoriesDeleted(drained.workspace());
      assertPrivateDirectoriesDeleted(restored.workspace());
    }
  }

  @Nested
  @DisplayName("the doc's calls against F5 BIG-IP DNS")
  class BigIp {
    @Test
    @DisplayName("set: the GSLB's pool by default, ratios 70/30, the BIG-IP password never printed")
    void setWeights(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep step = bigIp();
      step.setSet("seattle=70,denver=30");
      step.setReason("canary: 30 % to denver");
      // When
      StepRun run = run(args(step), tmp);
      // Then
      assertThat(run.context().failure()).isNull();
      assertThat(run.visits()).isGreaterThan(1);
      assertThat(run.result()).containsEntry("status", "succeeded").containsEntry("provider", "f5-gtm")
          .containsEntry("profile", "/Common/" + SimulatedCloud.GSLB_POOL);
      assertPlainValues(run.result());
      assertThat(f5.read().settings()).containsEntry("seattle", EndpointSetting.enabled(700)).containsEntry("denver", EndpointSetting.enabled(300));
      assertThat(cloud.gslb().journal().writes()).filteredOn(w -> w.method().equals("PATCH")).hasSize(2);
      assertThat(run.console()).contains("[trafficShift] f5-gtm /Common/stamp-release-app").doesNotContain(cloud.gslbPassword());
      assertPrivateDirectoriesDeleted(run.workspace());
    }

    @Test
    @DisplayName("drain: the seattle member disabled in one PATCH across several visits, the change recorded with the build's user")
    void drain(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep step = bigIp();
      step.setDrain("seattle");
      step.setReason("patching seattle");
      // When
      StepRun run = run(args(step), tmp);
      // Then
      assertThat(run.context().failure()).isNull();
      assertThat(run.visits()).isGreaterThan(1);
      assertThat(run.result()).containsEntry("status", "succeeded").containsEntry("operation", "drain");
      assertThat(f5.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
      assertThat(cloud.gslb().journal().writes()).filteredOn(w -> w.method().equals("PATCH")).singleElement()
          .satisfies(w -> assertThat(w.path()).contains("seattle-server:seattle-vs"));
      assertThat(run.result()).extractingByKey("changes").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("actor", "alice").containsEntry("reason", "patching seattle (drain seattle)");
      assertThat(run.console()).doesNotContain(cloud.gslbPassword());
      assertPrivateDirectoriesDeleted(run.workspace());
    }

    @Test
    @DisplayName("dryRun: one visit, the plan table in the console and in the result, nothing written")
    void dryRun(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep step = new TrafficShiftStep("f5-gtm");
      step.setGslb(GSLB);
      step.setShiftTo("denver");
      step.setSteps("60,100");
      step.setDryRun(true);
      // When
      StepRun run = run(args(step), tmp);
      // Then
      assertThat(run.visits()).isEqualTo(1);
      assertThat(run.result()).containsEntry("status", "succeeded").containsEntry("dryRun", true)
          .containsEntry("message", "dry run: nothing was written")
          .containsEntry("current", Map.of("seattle", "enabled/500", "denver", "enabled/500"));
      assertThat(run.result().get("table")).asString().containsPattern("seattle +Online +enabled/500 \\(50%\\) +enabled/400 \\(40%\\) +disabled/500 \\(0%\\)");
      assertThat(run.result().get("steps")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
      assertThat(run.result().get("warnings")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
      assertThat(run.result().get("dnsWaitAfterEnableOrDisable")).isEqualTo("waiting 3m = TTL 30s + 30s × (0 + 1) + 2m timeout");
      assertThat(run.console()).contains("[trafficShift]   denver ", "[trafficShift] dry run: nothing was written");
      assertThat(writes()).isZero();
      assertPlainValues(run.result());
    }

    @Test
    @DisplayName("a message that would carry the BIG-IP password is masked: a pool named after it answers 404")
    void masked(@TempDir Path tmp) throws Exception {
      // Given
      TrafficShiftStep step = new TrafficShiftStep("f5-gtm");
      step.setGslb(GSLB);
      step.setProfile("/Common/" + cloud.gslbPassword());
      step.setDrain("seattle");
      TrafficShiftCallable callable = new TrafficShiftCallable(step.args().forBuild("alice", BUILD), null, labBigip(), null, new RecordingListener());
      // When / Then
      assertThatThrownBy(() -> RemotingChannel.call(callable, Files.createDirectories(tmp.resolve("ws")).toFile())).isInstanceOf(AbortException.class)
          .hasMessageContaining("~Common~****").hasMessageContaining("nothing was written").hasMessageNotContaining(cloud.gslbPassword());
      assertThat(writes()).isZero();
    }
  }

  /** The doc's console sample as a pattern: its lines in order, {@code …} standing for anything on a line. */
  static Pattern docConsole() throws Exception {
    String text = Files.readString(DOC);
    Matcher m = Pattern.compile("The console of the drain.*?```text\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find()).as("the doc has a console sample").isTrue();
    List<String> lines = new ArrayList<>();
    for (String line : m.group(1).strip().split("\n")) {
      lines.add(Stream.of(line.split("…", -1)).map(Pattern::quote).reduce((a, b) -> a + ".*" + b).orElseThrow());
    }
    return Pattern.compile(String.join("\\R", lines));
  }

  @Test
  @DisplayName("the execution keeps only its arguments and core's checkpoint, and says where it is after a serialization round trip")
  void status() {
    // Given
    TrafficShiftArgs args = new TrafficShiftArgs(new TrafficShiftInput().provider("f5-gtm").drain("seattle").reason("patching seattle")
        .actor("alice"), null, GSLB, false);
    TrafficShiftExecution execution = new TrafficShiftExecution(new FakeStepContext(), args);
    TrafficShiftState state = TrafficShiftState.start("drain", List.of(new PlannedStep(PlannedStep.Kind.WEIGHTS, "drain seattle",
        Map.of("seattle", EndpointSetting.disabled(500)))), Map.of("seattle", EndpointSetting.enabled(500)), Map.of("seattle", "Online"));
    Checkpoint<TrafficShiftState> checkpoint = new Checkpoint<>(0, state, Instant.parse("2026-01-01T01:00:00Z"), 0, 0,
        Instant.parse("2026-01-01T00:00:30Z"), Map.of());
    assertThat(execution.accept(AgentResult.next(checkpoint, "traffic-shift"))).isPresent();
    // When
    TrafficShiftExecution restored = Serialization.roundTrip(execution);
    // Then
    assertThat(restored.args()).isEqualTo(args);
    assertThat(restored.checkpoint()).isEqualTo(checkpoint);
    assertThat(restored.getStatus()).isEqualTo("trafficShift on gslb lab-bigip: task 1 (traffic-shift), drain, step 1/1 (drain seattle) apply, "
        + "next look at 2026-01-01T00:00:30Z");
  }

  @Test
  @DisplayName("a failed run completes the step with one AbortException line naming the GSLB and core's message")
  void failedOutcome() {
    FakeStepContext context = new FakeStepContext();
    TrafficShiftArgs args = new TrafficShiftArgs(new TrafficShiftInput().provider("f5-gtm").shiftTo("denver").steps("60,100").bake("5m")
        .reason("r").actor("alice"), null, GSLB, false);
    new TrafficShiftExecution(context, args).accept(AgentResult.done(null, io.stamprelease.core.engine.Outcome.Status.FAILED,
        "denver went Degraded during the bake of 'denver 60%'; weights were reverted to the start: seattle enabled/500 Online", null));
    assertThat(context.failure()).isInstanceOf(AbortException.class).hasMessage("[trafficShift] gslb lab-bigip: failed: denver went Degraded "
        + "during the bake of 'denver 60%'; weights were reverted to the start: seattle enabled/500 Online");
  }

  @Test
  @DisplayName("the BIG-IP password reaches the agent only as a 0600 file in a 0700 directory, and no toString shows it")
  void gslbSecretOnTheAgent(@TempDir Path tmp) throws Exception {
    // Given
    AgentGslb gslb = Serialization.roundTrip(labBigip());
    Path privateDir = tmp.resolve("ws@tmp").resolve("stamp-release-x");
    // When
    GslbSpec spec = gslb.materialize(privateDir);
    // Then
    assertThat(Files.getPosixFilePermissions(privateDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    Path password = ((io.stamprelease.core.clients.hub.SecretSource.FromFile) spec.password()).file();
    assertThat(Files.getPosixFilePermissions(password)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(spec.password().read(io.stamprelease.core.clients.hub.GslbSpec.Field.PASSWORD)).isEqualTo(cloud.gslbPassword());
    assertThat(spec.caFile()).isNotNull();
    assertThat(gslb.toString()).contains("password ****").doesNotContain(cloud.gslbPassword());
    assertThat(spec.toString()).doesNotContain(cloud.gslbPassword());
    AgentHub.deletePrivate(privateDir);
    assertThat(privateDir).doesNotExist();
  }

  @Nested
  @DisplayName("a GSLB entry of the global configuration")
  class GslbEntries {
    @Test
    @DisplayName("is judged by core's GSLB rules field by field: https only, /<partition>/<pool>, credentials required, PEM that parses")
    void problems() {
      // Given
      GslbEntry bad = new GslbEntry("Lab BIG-IP", "http://bigip-dns.lab/", null, "stamp-release-app");
      bad.setCaCertificate("not a certificate");
      GslbEntry good = new GslbEntry(GSLB, "https://bigip-dns.lab.contoso.local/", "bigip-stamp-release", "/Common/stamp-release-app");
      good.setCaCertificate(cloud.ca().caPem());
      // When / Then
      assertThat(bad.problems().stream().map(Object::toString).toList()).anyMatch(p -> p.startsWith("name: must be 1-63 lower-case letters"))
          .anyMatch(p -> p.startsWith("url: must be an https:// URL")).anyMatch(p -> p.startsWith("pool: must be /<partition>/<pool>"))
          .anyMatch(p -> p.startsWith("credentialsId: is required")).anyMatch(p -> p.startsWith("caCertificate: no PEM certificate found"));
      assertThat(good.problems()).isEmpty();
      assertThat(new GslbEntry(GSLB, "https://bigip dns/", "c", "/Common/p").problems().stream().map(Object::toString).toList()).containsExactly("url: is not a URL (was 'https://bigip dns/')");
    }
  }

  @Test
  @DisplayName("every argument of trafficShift and every field of a GSLB entry has a form entry and a help page")
  void formsAndHelp() throws Exception {
    Path resources = Path.of("..", "plugin", "src", "main", "resources", "io", "stamprelease", "plugin");
    for (Map.Entry<Class<?>, Path> form : Map.<Class<?>, Path>of(TrafficShiftStep.class, resources.resolve("traffic/TrafficShiftStep"),
        GslbEntry.class, resources.resolve("hubs/GslbEntry")).entrySet()) {
      // Given: the bean's properties, read from its getters as Stapler does
      List<String> fields = Stream.of(form.getKey().getDeclaredMethods()).filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers())
          && !java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getName().matches("(get|is)[A-Z]\\w*"))
          .map(m -> m.getName().replaceFirst("^(get|is)", "")).map(n -> Character.toLowerCase(n.charAt(0)) + n.substring(1)).toList();
      String jelly = Files.readString(form.getValue().resolve("config.jelly"));
      // Then
      assertThat(fields).as(form.getKey().getSimpleName() + "'s properties").isNotEmpty().allSatisfy(f -> {
        assertThat(jelly).as("config.jelly of " + form.getKey().getSimpleName()).contains("field=\"" + f + "\"");
        assertThat(form.getValue().resolve("help-" + f + ".html")).as("help of " + f).isRegularFile();
      });
    }
  }

  /**
   * A build started by {@code user} (null: by no user, e.g. a timer). It uses the real {@code Run(job, timestamp)}
   * constructor (which only records both); no job is needed to read a cause.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class FakeRun extends Run {
    private final String user;

    FakeRun(String user) {
      super((Job) null, 0L);
      this.user = user;
    }

    @Override
    public Cause getCause(Class type) {
      if (user == null || type != Cause.UserIdCause.class) {
        return null;
      }
      // the real UserIdCause(String) keeps the id; the override makes the signature mirror's body answer the same
      return new Cause.UserIdCause(user) {
        @Override
        public String getUserId() {
          return user;
        }
      };
    }
  }
}
