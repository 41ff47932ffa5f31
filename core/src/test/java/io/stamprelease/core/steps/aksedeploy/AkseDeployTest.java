package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.engine.Step;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.JournalEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("akseDeploy against simulated hubs")
class AkseDeployTest {
  static final String FAST = "200ms";
  static final AtomicInteger CLUSTERS = new AtomicInteger();
  static SimulatedCloud cloud;
  static HubsFile hubs;
  @TempDir
  static Path dir;

  final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  final Engine engine = Engine.system(events::add);

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(2, HubSettings.fast());
    hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void clearFaults() {
    cloud.hubs().forEach(h -> h.arm().faults().clear());
  }

  /** A fresh cluster (its own dnsPrefix, nameSuffix and resource group): 1 master, 2 agents. */
  record Fixture(String hub, String resourceGroup, Cluster cluster, AkseDeployRequest deployment) {
  }

  static Fixture fixture(String hub) {
    int n = CLUSTERS.incrementAndGet();
    Cluster cluster = Cluster.of("akse" + n, String.valueOf(40_000_000 + n), 1, Map.of("agentpool1", 2));
    ClusterFiles files = ClusterFiles.write(dir.resolve("cluster" + n), cluster);
    AkseDeployInput input = new AkseDeployInput().hub(hub).resourceGroup("rg-akse-" + n).location(hub).template(files.template())
        .parameters(files.parameters()).kubeconfig(dir.resolve(hub + ".kubeconfig")).timeout("60s").pollInterval(FAST);
    return new Fixture(hub, "rg-akse-" + n, cluster, input.validate());
  }

  static Step<AkseDeployState> plan(Fixture f) {
    return AkseDeploySteps.plan(HubConnection.open(hubs.hub(f.hub()), w -> { }).arm(), f.deployment());
  }

  Outcome<AkseDeployState> run(Fixture f) {
    Step<AkseDeployState> step = plan(f);
    return engine.run(step, engine.start(step, AkseDeploySteps.initialState(f.deployment())), f.hub(), new Engine.Cancellation());
  }

  static long deploymentPuts(SimulatedHub hub, Fixture f) {
    return hub.arm().journal().count(e -> e.method().equals("PUT") && e.path().endsWith("/deployments/" + f.deployment().name()));
  }

  @Nested
  @DisplayName("a fresh cluster")
  class Fresh {
    @Test
    @DisplayName("is deployed on an ADFS hub: resource group created, deployment Succeeded, every node Ready, outputs for the report")
    void adfsHub() {
      // Given
      Fixture f = fixture("seattle");
      // When
      Outcome<AkseDeployState> outcome = run(f);
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(AkseDeployResult.of("seattle", f.deployment(), outcome).toPlainMap()).containsEntry("result", "deployed")
          .containsEntry("deploymentName", f.deployment().name()).containsEntry("readyNodes", 3).containsEntry("expectedNodes", 3).containsEntry("kubernetesVersion", "1.33.5")
          .containsEntry("nodesPerPool", Map.of("master", 1, "agentpool1", 2));
      assertThat((String) outcome.outputs().get("correlationId")).isNotBlank();
      assertThat((String) outcome.outputs().get("masterFQDN")).startsWith(f.cluster().dnsPrefix() + ".seattle.");
      assertThat(f.deployment().name()).startsWith(f.cluster().dnsPrefix() + "-").hasSize(f.cluster().dnsPrefix().length() + 11);
      assertThat(cloud.hub("seattle").arm().journal().writes()).extracting(JournalEntry::method, e -> e.path().replaceAll(".*/", ""))
          .contains(org.assertj.core.groups.Tuple.tuple("PUT", f.resourceGroup()), org.assertj.core.groups.Tuple.tuple("PUT", f.deployment().name()));
      assertThat(events).extracting(ProgressEvent::line).anyMatch(l -> l.matches(".*wait-for-nodes: \\d/3 nodes Ready.*"))
          .anyMatch(l -> l.contains("wait-for-nodes: 3/3 nodes Ready (master 1/1, agentpool1 2/2)"));
    }

