package io.stamprelease.plugin.offline;

import hudson.AbortException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.agent.AgentSessionCallable;
import io.stamprelease.plugin.agent.FormLines;
import io.stamprelease.plugin.helm.HelmRolloutArgs;
import io.stamprelease.plugin.helm.HelmRolloutCallable;
import io.stamprelease.plugin.helm.HelmRolloutExecution;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("helmRollout step (offline: fake step context, the agent session against a simulated cluster)")
class HelmRolloutStepTest {
  static final Path CHART = Path.of("../samples/charts/demo").toAbsolutePath().normalize();
  static SimulatedCloud cloud;
  static String kubeconfig;
  static KubernetesClient kube;
  @TempDir
  static Path workspace;

  @BeforeAll
  static void start() throws Exception {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    kubeconfig = cloud.hub("seattle").cluster().kubeconfig("default");
    Files.writeString(workspace.resolve("seattle.kubeconfig"), kubeconfig);
    kube = KubeClients.fromKubeconfig(kubeconfig);
  }

  @AfterAll
  static void stop() {
    kube.close();
    cloud.close();
  }

  /** The step as a Jenkinsfile would write it: chart and kubeconfig relative to the workspace. */
  static HelmRolloutStep step(String namespace, String... set) {
    HelmRolloutStep step = new HelmRolloutStep("web", namespace, CHART.toString());
    step.setStamp("seattle");
    step.setKubeconfig("seattle.kubeconfig");
    step.setCreateNamespace(true);
    step.setSet(List.of(set));
    step.setTimeout("60s");
    return step;
  }

  /** The controller's polls until the step completes, each a fresh callable fed the serialized checkpoint. */
  static void pollToEnd(HelmRolloutExecution execution, FakeStepContext context, char[] kubeconfigContents) {
    AtomicReference<Throwable> error = new AtomicReference<>();
    Await.until("helmRollout to finish", Duration.ofSeconds(120), () -> {
      try {
        poll(execution, kubeconfigContents, context.listener());
      } catch (Exception | AssertionError e) {
        error.set(e);
      }
      return context.completed() || error.get() != null;
    });
    assertThat(error.get()).as("no poll failed").isNull();
  }

  static AgentResult<HelmRolloutState> poll(HelmRolloutExecution execution, char[] kubeconfigContents, RecordingListener console) throws Exception {
    Checkpoint<HelmRolloutState> from = execution.checkpoint() == null ? null : Serialization.roundTrip(execution.checkpoint());
    HelmRolloutCallable callable = new HelmRolloutCallable(execution.args(), kubeconfigContents, execution.sessionId(), from, console);
    assertThat(Serialization.roundTrip(callable)).as("the callable crosses to the agent").isNotNull();
    AgentResult<HelmRolloutState> result = RemotingChannel.call(callable, workspace.toFile());
    execution.accept(Serialization.roundTrip(result));
    return result;
  }

  static int revisions(String namespace) {
    return kube.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", "web").list().getItems().size();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(FakeStepContext context) {
    assertThat(context.failure()).as("the step failed").isNull();
    return (Map<String, Object>) context.result();
  }

  @Nested
  @DisplayName("binding its arguments")
  class Binding {
    @Test
    @DisplayName("release, namespace and chart come from the constructor, the rest keep stamp rollout's defaults until set")
    void defaults() throws Exception {
      // Given
      HelmRolloutStep step = new HelmRolloutStep(" web ", "apps", "oci://registry.local/charts/demo");
      step.setProbeUrl("http://ingress.local/healthz");
      // When
      HelmRolloutArgs args = step.args();
      HelmRolloutRequest request = args.input(null, "apiVersion: v1\nclusters: [{name: c, cluster: {server: https://127.0.0.1:1}}]\n").validate();
      // Then
      assertThat(args.release()).isEqualTo("web");
      assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(10));
      assertThat(request.historyMax()).isEqualTo(10);
      assertThat(request.maxRestarts()).isEqualTo(3);
      assertThat(request.rollback()).isTrue();
      assertThat(request.firstInstall()).isEqualTo(HelmRolloutRequest.FirstInstallFailure.UNINSTALL);
      assertThat(request.smokeProbe().expectedStatus()).isEqualTo(200);
      assertThat(request.smokeProbe().attempts()).isEqualTo(5);
      assertThat(request.smokeProbe().interval()).isEqualTo(Duration.ofSeconds(2));
      assertThat(request.valuesFiles()).isEmpty();
    }

