package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Step;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.ArmContract.LroKind;
import io.stamprelease.testkit.arm.ArmContract.LroStyle;
import io.stamprelease.testkit.arm.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * akseDeploy against every shape the public ARM contract allows (issue 13): Location-style LROs and their final bodies,
 * error answers, failed status reads, paged operation lists, hubs that echo neither templateHash nor deployment tags, a
 * what-if that fails, and deadlines that bind while ARM holds an answer.
 */
@DisplayName("akseDeploy holds the ARM contract")
class AkseDeployContractTest {
  static final AtomicInteger CLUSTERS = new AtomicInteger(100);
  static SimulatedCloud cloud;
  static HubsFile hubs;
  @TempDir
  static Path dir;

  final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  final Engine engine = Engine.system(events::add);

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(1, HubSettings.fast());
    hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void reset() {
    hub().arm().faults().clear();
    hub().arm().contract().reset();
  }

  static SimulatedHub hub() {
    return cloud.hub("seattle");
  }

  /** A fresh cluster (its own dnsPrefix, nameSuffix and resource group): 1 master, 2 agents. */
  static AkseDeployRequest fresh(String timeout) {
    int n = CLUSTERS.incrementAndGet();
    Cluster cluster = Cluster.of("akse" + n, String.valueOf(50_000_000 + n), 1, Map.of("agentpool1", 2));
    ClusterFiles files = ClusterFiles.write(dir.resolve("cluster" + n), cluster);
    return new AkseDeployInput().hub("seattle").resourceGroup("rg-contract-" + n).location("seattle").template(files.template())
        .parameters(files.parameters()).kubeconfig(dir.resolve("seattle.kubeconfig")).timeout(timeout).pollInterval("200ms").validate();
  }

  Step<AkseDeployState> plan(AkseDeployRequest request) {
    return AkseDeploySteps.plan(HubConnection.open(hubs.hub("seattle"), w -> { }).arm(), request);
  }

  Outcome<AkseDeployState> run(AkseDeployRequest request) {
    Step<AkseDeployState> step = plan(request);
    return engine.run(step, engine.start(step, AkseDeploySteps.initialState(request)), "seattle", new Engine.Cancellation());
  }

  static long accepted(AkseDeployRequest r) {
    return hub().arm().journal().count(e -> e.method().equals("PUT") && e.path().endsWith("/deployments/" + r.name()) && e.status() < 300);
  }

  static List<JournalEntry> writesSince(int from) {
    List<JournalEntry> all = hub().arm().journal().entries();
    return all.subList(from, all.size()).stream().filter(JournalEntry::isWrite).filter(e -> !e.path().contains("/oauth2/")).toList();
  }

  @Nested
  @DisplayName("a deployment started Location-style (202, invisible until it ends)")
  class LocationStyle {
    @Test
    @DisplayName("is watched through its Location to Succeeded: one PUT, every node Ready")
    void succeeds() {
      // Given
      hub().arm().contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      AkseDeployRequest r = fresh("60s");
      // When
      Outcome<AkseDeployState> outcome = run(r);
      // Then
      assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(outcome.outputs()).containsEntry("readyNodes", 3).containsEntry("result", "deployed");
      assertThat(accepted(r)).isEqualTo(1);
      assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.contains("watching it through Location"));
    }

