package io.stamprelease.plugin.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.fabric8.kubernetes.api.model.Node;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.akse.AkseScaleCallable;
import io.stamprelease.plugin.akse.AkseScaleExecution;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.k8s.KubeJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("akseScale step (offline)")
class AkseScaleStepTest {
  @TempDir
  Path workspace;

  @Test
  @DisplayName("binds required arguments from the constructor and keeps the CLI's defaults for the rest")
  void binds() throws Exception {
    AkseScaleCallable.Args args = new AkseScaleStep("seattle", "rg-app", "agentpool1", 5, "kubeconfig.json").args();
    ScaleRequest request = args.input(workspace.toFile()).kubeconfigContents("(the cluster's kubeconfig)").validate();
    assertThat(request.targetCount()).isEqualTo(5);
    assertThat(request.drainTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(request.maxParallelDrains()).isEqualTo(1);
    assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(request.pollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("core validates on the agent before the hub is contacted: masters, counts and unreadable files in one AbortException")
  void validationThroughCore() throws Exception {
    // Given a hub nobody listens on: reaching it would fail differently
    AgentHub nowhere = AgentHubs.nowhere("seattle", "secret");
    AkseScaleStep step = new AkseScaleStep("seattle", "rg-app", "master", 51, "missing.kubeconfig");
    step.setMaxParallelDrains(11);
    AkseScaleCallable callable = new AkseScaleCallable(step.args(), nowhere, null, new RecordingListener());
    // When / Then
    assertThatThrownBy(() -> RemotingChannel.call(callable, workspace.toFile())).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[akseScale] invalid input: ").hasMessageContaining("pool: masters cannot be scaled")
        .hasMessageContaining("count: must be between 1 and 50").hasMessageContaining("maxParallelDrains: must be between 1 and 10")
        .hasMessageContaining("kubeconfig: cannot read");
  }

  @Test
  @DisplayName("the execution's status names the pool, the counts and the mode after a serialization round trip")
  void status() throws Exception {
    AkseScaleExecution execution = new AkseScaleExecution(new FakeStepContext(),
        new AkseScaleStep("seattle", "rg-app", "agentpool1", 1, "k").args());
    assertThat(Serialization.roundTrip(execution).getStatus()).isEqualTo("akseScale on hub seattle: starting");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("through the agent callable against simulated hubs (3 masters, agentpool1 with 3 agents each)")
  class AgainstSimulatedHubs {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POOL = "agentpool1";
    SimulatedCloud cloud;
    HubsFile hubs;
    /** The agent's workspace, shared by the tests of this class. */
    Path ws;

    @BeforeAll
    void start(@TempDir Path workspace) {
      ws = workspace;
      cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), p -> { });
      hubs = HubsFile.load(cloud.writeConfig(ws.resolve("sim")).hubsYaml(), Map.of());
    }

    @AfterAll
    void stop() {
      if (cloud != null) {
        cloud.close();
      }
    }

    /** The hub as the controller ships it to the agent: plain values, the secret as char[]. */
    AgentHub agentHub(String name) throws Exception {
      return AgentHubs.of(hubs.hub(name));
    }

    String secret(String hub) {
      return hubs.hub(hub).clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET);
    }

    /** The step as a Pipeline would write it, with aks-engine's output and the cluster's kubeconfig in {@code <workspace>/<hub>/}. */
    AkseScaleStep step(String hub, int count) throws Exception {
      SimulatedHub h = cloud.hub(hub);
      Cluster cluster = SimulatedCloud.clusterOf(h);
      Path dir = Files.createDirectories(ws.resolve(hub));
      Files.writeString(dir.resolve("azuredeploy.json"), JSON.writeValueAsString(AksEngineTemplates.template(cluster)));
      Files.writeString(dir.resolve("azuredeploy.parameters.json"), JSON.writeValueAsString(AksEngineTemplates.parametersFile(cluster)));
      Files.writeString(dir.resolve("kubeconfig"), h.cluster().kubeconfig("default"));
      AkseScaleStep step = new AkseScaleStep(hub, SimulatedCloud.resourceGroupOf(h), POOL, count, hub + "/kubeconfig");
      step.setTemplate(hub + "/azuredeploy.json");
      step.setParameters(hub + "/azuredeploy.parameters.json");
      step.setTimeout("2m");
      step.setPollInterval("200ms");
      step.setDrainTimeout("30s");
      return step;
    }

    String node(String hub, int index) {
      return "k8s-" + POOL + "-" + SimulatedCloud.clusterOf(cloud.hub(hub)).nameSuffix() + "-" + index;
    }

    /** Kubernetes writes that can be the product's: the simulated kubelet and controllers write status and events on their own. */
    List<KubeJournal.Entry> productKubeWrites(String hub) {
      return cloud.hub(hub).cluster().journal().writes().stream().filter(e -> !e.path().contains("/status") && !e.path().contains("/events"))
          .toList();
    }

    @Test
    @DisplayName("scales out 3 -> 5 visit after visit from the serialized checkpoint, when each visit asked for, and returns target, before, after, added")
    void scaleOut() throws Exception {
      // Given seattle's pool at 3 nodes, its cluster's own deployment out of the journal
      AkseScaleCallable.Args args = step("seattle", 5).args();
      cloud.hub("seattle").arm().journal().clear();
      FakeStepContext context = new FakeStepContext();
      AkseScaleExecution execution = new AkseScaleExecution(context, args);
      AgentHub hub = agentHub("seattle");
      RecordingListener console = new RecordingListener();
      List<String> tasks = new ArrayList<>();
      AtomicReference<Throwable> error = new AtomicReference<>();
      AtomicReference<Instant> nextVisit = new AtomicReference<>(Instant.EPOCH);
      // When: the controller's visits, each a fresh callable fed the serialized checkpoint, at the time the last visit asked for
      Await.until("akseScale to finish", Duration.ofSeconds(90), () -> {
        if (Instant.now().isBefore(nextVisit.get())) {
          return false;
        }
        try {
          Checkpoint<ScaleState> from = execution.checkpoint() == null ? null : Serialization.roundTrip(execution.checkpoint());
          AkseScaleCallable callable = new AkseScaleCallable(args, hub, from, console);
          assertThat(Serialization.roundTrip(callable)).as("the callable crosses to the agent").isNotNull();
          AgentResult<ScaleState> result = RemotingChannel.call(callable, ws.toFile());
          tasks.add(result.done() ? "(done)" : result.task());
          execution.accept(Serialization.roundTrip(result)).ifPresent(wait -> nextVisit.set(Instant.now().plus(wait)));
        } catch (Exception | AssertionError e) {
          error.set(e);
        }
        return context.completed() || error.get() != null;
      });
      // Then
      assertThat(error.get()).isNull();
      assertThat(context.failure()).isNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) context.result();
      assertThat(result).containsEntry("status", "succeeded").containsEntry("hub", "seattle").containsEntry("pool", POOL)
          .containsEntry("target", 5).containsEntry("before", 3).containsEntry("after", 5)
          .containsEntry("added", List.of(node("seattle", 3), node("seattle", 4))).containsEntry("removed", List.of());
      assertThat(result.values()).allMatch(v -> v == null || v instanceof String || v instanceof Integer || v instanceof Long
          || v instanceof Boolean || v instanceof Map || v instanceof List);
      assertThat(tasks).as("visit after visit: %s", tasks).hasSizeGreaterThan(1).endsWith("(done)").first().isNotEqualTo("(done)");
      assertThat(cloud.hub("seattle").arm().journal().count(e -> e.method().equals("PUT") && e.path().contains("/deployments/")))
          .as("one scale-out deployment across all visits").isEqualTo(1);
      assertThat(cloud.hub("seattle").arm().journal().count(e -> e.method().equals("PUT")
          && e.path().endsWith("/deployments/scale-agentpool1-3-to-5"))).isEqualTo(1);
      for (int i : new int[] {3, 4}) {
        Node n = cloud.hub("seattle").cluster().client().nodes().withName(node("seattle", i)).get();
        assertThat(n).as(node("seattle", i)).isNotNull();
        assertThat(n.getStatus().getConditions()).anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      }
      assertThat(console.text()).contains("[akseScale] seattle submit-scale-out: deployment scale-agentpool1-3-to-5 submitted")
          .contains("[akseScale] seattle wait-for-nodes: 2 new node(s) Ready").doesNotContain(secret("seattle"));
      assertThat(context.saves()).isPositive();
      PrivateDirectories.assertNoneLeft(ws);
    }

    @Test
    @DisplayName("a pool already at the target ends on the first visit with nothing written to ARM or Kubernetes")
    void alreadyAtTarget() throws Exception {
      // Given denver's pool at 3 nodes
      AkseScaleCallable.Args args = step("denver", 3).args();
      cloud.hub("denver").arm().journal().clear();
      cloud.hub("denver").cluster().journal().clear();
      FakeStepContext context = new FakeStepContext();
      AkseScaleExecution execution = new AkseScaleExecution(context, args);
      // When the first visit runs
      AgentResult<ScaleState> first = RemotingChannel.call(new AkseScaleCallable(args, agentHub("denver"), null, new RecordingListener()), ws.toFile());
      // Then it is the last
      assertThat(first.done()).isTrue();
      assertThat(execution.accept(Serialization.roundTrip(first))).as("no further visit").isEmpty();
      assertThat(context.failure()).isNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) context.result();
      assertThat(result).containsEntry("status", "succeeded").containsEntry("target", 3).containsEntry("before", 3).containsEntry("after", 3)
          .containsEntry("added", List.of()).containsEntry("summary", "agentpool1: 3 -> 3 nodes (already at the target; nothing changed)");
      assertThat(cloud.hub("denver").arm().journal().writes()).isEmpty();
      assertThat(productKubeWrites("denver")).isEmpty();
    }
  }
}
