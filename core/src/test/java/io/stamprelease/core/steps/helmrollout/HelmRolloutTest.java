package io.stamprelease.core.steps.helmrollout;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("helmRollout: upgrade --install, watch-based fail-fast, rollback to the last good revision, smoke probe")
class HelmRolloutTest {
  static final String CHART = Path.of("src/test/resources/charts/demo").toAbsolutePath().toString();
  static final String APP_HOST = "app.apps.seattle.azurestack.sim";

  static SimulatedCloud cloud;
  static SimulatedHub hub;
  static String kubeconfig;

  final List<String> progress = new CopyOnWriteArrayList<>();
  final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void startCloud() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    hub = cloud.hub("seattle");
    kubeconfig = hub.cluster().kubeconfig("default");
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  static HelmRolloutInput request(String namespace, String... set) {
    return new HelmRolloutInput().kubeconfigContents(kubeconfig).release("app").namespace(namespace).chart(CHART).createNamespace(true)
        .set(List.of(set)).timeout("60s");
  }

  /** A smoke probe through the stamp's ingress with the app's host. */
  static HelmRolloutInput probe(HelmRolloutInput input, String bodyContains, int attempts, String interval) {
    return input.probeUrl(hub.ingress().url() + "/").probeHost(APP_HOST).probeBody(bodyContains).probeAttempts(attempts).probeInterval(interval);
  }

  Outcome<HelmRolloutState> rollout(HelmRolloutInput request) {
    return rollout(request, e -> { });
  }

  Outcome<HelmRolloutState> rollout(HelmRolloutInput input, Consumer<ProgressEvent> also) {
    try (HelmRollout rollout = new HelmRollout(input.validate())) {
      Engine engine = Engine.system(e -> {
        progress.add(e.line());
        events.add(e);
        also.accept(e);
      });
      Step<HelmRolloutState> step = rollout.step();
      return engine.run(step, engine.start(step, rollout.initialState()), "seattle", new Engine.Cancellation());
    }
  }

  /** helm history, by revision (helm-java returns the storage order; the helm CLI sorts). */
  java.time.Instant time(String phase) {
    return events.stream().filter(e -> e.phase().equals(phase)).findFirst().orElseThrow().time();
  }

  static List<ReleaseHistory> history(String namespace) throws Exception {
    return HelmCalls.call("history", Duration.ofSeconds(60),
        () -> Helm.history("app").withNamespace(namespace).withKubeConfigContents(kubeconfig).call()).stream()
        .sorted(java.util.Comparator.comparingInt(ReleaseHistory::getRevision)).toList();
  }

  static String values(String namespace, int revision) {
    return HelmCalls.call("get values", Duration.ofSeconds(60),
        () -> Helm.get("app").values().withRevision(revision).withNamespace(namespace).withKubeConfigContents(kubeconfig).call());
  }

  static Deployment web(String namespace) {
    return hub.cluster().client().apps().deployments().inNamespace(namespace).withName("web").get();
  }

  static int releaseSecrets(String namespace) {
    return hub.cluster().client().secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems().size();
  }