    @Test
    @DisplayName("whose final 200 says provisioningState Failed is reported Failed with its root cause, never Succeeded")
    void finalBodyFailed() {
      // Given
      hub().arm().contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      hub().arm().faults().failNextDeploymentWithCseExit50();
      AkseDeployRequest r = fresh("60s");
      // When
      Outcome<AkseDeployState> outcome = run(r);
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).contains("ended Failed: VMExtensionProvisioningError:", "exit status=50", "failed operations:",
          "Microsoft.Compute/virtualMachines k8s-master-" + r.shape().nameSuffix() + "-0");
    }

    @Test
    @DisplayName("ending in an error answer (409 + error) is reported Failed and still lists its failed operations")
    void errorAnswer() {
      // Given
      hub().arm().contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION).failuresAsErrorAnswer(409);
      hub().arm().faults().failNextDeploymentWithCseExit50();
      AkseDeployRequest r = fresh("60s");
      // When
      Outcome<AkseDeployState> outcome = run(r);
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).contains("ended Failed: VMExtensionProvisioningError:", "failed operations:\n  Microsoft.Compute/virtualMachines");
    }

    @Test
    @DisplayName("found running by a second run (ARM answers DeploymentActive and does not show it yet) is waited for, not started again")
    void deploymentActiveWhileInvisible() {
      // Given a first run interrupted right after its PUT was accepted
      hub().arm().contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      AkseDeployRequest r = fresh("60s");
      Step<AkseDeployState> step = plan(r);
      Checkpoint<AkseDeployState> cp = engine.start(step, AkseDeploySteps.initialState(r));
      Engine.Cancellation go = new Engine.Cancellation();
      while (cp.state().phase() != AkseDeployState.Phase.SUBMITTED) {
        cp = ((Engine.Advance.Continue<AkseDeployState>) engine.advance(step, cp, "seattle", go)).next();
      }
      // When a new run starts from scratch
      Outcome<AkseDeployState> again = run(r);
      // Then
      assertThat(again.status()).as(again.message()).isEqualTo(Outcome.Status.SUCCEEDED);
      assertThat(accepted(r)).isEqualTo(1);
      assertThat(hub().arm().journal().count(e -> e.method().equals("PUT") && e.path().endsWith("/deployments/" + r.name())
          && e.status() == 409)).isGreaterThanOrEqualTo(1);
      assertThat(events).extracting(ProgressEvent::message).anyMatch(m -> m.contains("DeploymentActive") && m.contains("does not show it yet"));
    }
  }

  @Test
  @DisplayName("404s and a burst of 5xx on the status resource are read failures: reported, retried, and the deployment Succeeds")
  void statusReadFailuresAreNotTheOutcome() {
    // Given
    hub().arm().faults().statusReadsNotFound(2).statusReadsFail(5, 503);
    AkseDeployRequest r = fresh("60s");
    // When
    Outcome<AkseDeployState> outcome = run(r);
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(accepted(r)).isEqualTo(1);
    assertThat(events).extracting(ProgressEvent::message)
        .anyMatch(m -> m.contains("reading the operation's status (Azure-AsyncOperation) failed: answered 404") && m.contains("not the operation's outcome"));
  }

  @Test
  @DisplayName("a failure's operations are read to the last page: the failed one on page 5 of 1-item pages is listed")
  void failedOperationsOfEveryPage() {
    // Given operations answered one per page
    hub().arm().contract().pageSize("/operations", 1);
    hub().arm().faults().failNextDeploymentWithCseExit50();
    AkseDeployRequest r = fresh("60s");
    // When
    Outcome<AkseDeployState> outcome = run(r);
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).contains("failed operations:\n  Microsoft.Compute/virtualMachines k8s-master-" + r.shape().nameSuffix()
        + "-0: VMExtensionProvisioningError");
    assertThat(hub().arm().journal().count(e -> e.path().endsWith("/deployments/" + r.name() + "/operations"))).isGreaterThan(1);
  }

  @Test
  @DisplayName("a hub that echoes neither templateHash nor deployment tags: a re-run finds the deployment unchanged and writes nothing")
  void unchangedWithoutTemplateHashOrTags() {
    // Given the first 2019-10-01 deployment shape
    hub().arm().contract().echoTemplateHash(false).keepDeploymentTags(false);
    AkseDeployRequest r = fresh("60s");
    assertThat(run(r).succeeded()).isTrue();
    int before = hub().arm().journal().entries().size();
    // When
    Outcome<AkseDeployState> again = run(r);
    // Then
    assertThat(again.status()).as(again.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(again.outputs()).containsEntry("result", "unchanged");
    assertThat(writesSince(before)).isEmpty();
    assertThat(hub().arm().journal().entries().stream().filter(e -> e.path().endsWith("/deployments/" + r.name()) && e.method().equals("GET"))
        .toList()).isNotEmpty();
  }

  @Test
  @DisplayName("a changed non-secret parameter is deployed again on a hub without templateHash")
  void changedParameterDeployedWithoutTemplateHash() {
    // Given a cluster deployed on a hub that echoes no templateHash
    hub().arm().contract().echoTemplateHash(false).keepDeploymentTags(false);
    AkseDeployRequest r = fresh("60s");
    assertThat(run(r).succeeded()).isTrue();
    com.fasterxml.jackson.databind.node.ObjectNode grown = r.parameters().deepCopy();
    grown.putObject("agentpool1Count").put("value", 3);
    AkseDeployRequest bigger = new AkseDeployRequest(r.resourceGroup(), r.location(), r.name(), r.template(), grown,
        new ClusterShape(r.shape().dnsPrefix(), r.shape().nameSuffix(), r.shape().kubernetesVersion(), Map.of("master", 1, "agentpool1", 3)),
        r.kubeconfig(), r.timeout(), false, r.pollInterval());
    // When
    Outcome<AkseDeployState> outcome = run(bigger);
    // Then
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.outputs()).containsEntry("result", "deployed").containsEntry("readyNodes", 4);
    assertThat(bigger.inputHash()).isNotEqualTo(r.inputHash());
  }

  @Test
  @DisplayName("a what-if that ends Failed is reported as failed, never as \"no changes\"")
  void failedWhatIf() {
    // Given a hub serving what-if, the next one failing, and an existing resource group
    hub().arm().contract().whatIf(true);
    hub().arm().faults().failNextWhatIf("InvalidTemplate", "Deployment template validation failed: 'The resource 'x' is not defined'.");
    AkseDeployRequest r = fresh("60s");
    hub().arm().createResourceGroup(r.resourceGroup());
    AkseDeployRequest preview = new AkseDeployRequest(r.resourceGroup(), r.location(), r.name(), r.template(), r.parameters(), r.shape(),
        null, r.timeout(), true, r.pollInterval());
    // When
    Outcome<AkseDeployState> outcome = run(preview);
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).contains("what-if of deployment " + r.name() + " ended Failed: InvalidTemplate: Deployment template validation failed")
        .doesNotContain("no changes");
    assertThat(accepted(r)).isZero();
  }

  @Test
  @DisplayName("a what-if answered through Location predicts the changes and deploys nothing")
  void whatIfSucceeds() {
    hub().arm().contract().whatIf(true);
    AkseDeployRequest r = fresh("60s");
    hub().arm().createResourceGroup(r.resourceGroup());
    AkseDeployRequest preview = new AkseDeployRequest(r.resourceGroup(), r.location(), r.name(), r.template(), r.parameters(), r.shape(),
        null, r.timeout(), true, r.pollInterval());
    Outcome<AkseDeployState> outcome = run(preview);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.outputs()).containsEntry("preview", "what-if");
    assertThat(outcome.message()).contains("Create=");
    assertThat(accepted(r)).isZero();
  }

  @Nested
  @DisplayName("--timeout binds")
  class Deadlines {
    @Test
    @DisplayName("a status read held 20 s ends a 4 s deployment at its deadline, saying where the time went")
    void heldStatusRead() {
      // Given every status read held for 20 s
      hub().arm().faults().holdStatusReads(5, Duration.ofSeconds(20));
      AkseDeployRequest r = fresh("4s");
      // When
      Instant started = Instant.now();
      Outcome<AkseDeployState> outcome = run(r);
      Duration took = Duration.between(started, Instant.now());
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).startsWith("akseDeploy timed out after 4s in task wait-for-deployment; where the time went: ")
          .contains("no answer within");
      assertThat(took).as("the held answer is not awaited past the deadline").isLessThan(Duration.ofSeconds(15));
    }

    @Test
    @DisplayName("throttling with Retry-After 30 s is not slept through by a 4 s deployment")
    void longRetryAfter() {
      // Given the status reads throttled with a 30 s Retry-After
      hub().arm().faults().throttle("/operationStatuses/", 10, 30);
      AkseDeployRequest r = fresh("4s");
      // When
      Instant started = Instant.now();
      Outcome<AkseDeployState> outcome = run(r);
      Duration took = Duration.between(started, Instant.now());
      // Then
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.message()).startsWith("akseDeploy timed out after 4s in task wait-for-deployment").contains("429");
      assertThat(took).as("the 30 s Retry-After is not slept past the deadline").isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  @DisplayName("the first poll waits the Retry-After of the answer that started the deployment")
  void firstRetryAfterHonoured() {
    // Given a deployment whose starting answer says Retry-After: 3
    hub().arm().contract().startRetryAfter(io.stamprelease.testkit.arm.ArmContract.RetryAfter.of(3));
    AkseDeployRequest r = fresh("60s");
    Step<AkseDeployState> step = plan(r);
    Checkpoint<AkseDeployState> cp = engine.start(step, AkseDeploySteps.initialState(r));
    Engine.Cancellation go = new Engine.Cancellation();
    while (cp.state().phase() != AkseDeployState.Phase.SUBMITTED) {
      cp = ((Engine.Advance.Continue<AkseDeployState>) engine.advance(step, cp, "seattle", go)).next();
    }
    int before = hub().arm().journal().entries().size();
    // When the wait task is called at once
    Checkpoint<AkseDeployState> next = ((Engine.Advance.Continue<AkseDeployState>) engine.advance(step, cp, "seattle", go)).next();
    // Then it did not read the status, and asks to be called when the Retry-After has passed
    assertThat(hub().arm().journal().entries().subList(before, hub().arm().journal().entries().size()))
        .noneMatch(e -> e.path().contains("/operationStatuses/"));
    assertThat(Duration.between(Instant.now(), next.notBefore())).isGreaterThan(Duration.ofSeconds(2));
  }
}