    @Test
    @DisplayName("is deployed on an Azure AD hub the same way")
    void aadHub() {
      Fixture f = fixture("denver");
      Outcome<AkseDeployState> outcome = run(f);
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(outcome.outputs()).containsEntry("readyNodes", 3);
      assertThat(deploymentPuts(cloud.hub("denver"), f)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a deployment that fails lists each failed resource with its ARM code and the nested message")
  void failedDeployment() {
    // Given the hub will fail the next deployment: the CSE of the first VM exits 50
    Fixture f = fixture("seattle");
    cloud.hub("seattle").arm().faults().failNextDeploymentWithCseExit50();
    // When
    Outcome<AkseDeployState> outcome = run(f);
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).contains("deployment " + f.deployment().name() + " in resource group " + f.resourceGroup())
        .contains("ended Failed: VMExtensionProvisioningError: ").contains("(ARM: DeploymentFailed); failed operations:")
        .contains("Microsoft.Compute/virtualMachines k8s-master-" + f.cluster().nameSuffix() + "-0: VMExtensionProvisioningError:")
        .contains("exit status=50").contains("correlation id ");
  }

  @Test
  @DisplayName("re-running a converged deployment submits nothing: reads only, no PUT and no validate")
  void rerunIsNoOp() {
    // Given a cluster deployed once
    Fixture f = fixture("denver");
    assertThat(run(f).succeeded()).isTrue();
    SimulatedHub hub = cloud.hub("denver");
    int before = hub.arm().journal().entries().size();
    // When the same deployment runs again
    Outcome<AkseDeployState> again = run(f);
    // Then
    assertThat(again.status()).as(again.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(again.outputs()).containsEntry("result", "unchanged").containsEntry("readyNodes", 3);
    List<JournalEntry> writes = hub.arm().journal().entries().subList(before, hub.arm().journal().entries().size()).stream()
        .filter(JournalEntry::isWrite).filter(e -> !e.path().contains("/oauth2/")).toList();
    assertThat(writes).isEmpty();
    assertThat(again.state().phase()).isEqualTo(AkseDeployState.Phase.UNCHANGED);
  }

  @Test
  @DisplayName("a changed parameter (a scale-out override) is submitted again under the same name")
  void changedParametersAreSubmitted() {
    Fixture f = fixture("denver");
    assertThat(run(f).succeeded()).isTrue();
    Path files = dir.resolve("cluster" + f.cluster().dnsPrefix().substring(4));
    AkseDeployInput grown = new AkseDeployInput().hub("denver").resourceGroup(f.resourceGroup()).location("denver")
        .template(files.resolve("azuredeploy.json")).parameters(files.resolve("azuredeploy.parameters.json"))
        .kubeconfig(dir.resolve("denver.kubeconfig")).pollInterval(FAST).parameterOverrides(Map.of("agentpool1Count", 3, "agentpool1Offset", 2));
    Fixture g = new Fixture("denver", f.resourceGroup(), f.cluster(), grown.validate());
    Outcome<AkseDeployState> outcome = run(g);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(g.deployment().name()).isEqualTo(f.deployment().name());
    assertThat(outcome.outputs()).containsEntry("result", "deployed").containsEntry("readyNodes", 4);
    assertThat(deploymentPuts(cloud.hub("denver"), f)).isEqualTo(2);
  }

  @Nested
  @DisplayName("after an interruption while the deployment runs")
  class Reattach {
    /** Advances until the deployment is submitted and ARM reports it Running; the engine does the waiting. */
    Checkpoint<AkseDeployState> interruptWhileRunning(Fixture f) throws Exception {
      Step<AkseDeployState> step = plan(f);
      Checkpoint<AkseDeployState> cp = engine.start(step, AkseDeploySteps.initialState(f.deployment()));
      Sleeper sleeper = Sleeper.system(Clock.systemUTC());
      Instant deadline = Instant.now().plusSeconds(20);
      Predicate<Checkpoint<AkseDeployState>> running = c -> c.taskIndex() == 2 && events.stream()
          .anyMatch(e -> e.phase().equals("wait-for-deployment") && e.message().contains("running"));
      while (!running.test(cp) && Instant.now().isBefore(deadline)) {
        sleeper.sleepUntil(cp.notBefore(), () -> false);
        cp = ((Engine.Advance.Continue<AkseDeployState>) engine.advance(step, cp, f.hub(), new Engine.Cancellation())).next();
      }
      assertThat(running.test(cp)).as("deployment running before the interruption").isTrue();
      return cp;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    }

    @Test
    @DisplayName("resuming from the persisted checkpoint watches the same deployment: one PUT in all")
    void fromCheckpoint() throws Exception {
      // Given a run dropped while its deployment is Running, its checkpoint persisted
      Fixture f = fixture("seattle");
      Checkpoint<AkseDeployState> persisted = roundTrip(interruptWhileRunning(f));
      // When a new engine and a new plan (new hub connection) continue from it
      Engine fresh = Engine.system(events::add);
      Outcome<AkseDeployState> outcome = fresh.run(plan(f), persisted, f.hub(), new Engine.Cancellation());
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(outcome.state().phase()).isEqualTo(AkseDeployState.Phase.SUBMITTED);
      assertThat(deploymentPuts(cloud.hub("seattle"), f)).isEqualTo(1);
    }

    @Test
    @DisplayName("starting again from scratch finds the Running deployment and re-attaches to it: one PUT in all")
    void fromScratch() throws Exception {
      // Given a run dropped while its deployment is Running, nothing persisted
      Fixture f = fixture("seattle");
      interruptWhileRunning(f);
      // When the whole step starts again
      Outcome<AkseDeployState> outcome = run(f);
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(outcome.state().phase()).isEqualTo(AkseDeployState.Phase.REATTACHED);
      assertThat(outcome.outputs()).containsEntry("result", "reattached").containsEntry("readyNodes", 3);
      assertThat(deploymentPuts(cloud.hub("seattle"), f)).isEqualTo(1);
      assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.contains("re-attaching to it instead of starting another"));
    }
  }

  @Nested
  @DisplayName("an unreliable hub")
  class Faults {
    @Test
    @DisplayName("throttling (429 + Retry-After) on the PUT and the polls is survived")
    void throttled() {
      Fixture f = fixture("denver");
      cloud.hub("denver").arm().faults().throttle("PUT /subscriptions", 2, 1).throttle("operationstatuses", 2, 1);
      Outcome<AkseDeployState> outcome = run(f);
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(cloud.hub("denver").arm().journal().count(e -> e.status() == 429)).isGreaterThanOrEqualTo(4);
      assertThat(cloud.hub("denver").arm().journal().count(e -> e.status() == 201 && e.path().endsWith("/deployments/" + f.deployment().name())))
          .isEqualTo(1);
    }

    @Test
    @DisplayName("a burst of 5xx longer than one call's retries is survived by the engine's backoff, without a second deployment")
    void serverErrors() {
      Fixture f = fixture("seattle");
      cloud.hub("seattle").arm().faults().serverErrors("/deployments/" + f.deployment().name(), 6, 503);
      Outcome<AkseDeployState> outcome = run(f);
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.startsWith("transient error"));
      assertThat(cloud.hub("seattle").arm().journal().count(e -> e.status() == 201 && e.path().endsWith("/deployments/" + f.deployment().name())))
          .isEqualTo(1);
    }

    @Test
    @DisplayName("an api-version outside the hub's profile is refused by the hub and explained, nothing written")
    void apiVersionRefused() {
      // Given the hub spec with the public-Azure profile (it sends 2021-04-01)
      Fixture f = fixture("seattle");
      HubSpec s = hubs.hub("seattle");
      HubSpec publicProfile = new HubSpec(s.name(), s.armEndpoint(), s.identitySystem(), s.tenant(), s.subscription(), s.clientId(),
          s.clientSecret(), s.clientCertificate(), s.certificatePassword(), s.caFile(), s.insecureSkipTlsVerify(), s.proxy(),
          ApiProfile.PUBLIC_AZURE, s.loginEndpoint(), s.audience());
      Step<AkseDeployState> step = AkseDeploySteps.plan(HubConnection.open(publicProfile, w -> { }).arm(), f.deployment());
      int writesBefore = cloud.hub("seattle").arm().journal().writes().size();
      // When
      Outcome<AkseDeployState> outcome = engine.run(step, engine.start(step, AkseDeploySteps.initialState(f.deployment())), "seattle",
          new Engine.Cancellation());
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.TERMINAL);
      assertThat(outcome.message()).contains("hub seattle refused api-version 2021-04-01 for resourceGroups")
          .contains("InvalidApiVersionParameter").contains("set apiProfile for this hub in hubs.yaml to 2020-09-01-hybrid");
      assertThat(cloud.hub("seattle").arm().journal().writes()).hasSize(writesBefore);
    }
  }