  @Test
  @DisplayName("a healthy install ends with every workload available, the images and chart reported, and a passing smoke probe")
  void healthyInstall() {
    // Given
    HelmRolloutInput input = probe(request("healthy"), "registry.local/web:1.0.0", 5, "200ms");

    // When
    Outcome<HelmRolloutState> outcome = rollout(input);

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    HelmRolloutState s = outcome.state();
    assertThat(s.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(s.targetRevision()).isEqualTo(1);
    assertThat(s.chart() + "-" + s.chartVersion()).isEqualTo("demo-1.0.0");
    assertThat(s.images()).containsExactly("registry.local/web:1.0.0");
    assertThat(s.workloads()).extracting(WorkloadResult::kind, WorkloadResult::name, WorkloadResult::ready, WorkloadResult::summary)
        .containsExactly(tuple("Deployment", "web", true, "web: 3/3 updated, 3/3 available"));
    assertThat(progress).anyMatch(l -> l.matches(".*track: web: \\d/3 updated, \\d/3 available.*"));
    assertThat(progress).anyMatch(l -> l.contains("smoke probe passed"));
    assertThat(HelmRolloutResult.of(s).toPlainMap()).containsEntry("release", "app").containsEntry("revision", 1).containsEntry("chart", "demo");
  }

  @Test
  @DisplayName("an upgrade to a crashing image is detected well before the timeout and rolled back to the previous chart and values")
  void crashingUpgradeIsRolledBack() throws Exception {
    // Given
    String ns = "crash";
    assertThat(rollout(request(ns, "replicas=2")).succeeded()).isTrue();

    // When
    long started = System.nanoTime();
    events.clear();
    Outcome<HelmRolloutState> outcome = rollout(request(ns, "replicas=2", "image.tag=crash-2.0.0").timeout("2m"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Duration detection = Duration.between(time("upgrade"), events.stream().filter(e -> e.message().contains("failed: ")).findFirst().orElseThrow().time());
    System.out.printf("crash: detected %d ms after the upgrade returned; whole rollout+rollback %d ms; events %s%n", detection.toMillis(), took.toMillis(),
        events.stream().map(e -> e.time().toEpochMilli() % 100_000 + " " + e.phase() + ": " + e.message()).toList());

    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(detection).as("failure detection after the upgrade, not the 2 minute timeout").isLessThan(Duration.ofSeconds(10));
    assertThat(took).as("detection and rollback").isLessThan(Duration.ofSeconds(30));
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("CrashLoopBackOff") && f.contains("last termination: exit"));
    assertThat(outcome.state().workloads().get(0).events()).as("events of the failed revision").isNotEmpty()
        .anyMatch(e -> e.startsWith("Warning BackOff pod/web-"));
    assertThat(outcome.message()).contains("rolled back to revision 1 (new revision 3)");
    List<ReleaseHistory> history = history(ns);
    assertThat(history).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus, ReleaseHistory::getChart)
        .containsExactly(tuple(1, "superseded", "demo-1.0.0"), tuple(2, "failed", "demo-1.0.0"), tuple(3, "deployed", "demo-1.0.0"));
    assertThat(history.get(2).getDescription()).isEqualTo("Rollback to 1");
    assertThat(values(ns, 3)).isEqualTo(values(ns, 1)).contains("replicas: 2").doesNotContain("crash");
    assertThat(web(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.local/web:1.0.0");
    assertThat(outcome.state().rollbackRevision()).isEqualTo(3);
  }

  @Test
  @DisplayName("an image that cannot be pulled fails the rollout with ImagePullBackOff and rolls back")
  void imagePullFailure() {
    // Given
    String ns = "pull";
    assertThat(rollout(request(ns)).succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout(request(ns, "image.tag=missing-2.0.0"));

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("ImagePullBackOff") || f.contains("ErrImagePull"));
  }

  @Test
  @DisplayName("pods that never become ready fail on ProgressDeadlineExceeded, long before the rollout timeout")
  void neverReadyHitsProgressDeadline() {
    // Given
    String ns = "deadline";
    assertThat(rollout(request(ns)).succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout(request(ns, "behavior=never-ready", "progressDeadlineSeconds=2"));

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("ProgressDeadlineExceeded"));
  }

  @Test
  @DisplayName("pods that never become ready and no progress deadline fail when the rollout timeout passes, saying how far it got")
  void neverReadyHitsTimeout() {
    // Given
    String ns = "timeout";
    assertThat(rollout(request(ns)).succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout(request(ns, "behavior=never-ready").timeout("3s"));

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("not ready within 3s") && f.contains("web: "));
  }

  @Test
  @DisplayName("a failed first install is uninstalled by default: there is no earlier revision to roll back to")
  void firstInstallFailureUninstalls() {
    // When
    Outcome<HelmRolloutState> outcome = rollout(request("first-uninstall", "crash=true"));

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.UNINSTALLED);
    assertThat(outcome.message()).contains("first install").contains("uninstalled");
    assertThat(releaseSecrets("first-uninstall")).isZero();
    assertThat(web("first-uninstall")).isNull();
  }

  @Test
  @DisplayName("a failed first install is left for inspection when asked, its revision marked failed")
  void firstInstallFailureLeaves() {
    // When
    Outcome<HelmRolloutState> outcome = rollout(request("first-leave", "crash=true").onFirstInstallFailure("leave"));

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.LEFT_FAILED);
    assertThat(outcome.message()).contains("left");
    assertThat(hub.cluster().client().secrets().inNamespace("first-leave").withName("sh.helm.release.v1.app.v1").get()
        .getMetadata().getLabels()).containsEntry("status", "failed");
    assertThat(web("first-leave")).isNotNull();
  }

  @Test
  @DisplayName("a failing smoke probe counts as a failed rollout and is rolled back")
  void failingSmokeProbeRollsBack() throws Exception {
    // Given
    String ns = "smoke";
    assertThat(rollout(request(ns)).succeeded()).isTrue();
    HelmRolloutInput input = probe(request(ns, "image.tag=2.0.0"), "\"version\":\"2\"", 2, "100ms");

    // When
    Outcome<HelmRolloutState> outcome = rollout(input);

    // Then
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.startsWith("smoke probe failed after 2 attempt(s)"));
    assertThat(history(ns)).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "superseded"), tuple(2, "failed"), tuple(3, "deployed"));
  }

  @Test
  @DisplayName("a dry run shows what would change against the live release and writes nothing")
  void dryRunWritesNothing() {
    // Given
    String ns = "dry";
    assertThat(rollout(request(ns)).succeeded()).isTrue();
    java.time.Instant before = java.time.Instant.now();

    // When
    HelmRollout.DryRunReport report;
    try (HelmRollout rollout = new HelmRollout(request(ns, "replicas=5", "image.tag=2.0.0").dryRun(true).validate())) {
      report = rollout.dryRun();
    }

    // Then
    assertThat(report.liveRevision()).isEqualTo(1);
    assertThat(report.wouldBeRevision()).isEqualTo(2);
    assertThat(report.changes()).containsExactly("~ Deployment/dry/web");
    assertThat(report.diff()).contains("-   replicas: 3", "+   replicas: 5")
        .containsPattern("- +image: \"registry.local/web:1.0.0\"").containsPattern("\\+ +image: \"registry.local/web:2.0.0\"");
    assertThat(releaseSecrets(ns)).isEqualTo(1);
    assertThat(web(ns).getSpec().getReplicas()).isEqualTo(3);
    assertThat(hub.cluster().journal().entries()).filteredOn(e -> e.isWrite() && !e.time().isBefore(before))
        .as("writes during the dry run, other than server dry-run requests").allMatch(e -> e.path().contains("dryRun"));
  }

  @Test
  @DisplayName("cutting every watch mid-rollout still ends in the right verdict (informers re-watch)")
  void watchCutMidRollout() {
    // Given
    AtomicInteger cuts = new AtomicInteger();

    // When
    Outcome<HelmRolloutState> outcome = rollout(request("cut", "behavior=slow:1500ms"), e -> {
      if (e.phase().equals("track") && cuts.get() == 0) {
        cuts.addAndGet(Math.max(1, hub.cluster().faults().cutWatches()));
      }
    });

    // Then
    assertThat(cuts.get()).isPositive();
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().workloads()).allMatch(WorkloadResult::ready);
  }

  @Test
  @DisplayName("a re-run after a crash re-attaches to the revision it created instead of upgrading again")
  void resumeReattaches() throws Exception {
    // Given: plan ran, the moment before the write was journaled, the upgrade ran, but the process died before the
    // upgrade's checkpoint was saved
    String ns = "resume";
    Engine engine = Engine.system(e -> progress.add(e.line()));
    Checkpoint<HelmRolloutState> beforeWrite;
    try (HelmRollout first = new HelmRollout(request(ns).validate())) {
      Step<HelmRolloutState> step = first.step();
      Checkpoint<HelmRolloutState> afterPlan = ((Engine.Advance.Continue<HelmRolloutState>) engine.advance(step,
          engine.start(step, first.initialState()), "seattle", new Engine.Cancellation())).next();
      beforeWrite = ((Engine.Advance.Continue<HelmRolloutState>) engine.advance(step, afterPlan, "seattle", new Engine.Cancellation())).next();
      engine.advance(step, beforeWrite, "seattle", new Engine.Cancellation());
    }

    // When: a new process reads the saved checkpoint back
    Checkpoint<HelmRolloutState> saved = roundTrip(beforeWrite);
    Outcome<HelmRolloutState> outcome;
    try (HelmRollout second = new HelmRollout(request(ns).validate())) {
      outcome = engine.run(second.step(), saved, "seattle", new Engine.Cancellation());
    }

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().targetRevision()).isEqualTo(1);
    assertThat(progress).anyMatch(l -> l.contains("re-attached to revision 1"));
    assertThat(history(ns)).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  @DisplayName("a crashing upgrade is still caught when every watch is cut while waiting")
  void watchCutDuringCrash() {
    // Given
    String ns = "cut-crash";
    assertThat(rollout(request(ns)).succeeded()).isTrue();
    AtomicInteger cuts = new AtomicInteger();

    // When
    Outcome<HelmRolloutState> outcome = rollout(request(ns, "image.tag=crash-2.0.0"), e -> {
      // the first progress line means our informers are running and the verdict is still open
      if (e.phase().equals("track") && !e.message().startsWith("revision ") && cuts.get() == 0) {
        cuts.addAndGet(Math.max(1, hub.cluster().faults().cutWatches()));
      }
    });

    // Then
    assertThat(cuts.get()).isPositive();
    assertThat(outcome.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("CrashLoopBackOff"));
  }

  @Test
  @DisplayName("--history-max keeps only the newest release records")
  void historyMaxPrunes() {
    // Given
    String ns = "history";

    // When
    for (String tag : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) {
      assertThat(rollout(request(ns, "image.tag=" + tag).historyMax(2)).succeeded()).isTrue();
    }

    // Then
    assertThat(hub.cluster().client().secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems())
        .extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("sh.helm.release.v1.app.v3", "sh.helm.release.v1.app.v4");
  }

  @Test
  @DisplayName("bad inputs are all reported in one message before anything is installed")
  void badInputs() throws Exception {
    // Given
    Path badValues = Files.writeString(tmp.resolve("bad.yaml"), "image: [unclosed\n  tag: 1");
    HelmRolloutInput bad = new HelmRolloutInput().kubeconfigContents(kubeconfig).release("Bad_Name").namespace("bad-inputs")
        .chart(tmp.resolve("no-such-chart").toString()).values(List.of(badValues)).set(List.of("replicas"));

    // When / Then
    assertThatThrownBy(bad::validate).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).messages()).hasSize(4)
            .anyMatch(p -> p.startsWith("release: 'Bad_Name' is not a valid Helm release name"))
            .anyMatch(p -> p.startsWith("chart: no chart at"))
            .anyMatch(p -> p.startsWith("values: '") && p.contains("is not valid YAML"))
            .anyMatch(p -> p.startsWith("set: 'replicas' is not key=value")));
    assertThat(releaseSecrets("bad-inputs")).isZero();
  }
}