    @Test
    @DisplayName("the form shows values and set one entry per line, and its submitted text binds back to the same lists")
    void formTextAreas() throws Exception {
      // Given a step as a Jenkinsfile gives it
      HelmRolloutStep step = new HelmRolloutStep("web", "apps", "charts/demo");
      step.setValues(List.of("values.yaml", "values-seattle.yaml"));
      step.setSet(List.of("image.tag=1.2.3", "a=1,b=2"));
      // When the form shows it, and a browser sends the text areas back (CRLF line ends, a blank line, a trailing one)
      String valuesShown = step.getValuesText();
      String setShown = step.getSetText();
      HelmRolloutStep submitted = new HelmRolloutStep("web", "apps", "charts/demo");
      submitted.setValues(FormLines.split(valuesShown.replace("\n", "\r\n\r\n") + "\r\n"));
      submitted.setSet(FormLines.split(setShown + "\n   \n"));
      // Then one line per entry is shown, and the same lists are bound
      assertThat(valuesShown).isEqualTo("values.yaml\nvalues-seattle.yaml");
      assertThat(setShown).isEqualTo("image.tag=1.2.3\na=1,b=2");
      assertThat(submitted.getValues()).isEqualTo(step.getValues());
      assertThat(submitted.getSet()).isEqualTo(step.getSet());
      assertThat(new HelmRolloutStep("web", "apps", "charts/demo").getValuesText()).as("no values: an empty text area, not []").isEmpty();
    }