  @Test
  @DisplayName("what-if is not served by the hub: validate runs instead and says so, and no deployment is written")
  void whatIfFallsBackToValidate() {
    // Given an existing resource group
    Fixture f = fixture("seattle");
    cloud.hub("seattle").arm().createResourceGroup(f.resourceGroup());
    AkseDeployRequest preview = new AkseDeployRequest(f.resourceGroup(), "seattle", f.deployment().name(), f.deployment().template(),
        f.deployment().parameters(), f.deployment().shape(), null, Duration.ofSeconds(30), true, Duration.ofMillis(200));
    Step<AkseDeployState> step = AkseDeploySteps.plan(HubConnection.open(hubs.hub("seattle"), w -> { }).arm(), preview);
    // When
    Outcome<AkseDeployState> outcome = engine.run(step, engine.start(step, AkseDeploySteps.initialState(preview)), "seattle",
        new Engine.Cancellation());
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.outputs()).containsEntry("preview", "validate").containsEntry("whatIfUnavailable", "InvalidResourceType");
    assertThat(outcome.message()).contains("does not serve what-if (InvalidResourceType); validated instead");
    assertThat(cloud.hub("seattle").arm().journal().writes()).filteredOn(e -> e.path().contains(f.deployment().name()))
        .extracting(e -> e.method() + " " + e.path().replaceAll(".*/", "")).containsExactly("POST whatIf", "POST validate");
  }

  @Nested
  @DisplayName("cancelling a deployment")
  class Cancel {
    @Test
    @DisplayName("stops a running deployment (ARM ends it Canceled); a second cancel says it had already ended")
    void running() {
      // Given a deployment that was submitted and is still running
      Fixture f = fixture("seattle");
      Step<AkseDeployState> step = plan(f);
      Checkpoint<AkseDeployState> cp = engine.start(step, AkseDeploySteps.initialState(f.deployment()));
      Engine.Cancellation go = new Engine.Cancellation();
      while (cp.state().phase() != AkseDeployState.Phase.SUBMITTED) {
        cp = ((Engine.Advance.Continue<AkseDeployState>) engine.advance(step, cp, "seattle", go)).next();
      }
      ArmClient arm = HubConnection.open(hubs.hub("seattle"), w -> { }).arm();
      // When
      String said = CancelDeployment.cancel(arm, f.resourceGroup(), f.deployment().name());
      // Then
      assertThat(said).startsWith("cancelled ARM deployment " + f.deployment().name());
      String state = arm.get(DeploymentPaths.deployment(arm, f.resourceGroup(), f.deployment().name()), DeploymentPaths.TYPE).body()
          .at("/properties/provisioningState").asText();
      assertThat(state).isIn("Canceling", "Canceled");
      assertThat(CancelDeployment.cancel(arm, f.resourceGroup(), f.deployment().name())).contains("had already ended");
    }

    @Test
    @DisplayName("of a deployment that never existed says there is nothing to cancel")
    void missing() {
      ArmClient arm = HubConnection.open(hubs.hub("seattle"), w -> { }).arm();
      assertThat(CancelDeployment.cancel(arm, "rg-nothing", "nothing-0000000000")).contains("nothing to cancel");
    }
  }
}
