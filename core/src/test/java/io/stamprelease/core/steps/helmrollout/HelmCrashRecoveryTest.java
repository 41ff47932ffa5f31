package io.stamprelease.core.steps.helmrollout;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.ReleaseHistory;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A process killed while Helm writes a revision leaves that revision {@code pending-*} (Helm's lock): Helm writes the
 * record first and settles it when its write is done. These tests leave the records exactly so — the revision the dead
 * process was writing pending, the one before it still deployed — and run the step again in a new "process" from the
 * checkpoint it had journaled. {@code ChaosReleaseTest} kills real processes.
 */
@DisplayName("helmRollout after a crash mid-write: its own pending revision resolved, anyone else's left alone, history true")
class HelmCrashRecoveryTest {
  static final String CHART = Path.of("src/test/resources/charts/demo").toAbsolutePath().toString();

  static SimulatedCloud cloud;
  static SimulatedHub hub;
  static String kubeconfig;

  final List<String> progress = new CopyOnWriteArrayList<>();
  final Engine engine = Engine.system(e -> progress.add(e.line()));

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

  ReleaseRecords records(String namespace) {
    return new ReleaseRecords(hub.cluster().client(), namespace, "app");
  }

  Outcome<HelmRolloutState> run(HelmRolloutInput input, Checkpoint<HelmRolloutState> from) {
    try (HelmRollout rollout = new HelmRollout(input.validate())) {
      Step<HelmRolloutState> step = rollout.step();
      return engine.run(step, from != null ? from : engine.start(step, rollout.initialState()), "seattle", new Engine.Cancellation());
    }
  }

  /**
   * Runs {@code input} until {@code stopAt} holds for a journaled checkpoint (the process "dies" there), and returns the
   * checkpoint journaled last before a write, as the dead process would have left it on disk.
   */
  Checkpoint<HelmRolloutState> killedAfterWrite(HelmRolloutInput input, Predicate<Checkpoint<HelmRolloutState>> beforeWrite,
      Predicate<Checkpoint<HelmRolloutState>> stopAt) throws Exception {
    List<Checkpoint<HelmRolloutState>> journal = new CopyOnWriteArrayList<>();
    Engine.Cancellation kill = new Engine.Cancellation();
    try (HelmRollout rollout = new HelmRollout(input.validate())) {
      Step<HelmRolloutState> step = rollout.step();
      engine.run(step, engine.start(step, rollout.initialState()), "seattle", kill, cp -> {
        journal.add(cp);
        if (stopAt.test(cp)) {
          kill.cancel();
        }
      });
    }
    Checkpoint<HelmRolloutState> last = journal.stream().filter(beforeWrite).findFirst().orElseThrow();
    return CheckpointCodec.fromBytes(CheckpointCodec.toBytes(last), HelmRolloutState.class);
  }

  static List<ReleaseHistory> history(String namespace) {
    return HelmCalls.call("history", Duration.ofSeconds(60),
        () -> Helm.history("app").withNamespace(namespace).withKubeConfigContents(kubeconfig).call()).stream()
        .sorted(Comparator.comparingInt(ReleaseHistory::getRevision)).toList();
  }

  @Test
  @DisplayName("Given a kill while Helm wrote the upgrade, when the step runs again from its journal, then that revision "
      + "is marked failed, a new one is deployed, and only then does the step succeed")
  void interruptedUpgrade() throws Exception {
    // Given: revision 1 deployed; the next rollout died while Helm was writing revision 2
    String ns = "killed-upgrade";
    assertThat(run(request(ns, "replicas=2"), null).succeeded()).isTrue();
    Checkpoint<HelmRolloutState> journaled = killedAfterWrite(request(ns, "replicas=3"),
        cp -> cp.state().phase() == Phase.PLANNED && cp.state().writeStartedAt() != null,
        cp -> cp.state().phase() == Phase.SUBMITTED);
    records(ns).markStatus(2, "pending-upgrade", "Preparing upgrade");
    records(ns).markStatus(1, "deployed", null);

    // When
    Outcome<HelmRolloutState> outcome = run(request(ns, "replicas=3"), journaled);

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().targetRevision()).isEqualTo(3);
    assertThat(history(ns)).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "superseded"), tuple(2, "failed"), tuple(3, "deployed"));
    assertThat(history(ns).get(1).getDescription()).startsWith("Interrupted: the process writing revision 2 stopped");
    assertThat(progress).anyMatch(l -> l.contains("revision 2 was left pending-upgrade by this step's interrupted write; marked it failed"));
    assertThat(hub.cluster().client().apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  @DisplayName("Given a revision another operation left pending, when a new rollout starts, then it stops at its plan "
      + "naming the revision, its age and the fix, and writes nothing")
  void someoneElsesPendingRevision() {
    // Given: revision 2 is pending: someone's upgrade has not finished (revision 1 still deployed, as Helm keeps it)
    String ns = "foreign-pending";
    assertThat(run(request(ns, "replicas=2"), null).succeeded()).isTrue();
    assertThat(run(request(ns, "replicas=3"), null).succeeded()).isTrue();
    records(ns).markStatus(2, "pending-upgrade", "Preparing upgrade");
    records(ns).markStatus(1, "deployed", null);

    // When
    Outcome<HelmRolloutState> outcome = run(request(ns, "replicas=4"), null);

    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.TERMINAL);
    assertThat(outcome.status().exitCode()).isEqualTo(1);
    assertThat(outcome.message()).matches("release app revision 2 is pending-upgrade since \\S+ \\([0-9.]+m?s ago\\): a Helm operation "
        + "this step did not start has not finished \\(Helm's lock\\); nothing was done\\. If no helm install, upgrade or rollback of app is "
        + "still running, end it with `helm rollback app 1 -n foreign-pending` and run this step again");
    assertThat(history(ns)).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "deployed"), tuple(2, "pending-upgrade"));
  }

  @Test
  @DisplayName("Given a kill while Helm wrote the rollback, when the step runs again, then the failed revision stays "
      + "failed, the interrupted rollback revision is marked failed, a new one is deployed, and the step ends FAILED")
  void interruptedRollback() throws Exception {
    // Given: revision 1 deployed; a crashing revision 2 failed and the process died while Helm wrote rollback revision 3
    String ns = "killed-rollback";
    assertThat(run(request(ns, "replicas=2"), null).succeeded()).isTrue();
    Checkpoint<HelmRolloutState> journaled = killedAfterWrite(request(ns, "replicas=2", "image.tag=crash-2.0.0"),
        cp -> cp.compensating() && cp.state().writeStartedAt() != null,
        cp -> cp.state().phase() == Phase.ROLLBACK_SUBMITTED);
    records(ns).markStatus(3, "pending-upgrade", "Preparing upgrade");
    assertThat(history(ns)).extracting(ReleaseHistory::getStatus).as("what the kill left")
        .containsExactly("superseded", "failed", "pending-upgrade");

    // When
    Outcome<HelmRolloutState> outcome = run(request(ns, "replicas=2", "image.tag=crash-2.0.0"), journaled);

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).startsWith("rollout of app revision 2 failed and was rolled back to revision 1 (new revision 4)");
    assertThat(history(ns)).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "superseded"), tuple(2, "failed"), tuple(3, "failed"), tuple(4, "deployed"));
    assertThat(history(ns)).noneMatch(h -> h.getStatus().startsWith("pending"));
  }
}