    @Test
    @DisplayName("a duration that is not one names the argument before anything runs")
    void badDuration() {
      HelmRolloutStep step = new HelmRolloutStep("web", "apps", "charts/demo");
      step.setProbeInterval("often");
      assertThatThrownBy(step::args).isInstanceOf(AbortException.class).hasMessageStartingWith("[helmRollout] invalid input: probeInterval: 'often'");
    }
  }

  @Test
  @DisplayName("core validates on the agent: every bad argument in one AbortException named as the step's arguments, and no session starts")
  void validationThroughCore() throws Exception {
    // Given a bad release name, two kubeconfigs, an unknown first-install policy and a negative history
    HelmRolloutStep bad = new HelmRolloutStep("Web_1", "never-created", "charts/missing");
    bad.setKubeconfig("seattle.kubeconfig");
    bad.setKubeconfigCredentialsId("kube-seattle");
    bad.setOnFirstInstallFailure("keep");
    bad.setHistoryMax(-1);
    HelmRolloutCallable callable = new HelmRolloutCallable(bad.args(), null, UUID.randomUUID().toString(), null, new RecordingListener());
    // When / Then
    assertThatThrownBy(() -> RemotingChannel.call(callable, workspace.toFile())).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[helmRollout] invalid input: ")
        .hasMessageContaining("kubeconfig: give exactly one of kubeconfig").hasMessageContaining("release: 'Web_1' is not a valid Helm release name")
        .hasMessageContaining("chart: no chart at").hasMessageContaining("onFirstInstallFailure: 'keep' (allowed: uninstall, leave)")
        .hasMessageContaining("historyMax: must be 0").hasMessageNotContaining("--");
    assertThat(kube.namespaces().withName("never-created").get()).as("nothing was written to the cluster").isNull();
  }

  @Test
  @DisplayName("poll after poll from the persisted checkpoint, the agent session installs the chart and the step returns plain values")
  void installsAgainstTheSimulatedCluster() throws Exception {
    // Given
    FakeStepContext context = new FakeStepContext();
    HelmRolloutExecution execution = new HelmRolloutExecution(context, step("plugin-install").args());
    // When
    pollToEnd(execution, context, null);
    // Then
    Map<String, Object> result = result(context);
    assertThat(result).containsEntry("status", "succeeded").containsEntry("release", "web")
        .containsEntry("namespace", "plugin-install").containsEntry("revision", 1).containsEntry("phase", "SUCCEEDED");
    assertThat((List<?>) result.get("workloads")).hasSize(2).allSatisfy(w -> assertThat(((Map<?, ?>) w).get("ready")).isEqualTo(true));
    assertThat(result.values()).allMatch(v -> v == null || v instanceof String || v instanceof Integer || v instanceof Long
        || v instanceof Boolean || v instanceof Map || v instanceof List);
    assertThat(revisions("plugin-install")).isEqualTo(1);
    assertThat(context.listener().text()).contains("[helmRollout] ").contains("revision 1")
        .doesNotContain(HelmRolloutCallable.kubeconfigSecrets(kubeconfig).get(0));
  }

  @Test
  @DisplayName("a kubeconfig from a credential travels as characters and reaches the cluster the same way")
  void kubeconfigFromCredential() throws Exception {
    // Given the contents the controller read from a secret file credential
    HelmRolloutStep step = step("plugin-credential");
    step.setKubeconfig(null);
    step.setKubeconfigCredentialsId("kube-seattle");
    FakeStepContext context = new FakeStepContext();
    HelmRolloutExecution execution = new HelmRolloutExecution(context, step.args());
    // When
    pollToEnd(execution, context, kubeconfig.toCharArray());
    // Then
    assertThat(result(context)).containsEntry("status", "succeeded").containsEntry("revision", 1);
    assertThat(HelmRolloutCallable.kubeconfigSecrets(kubeconfig)).as("the kubeconfig's token is masked in the log").hasSize(1);
  }

  @Test
  @DisplayName("a crashing upgrade fails the step with the pod's reason after rolling back to the last good revision")
  void crashingUpgradeIsRolledBack() throws Exception {
    // Given a good first revision
    FakeStepContext first = new FakeStepContext();
    HelmRolloutExecution install = new HelmRolloutExecution(first, step("plugin-crash").args());
    pollToEnd(install, first, null);
    assertThat(result(first)).containsEntry("revision", 1);
    // When the next revision's pods crash
    FakeStepContext context = new FakeStepContext();
    HelmRolloutExecution upgrade = new HelmRolloutExecution(context, step("plugin-crash", "crash=true").args());
    pollToEnd(upgrade, context, null);
    // Then
    assertThat(context.failure()).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[helmRollout] release web in plugin-crash on seattle: failed: ").hasMessageContaining("CrashLoopBackOff");
    assertThat(revisions("plugin-crash")).as("revision 1, the failed 2 and the rollback 3").isEqualTo(3);
    assertThat(context.listener().text()).contains("rollback");
  }

  @Test
  @DisplayName("after the agent restarts, the next poll continues from the checkpoint and re-attaches to the revision it created")
  void agentRestartReattaches() throws Exception {
    // Given a rollout that got as far as tracking its revision; then its session ends as an agent restart would end it
    FakeStepContext context = new FakeStepContext();
    HelmRolloutStep step = step("plugin-restart", "behavior=slow:3s");
    HelmRolloutExecution execution = new HelmRolloutExecution(context, step.args());
    Await.until("the rollout to track its revision", Duration.ofSeconds(60), () -> {
      poll(execution, null, context.listener());
      return execution.checkpoint() != null && execution.checkpoint().state().targetRevision() != null;
    });
    assertThat(context.saves()).as("each unfinished poll saved the new checkpoint with the program").isPositive();
    assertThat(RemotingChannel.call(new AgentSessionCallable.Cancel(execution.sessionId()), workspace.toFile())).isTrue();
    List<String> ended = new ArrayList<>();
    Await.until("the cancelled session to end", Duration.ofSeconds(30), () -> {
      AgentResult<HelmRolloutState> r = RemotingChannel.call(new HelmRolloutCallable(execution.args(), null, execution.sessionId(), execution.checkpoint(),
          new RecordingListener()), workspace.toFile());
      if (r.done()) {
        ended.add(r.status().name().toLowerCase());
      }
      return r.done();
    });
    assertThat(ended).containsExactly("cancelled");
    // When a new agent JVM (no session under any id) is polled with the controller's persisted execution
    HelmRolloutExecution restored = Serialization.roundTrip(execution);
    HelmRolloutExecution resumed = new HelmRolloutExecution(context, restored.args());
    List<String> log = new ArrayList<>();
    RecordingListener console = new RecordingListener();
    AtomicReference<Checkpoint<HelmRolloutState>> from = new AtomicReference<>(restored.checkpoint());
    Await.until("the resumed rollout to finish", Duration.ofSeconds(90), () -> {
      AgentResult<HelmRolloutState> r = RemotingChannel.call(new HelmRolloutCallable(resumed.args(), null, resumed.sessionId(), from.get(), console), workspace.toFile());
      from.set(r.checkpoint());
      if (r.done()) {
        log.add(r.status().name().toLowerCase());
      }
      return r.done();
    });
    // Then
    assertThat(log).containsExactly("succeeded");
    assertThat(console.text()).contains("it was restarted").contains("continuing from the saved state");
    assertThat(revisions("plugin-restart")).as("the upgrade was not sent again").isEqualTo(1);
  }

  @Test
  @DisplayName("a dry run ends on the first poll with what would change, and writes nothing")
  void dryRun() throws Exception {
    // Given
    HelmRolloutStep step = step("plugin-dry");
    step.setCreateNamespace(false);
    step.setDryRun(true);
    kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("plugin-dry").endMetadata().build())
        .create();
    FakeStepContext context = new FakeStepContext();
    HelmRolloutExecution execution = new HelmRolloutExecution(context, step.args());
    // When
    AgentResult<HelmRolloutState> result = poll(execution, null, context.listener());
    // Then
    assertThat(result.done()).isTrue();
    assertThat(result(context)).containsEntry("status", "succeeded").containsEntry("dryRun", true).containsEntry("wouldBeRevision", 1)
        .containsKey("diff");
    assertThat(revisions("plugin-dry")).isZero();
  }

  @Test
  @DisplayName("the kubeconfig's bearer tokens, client keys and passwords are the values the console masks")
  void kubeconfigSecrets() {
    String config = """
        users:
        - name: a
          user:
            token: "t0k3n"
        - name: b
          user:
            client-key-data: S0VZ
            password: 'pw'
        """;
    assertThat(HelmRolloutCallable.kubeconfigSecrets(config)).containsExactly("t0k3n", "S0VZ", "pw");
  }
}
