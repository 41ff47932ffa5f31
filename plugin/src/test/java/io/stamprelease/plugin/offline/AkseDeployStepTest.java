package io.stamprelease.plugin.offline;

import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.agent.WorkspacePaths;
import io.stamprelease.plugin.akse.AkseDeployArgs;
import io.stamprelease.plugin.akse.AkseDeployCallable;
import io.stamprelease.plugin.akse.AkseDeployCancel;
import io.stamprelease.plugin.akse.AkseDeployExecution;
import io.stamprelease.plugin.akse.AkseDeployStep;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.hubs.HubCredentials;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("akseDeploy step (offline: fake step context, the agent callable against a simulated hub)")
class AkseDeployStepTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  static SimulatedCloud cloud;
  static HubsFile hubs;
  @TempDir
  static Path workspace;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(1, HubSettings.fast());
    hubs = HubsFile.load(cloud.writeConfig(workspace).hubsYaml(), Map.of());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** The hub as the controller would ship it to the agent: plain values, the secret as char[]. */
  static AgentHub agentHub(String name) throws Exception {
    return AgentHubs.of(hubs.hub(name));
  }

  /** aks-engine's output for a fresh cluster in {@code <workspace>/clusterN/}; returns its folder relative to the workspace. */
  static String clusterFiles() throws Exception {
    int n = CLUSTERS.incrementAndGet();
    Cluster cluster = Cluster.of("plugin" + n, String.valueOf(50_000_000 + n), 1, Map.of("agentpool1", 2));
    Path dir = Files.createDirectories(workspace.resolve("cluster" + n));
    Files.writeString(dir.resolve("azuredeploy.json"), JSON.writeValueAsString(AksEngineTemplates.template(cluster)));
    Files.writeString(dir.resolve("azuredeploy.parameters.json"), JSON.writeValueAsString(AksEngineTemplates.parametersFile(cluster)));
    return "cluster" + n;
  }

  static AkseDeployStep step(String folder) {
    AkseDeployStep step = new AkseDeployStep("seattle", "rg-plugin-" + folder, folder + "/azuredeploy.json", folder + "/azuredeploy.parameters.json");
    step.setLocation("seattle");
    step.setKubeconfig("seattle.kubeconfig");
    step.setTimeout("2m");
    step.setPollInterval("200ms");
    return step;
  }

  @Nested
  @DisplayName("binding its arguments")
  class Binding {
    @Test
    @DisplayName("required arguments come from the constructor, optional ones keep the CLI's defaults until set")
    void defaults() throws Exception {
      // Given
      AkseDeployStep step = new AkseDeployStep(" seattle ", "rg-1", "azuredeploy.json", "azuredeploy.parameters.json");
      // When
      AkseDeployArgs args = step.args();
      // Then
      assertThat(args.hub()).isEqualTo("seattle");
      assertThat(args.mode()).isEqualTo("Incremental");
      assertThat(args.timeout()).isEqualTo("30m");
      assertThat(args.pollInterval()).isEqualTo("10s");
      assertThat(args.whatIf()).isFalse();
      assertThat(WorkspacePaths.path(new File("/ws"), args.template())).isEqualTo(Path.of("/ws/azuredeploy.json"));
    }

    @Test
    @DisplayName("a duration that is not one names the argument in an AbortException before anything runs")
    void badDuration() {
      AkseDeployStep step = new AkseDeployStep("seattle", "rg-1", "t.json", "p.json");
      step.setTimeout("soon");
      assertThatThrownBy(step::args).isInstanceOf(AbortException.class).hasMessageStartingWith("[akseDeploy] invalid input: timeout: 'soon'");
    }

    @Test
    @DisplayName("a missing hub is an AbortException naming the hub argument")
    void missingHub() {
      assertThatThrownBy(() -> new AkseDeployStep(" ", "rg", "t.json", "p.json").args()).isInstanceOf(AbortException.class)
          .hasMessageContaining("hub: is required");
    }
  }

  @Test
  @DisplayName("core validates on the agent: every bad argument in one AbortException, named as the step's arguments, nothing sent to the hub")
  void validationThroughCore() throws Exception {
    // Given a Complete-mode deployment without a template or parameters
    AkseDeployStep step = new AkseDeployStep("seattle", "rg bad!", null, null);
    step.setMode("Complete");
    long writesBefore = cloud.hub("seattle").arm().journal().writes().size();
    AkseDeployCallable callable = new AkseDeployCallable(step.args(), agentHub("seattle"), null, new RecordingListener());
    // When / Then
    assertThatThrownBy(() -> RemotingChannel.call(callable, workspace.toFile())).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[akseDeploy] invalid input: ")
        .hasMessageContaining("resourceGroup: must be a resource group name of 1-90").hasMessageContaining("mode: must be Incremental")
        .hasMessageContaining("template: is required").hasMessageContaining("parameters: is required")
        .hasMessageNotContaining("--");
    assertThat(cloud.hub("seattle").arm().journal().writes()).hasSize((int) writesBefore);
  }

  @Test
  @DisplayName("visit after visit from the persisted checkpoint alone, the agent callable deploys a cluster and the step returns plain values")
  void deploysAgainstTheSimulatedHub() throws Exception {
    // Given
    String folder = clusterFiles();
    AkseDeployArgs args = step(folder).args();
    FakeStepContext context = new FakeStepContext();
    AkseDeployExecution execution = new AkseDeployExecution(context, args);
    AgentHub hub = agentHub("seattle");
    RecordingListener console = new RecordingListener();
    List<String> tasks = new ArrayList<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    // When: the controller's visits, each one a fresh callable fed the (serialized) checkpoint, as after a restart
    Await.until("akseDeploy to finish", Duration.ofSeconds(90), () -> {
      try {
        Checkpoint<AkseDeployState> from = execution.checkpoint() == null ? null : Serialization.roundTrip(execution.checkpoint());
        AkseDeployCallable callable = new AkseDeployCallable(args, hub, from, console);
        assertThat(Serialization.roundTrip(callable)).as("the callable crosses to the agent").isNotNull();
        AgentResult<AkseDeployState> result = RemotingChannel.call(callable, workspace.toFile());
        tasks.add(result.task());
        execution.accept(Serialization.roundTrip(result));
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
    assertThat(result).containsEntry("hub", "seattle").containsEntry("resourceGroup", "rg-plugin-" + folder).containsEntry("status", "succeeded")
        .containsEntry("result", "deployed").containsEntry("readyNodes", 3).containsEntry("expectedNodes", 3)
        .containsEntry("nodesPerPool", Map.of("master", 1, "agentpool1", 2));
    assertThat(result.values()).allMatch(v -> v == null || v instanceof String || v instanceof Integer || v instanceof Long
        || v instanceof Boolean || v instanceof Map || v instanceof List);
    assertThat(cloud.hub("seattle").arm().journal().count(e -> e.method().equals("PUT")
        && e.path().endsWith("/deployments/" + result.get("deploymentName")))).as("one deployment PUT across all visits").isEqualTo(1);
    assertThat(console.text()).contains("[akseDeploy] seattle ").contains("nodes Ready")
        .doesNotContain(hubs.hub("seattle").clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET));
    assertThat(context.saves()).isPositive();
    PrivateDirectories.assertNoneLeft(workspace);
  }

  @Test
  @DisplayName("aborted while its deployment runs, the step cancels that ARM deployment on the agent and says so")
  void abortCancelsTheDeployment() throws Exception {
    // Given a deployment this step submitted, still running
    String folder = clusterFiles();
    AkseDeployArgs args = step(folder).args();
    AkseDeployExecution execution = new AkseDeployExecution(new FakeStepContext(), args);
    AgentHub hub = agentHub("seattle");
    Await.until("the deployment to be submitted", Duration.ofSeconds(30), () -> {
      execution.accept(RemotingChannel.call(new AkseDeployCallable(args, hub, execution.checkpoint(), new RecordingListener()), workspace.toFile()));
      return execution.checkpoint() != null && execution.checkpoint().state().phase() == AkseDeployState.Phase.SUBMITTED;
    });
    String name = execution.checkpoint().state().deploymentName();
    // When the controller's stop() sends the cancel to the agent
    String said = RemotingChannel.call(new AkseDeployCancel(hub, args.resourceGroup(), name), workspace.toFile());
    // Then
    assertThat(said).startsWith("cancelled ARM deployment " + name).doesNotContain(hubs.hub("seattle").clientSecret().read(io.stamprelease.core.clients.hub.HubSpec.Field.CLIENT_SECRET));
    assertThat(cloud.hub("seattle").arm().journal().count(e -> e.method().equals("POST") && e.path().endsWith("/deployments/" + name + "/cancel")))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("the execution persists only arguments and core's checkpoint, and says where it is after a serialization round trip")
  void executionStateSurvivesSerialization() throws Exception {
    // Given an execution in the middle of the deployment wait
    AkseDeployArgs args = step("cluster-x").args();
    AkseDeployExecution execution = new AkseDeployExecution(new FakeStepContext(), args);
    AkseDeployState state = new AkseDeployState("plugin9-0123456789", AkseDeployState.Phase.SUBMITTED,
        new io.stamprelease.core.clients.arm.LroOperation("https://management.seattle/op/1", null, null, null,
            java.time.Instant.parse("2026-01-01T00:00:05Z"), 0, null), "corr-1", java.time.Instant.parse("2026-01-01T00:00:00Z"), 2, null);
    Checkpoint<AkseDeployState> checkpoint = new Checkpoint<>(2, state, java.time.Instant.parse("2026-01-01T00:30:00Z"), 0, 0,
        java.time.Instant.parse("2026-01-01T00:00:10Z"), Map.of("correlationId", "corr-1"));
    assertThat(execution.accept(AgentResult.next(checkpoint, "wait-for-deployment"))).isPresent();
    // When
    AkseDeployExecution restored = Serialization.roundTrip(execution);
    // Then
    assertThat(restored.checkpoint()).isEqualTo(checkpoint);
    assertThat(restored.args()).isEqualTo(args);
    assertThat(restored.getStatus()).isEqualTo("akseDeploy on hub seattle: task 3 (wait-for-deployment), deployment plugin9-0123456789 "
        + "submitted, 2 nodes Ready, next look at 2026-01-01T00:00:10Z");
  }

  @Test
  @DisplayName("a failed outcome completes the step with an AbortException carrying core's message")
  void failedOutcome() {
    FakeStepContext context = new FakeStepContext();
    AkseDeployExecution execution = new AkseDeployExecution(context, new AkseDeployArgs("seattle", "rg", "t", "p", null, null,
        null, "Incremental", "1m", null, false, "1s", Map.of()));
    execution.accept(AgentResult.done(null, io.stamprelease.core.engine.Outcome.Status.FAILED, "deployment d failed: VMExtensionProvisioningError",
        null));
    assertThat(context.failure()).isInstanceOf(AbortException.class)
        .hasMessage("[akseDeploy] hub seattle: failed: deployment d failed: VMExtensionProvisioningError");
  }

  @Nested
  @DisplayName("credentials of a hub")
  class Credentials {
    @Test
    @DisplayName("of an unsupported type are refused with an AbortException naming the credentials id")
    void wrongType() {
      HubEntry hub = new HubEntry("seattle", "https://management.seattle.example/", "adfs", "00000000-0000-0000-0000-000000000001", "sp-seattle");
      assertThatThrownBy(() -> HubCredentials.agentValues("akseDeploy", hub, new SshKeyLike("sp-seattle"))).isInstanceOf(AbortException.class)
          .hasMessageContaining("credentials 'sp-seattle' are a SshKeyLike");
    }

    @Test
    @DisplayName("a hub entry is checked by core's hub validation, field by field")
    void hubProblems() {
      HubEntry hub = new HubEntry("Seattle!", "http://management.seattle.example/", "kerberos", "not-a-guid", null);
      assertThat(hub.problems().stream().map(Object::toString).toList()).anyMatch(p -> p.startsWith("name: ")).anyMatch(p -> p.startsWith("armEndpoint: must be an https:// URL"))
          .anyMatch(p -> p.startsWith("identitySystem: ")).anyMatch(p -> p.startsWith("subscription: must be a subscription GUID"))
          .anyMatch(p -> p.startsWith("credentialsId: is required"));
    }
  }

  /** A credential type the hubs cannot use; it declares every abstract member of the real credentials interfaces. */
  record SshKeyLike(String id) implements StandardCredentials {
    @Override
    public String getId() {
      return id;
    }

    @Override
    public String getDescription() {
      return "an SSH key";
    }

    @Override
    public CredentialsScope getScope() {
      return CredentialsScope.GLOBAL;
    }

    /** Never asked for here; a real credential returns its registered descriptor. */
    @Override
    public CredentialsDescriptor getDescriptor() {
      throw new UnsupportedOperationException("no Jenkins: no descriptors");
    }
  }
}
