package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("helmRollout tracks StatefulSets, DaemonSets, Jobs and hook Jobs")
class HelmRolloutWorkloadsTest {
  static final String CHART = Path.of("src/test/resources/charts/fleet").toAbsolutePath().toString();

  static SimulatedCloud cloud;
  static String kubeconfig;

  @BeforeAll
  static void startCloud() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    kubeconfig = cloud.hub("seattle").cluster().kubeconfig("default");
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  static Outcome<HelmRolloutState> rollout(String namespace, String... set) {
    HelmRolloutRequest request = new HelmRolloutInput().kubeconfigContents(kubeconfig).release("fleet").namespace(namespace).chart(CHART)
        .createNamespace(true).set(List.of(set)).timeout("15s").validate();
    try (HelmRollout rollout = new HelmRollout(request)) {
      Engine engine = Engine.system(e -> { });
      Step<HelmRolloutState> step = rollout.step();
      return engine.run(step, engine.start(step, rollout.initialState()), "seattle", new Engine.Cancellation());
    }
  }

  @Test
  @DisplayName("a healthy install waits for the StatefulSet, the DaemonSet on every node and the Job's completion")
  void healthyFleet() {
    // When
    Outcome<HelmRolloutState> outcome = rollout("fleet-ok");

    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.state().workloads()).extracting(WorkloadResult::kind, WorkloadResult::name, WorkloadResult::ready)
        .containsExactlyInAnyOrder(tuple("StatefulSet", "db", true), tuple("DaemonSet", "agent", true), tuple("Job", "migrate-1", true));
    assertThat(outcome.state().workloads()).extracting(WorkloadResult::summary)
        .contains("db: 2/2 updated, 2/2 ready", "migrate-1: 1/1 succeeded").anyMatch(s -> s.matches("agent: (\\d)/\\1 updated, \\1/\\1 available"));
  }

  @Test
  @DisplayName("a crashing StatefulSet update fails fast on its update revision's pods and is rolled back")
  void crashingStatefulSet() {
    // Given
    assertThat(rollout("fleet-sts").succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout("fleet-sts", "db.behavior=crashloop");

    // Then
    assertThat(outcome.state().phase()).as(outcome.message() + " " + outcome.state().failures()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.startsWith("db: pod db-") && f.contains("CrashLoopBackOff"));
  }

  @Test
  @DisplayName("a crashing DaemonSet update fails fast and is rolled back")
  void crashingDaemonSet() {
    // Given
    assertThat(rollout("fleet-ds").succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout("fleet-ds", "agent.behavior=image-pull-error");

    // Then
    assertThat(outcome.state().phase()).as(outcome.message() + " " + outcome.state().failures()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.startsWith("agent: pod agent-") && (f.contains("ImagePullBackOff") || f.contains("ErrImagePull")));
  }

  @Test
  @DisplayName("a Job of the release that fails fails the rollout with the Job's reason")
  void failingJob() {
    // Given
    assertThat(rollout("fleet-job").succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout("fleet-job", "migrate.behavior=crashloop");

    // Then
    assertThat(outcome.state().phase()).as(outcome.message() + " " + outcome.state().failures()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.startsWith("migrate-2: ") && f.contains("BackoffLimitExceeded"));
  }

  @Test
  @DisplayName("a failing pre-upgrade hook Job fails the upgrade inside Helm; the failed revision is rolled back")
  void failingHook() {
    // Given
    assertThat(rollout("fleet-hook").succeeded()).isTrue();

    // When
    Outcome<HelmRolloutState> outcome = rollout("fleet-hook", "hook.enabled=true", "hook.behavior=crashloop");

    // Then
    assertThat(outcome.state().phase()).as(outcome.message()).isEqualTo(Phase.ROLLED_BACK);
    assertThat(outcome.state().failures()).anyMatch(f -> f.contains("pre-upgrade hooks failed") || f.contains("schema-check"));
  }
}
