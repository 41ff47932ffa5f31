package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncLocationPollingStrategy;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.ArmContract.LroKind;
import io.stamprelease.testkit.arm.ArmContract.LroStyle;
import io.stamprelease.testkit.arm.ArmContract.RetryAfter;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("LRO shapes: Location and Azure-AsyncOperation styles, Retry-After, status-read faults and what-if, as the RPC allows")
class ArmLroShapesTest {
  static final String RG = "rg-lro";
  static final AtomicInteger SEQ = new AtomicInteger();
  static RawArm hub;

  @BeforeAll
  static void start() {
    hub = RawArm.start();
    hub.putResourceGroup(RG);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void reset() {
    hub.arm.contract().reset();
    hub.arm.faults().clear();
    hub.arm.timings(new ArmTimings(Duration.ofMillis(600), Duration.ofMillis(150), 1));
  }

  /** A fresh name and a one-node cluster (so each test owns its resources). */
  static String next() {
    return "d" + SEQ.incrementAndGet();
  }

  static Cluster cluster(String name) {
    return Cluster.of(name, String.valueOf(30_000_000 + SEQ.get()), 1, Map.of("agentpool1", 1));
  }

  static String put(String name) {
    return RawArm.deployment(RG, name) + "?api-version=2019-10-01";
  }

  /** Reads a Location URL until it stops answering 202 (deadline 30 s); returns the final answer. */
  static RawArm.Answer awaitLocation(String location) {
    RawArm.Answer[] last = new RawArm.Answer[1];
    Await.until("the Location answers something else than 202", Duration.ofSeconds(30), () -> {
      last[0] = hub.get(location);
      return last[0].status() != 202;
    });
    return last[0];
  }

  @Nested
  @DisplayName("deployments in the Location style")
  class LocationDeployments {
    @Test
    @DisplayName("PUT answers 202 without body; the deployment is invisible while it runs; its Location answers 202, then 200 with "
        + "the deployment Succeeded")
    void succeeds() {
      // Given a hub answering deployments in the Location style, and a deployment slow enough to watch
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      hub.arm.timings(new ArmTimings(Duration.ofSeconds(3), Duration.ofMillis(150), 1));
      String name = next();
      // When
      RawArm.Answer accepted = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      RawArm.Answer whileRunning = hub.get(put(name));
      String location = accepted.header("Location").orElseThrow();
      RawArm.Answer poll = hub.get(location);
      RawArm.Answer end = awaitLocation(location);
      // Then
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.text()).isEmpty();
      assertThat(accepted.header("Azure-AsyncOperation")).isEmpty();
      assertThat(accepted.header("Retry-After")).contains("1");
      assertThat(location).startsWith(hub.arm.baseUrl() + "/subscriptions/" + RawArm.SUB
          + "/providers/Microsoft.Resources/locations/local/operationResults/");
      assertThat(whileRunning.status()).isEqualTo(404);
      assertThat(whileRunning.errorCode()).isEqualTo("DeploymentNotFound");
      assertThat(poll.status()).isEqualTo(202);
      assertThat(poll.text()).isEmpty();
      assertThat(poll.header("Location")).contains(location);
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().path("name").asText()).isEqualTo(name);
      assertThat(end.body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
      assertThat(hub.get(put(name)).body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    }

    @Test
    @DisplayName("a failed deployment's Location ends with 200 whose body says provisioningState Failed, and its failed operation is listed")
    void failedFinalBody() {
      // Given
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      hub.arm.faults().failNextDeploymentWithCseExit50();
      String name = next();
      // When
      RawArm.Answer accepted = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      RawArm.Answer end = awaitLocation(accepted.header("Location").orElseThrow());
      // Then
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().at("/properties/provisioningState").asText()).isEqualTo("Failed");
      assertThat(end.body().at("/properties/error/code").asText()).isEqualTo("DeploymentFailed");
      JsonNode ops = hub.get(RawArm.deployment(RG, name) + "/operations?api-version=2019-10-01").body().path("value");
      assertThat(ops.findValuesAsText("provisioningState")).contains("Failed");
      assertThat(ops.toString()).contains("VMExtensionProvisioningError");
    }

    @Test
    @DisplayName("with error answers, a failed deployment's Location answers 409 with the deployment's error and its details")
    void failedErrorAnswer() {
      // Given
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION).failuresAsErrorAnswer(409);
      hub.arm.faults().failNextDeploymentWithCseExit50();
      String name = next();
      // When
      RawArm.Answer accepted = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      RawArm.Answer end = awaitLocation(accepted.header("Location").orElseThrow());
      // Then
      assertThat(end.status()).isEqualTo(409);
      assertThat(end.errorCode()).isEqualTo("DeploymentFailed");
      assertThat(end.body().at("/error/details/0/message").asText()).contains("VMExtensionProvisioningError");
      assertThat(hub.get(put(name)).body().at("/properties/provisioningState").asText()).isEqualTo("Failed");
    }

    @Test
    @DisplayName("in the BOTH style PUT answers 201 with the body and both headers, and either one leads to the outcome")
    void bothHeaders() {
      // Given
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.BOTH);
      String name = next();
      // When
      RawArm.Answer created = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      RawArm.Answer end = awaitLocation(created.header("Location").orElseThrow());
      RawArm.Answer status = hub.get(created.header("Azure-AsyncOperation").orElseThrow());
      // Then
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.body().at("/properties/provisioningState").asText()).isIn("Accepted", "Running");
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
      assertThat(status.body().path("status").asText()).isEqualTo("Succeeded");
    }
  }

  @Nested
  @DisplayName("deletes")
  class Deletes {
    @Test
    @DisplayName("a VM delete in the Location style answers 202 with only a Location, which answers 202 and then 200; the VM is gone")
    void locationOnly() {
      // Given a deployed VM and deletes in the Location style
      String name = next();
      hub.deployCluster(RG, name, cluster(name));
      hub.arm.contract().lroStyle(LroKind.DELETE, LroStyle.LOCATION);
      String vm = RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines/k8s-agentpool1-" + (30_000_000 + SEQ.get())
          + "-0?api-version=2020-06-01";
      // When
      RawArm.Answer accepted = hub.send("DELETE", vm, null);
      RawArm.Answer end = awaitLocation(accepted.header("Location").orElseThrow());
      // Then
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.header("Azure-AsyncOperation")).isEmpty();
      assertThat(end.status()).isEqualTo(200);
      assertThat(hub.get(vm).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a delete cannot be set to the Azure-AsyncOperation style alone: the RPC requires its 202 to carry a Location")
    void deleteNeedsLocation() {
      assertThatThrownBy(() -> hub.arm.contract().lroStyle(LroKind.DELETE, LroStyle.AZURE_ASYNC_OPERATION))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowed styles: LOCATION, BOTH");
    }
  }

  static Stream<Arguments> retryAfters() {
    return Stream.of(
        Arguments.of("Retry-After: 7", RetryAfter.of(7), Optional.of("7")),
        Arguments.of("Retry-After: 0", RetryAfter.of(0), Optional.of("0")),
        Arguments.of("no Retry-After", RetryAfter.absent(), Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("retryAfters")
  @DisplayName("the Retry-After of the answer that starts an LRO is what the hub is set to, on a deployment's 201 and a delete's 202")
  void startRetryAfter(String label, RetryAfter retryAfter, Optional<String> expected) {
    // Given
    hub.arm.contract().startRetryAfter(retryAfter);
    String name = next();
    // When
    RawArm.Answer created = hub.send("PUT", put(name), RawArm.emptyBody());
    hub.putResourceGroup("rg-gone-" + name);
    RawArm.Answer deleting = hub.send("DELETE", RawArm.rg("rg-gone-" + name) + "?api-version=2019-10-01", null);
    // Then
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Retry-After")).isEqualTo(expected);
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(deleting.header("Retry-After")).isEqualTo(expected);
  }

  @Test
  @DisplayName("polls of a running LRO can carry no Retry-After (the RPC's default of 60 s then applies to the client)")
  void pollWithoutRetryAfter() {
    // Given a slow deployment and polls without Retry-After
    hub.arm.timings(new ArmTimings(Duration.ofSeconds(3), Duration.ofMillis(150), 1));
    hub.arm.contract().pollRetryAfter(RetryAfter.absent());
    String name = next();
    // When
    RawArm.Answer created = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
    RawArm.Answer poll = hub.get(created.header("Azure-AsyncOperation").orElseThrow());
    // Then
    assertThat(created.header("Retry-After")).contains("1");
    assertThat(poll.body().path("status").asText()).isIn("Accepted", "Running");
    assertThat(poll.header("Retry-After")).isEmpty();
  }

  @Nested
  @DisplayName("faults on status reads")
  class StatusReadFaults {
    @Test
    @DisplayName("404s and a burst of 503s on the status resource answer those reads only; other reads are served and the deployment "
        + "still ends Succeeded")
    void notFoundAndServerErrors() {
      // Given a running deployment whose next status reads fail
      String name = next();
      RawArm.Answer created = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      String status = created.header("Azure-AsyncOperation").orElseThrow();
      hub.arm.faults().statusReadsNotFound(2).statusReadsFail(3, 503);
      // When
      RawArm.Answer first = hub.get(status);
      RawArm.Answer deployment = hub.get(put(name));
      RawArm.Answer second = hub.get(status);
      int[] burst = {hub.get(status).status(), hub.get(status).status(), hub.get(status).status()};
      // Then
      assertThat(first.status()).isEqualTo(404);
      assertThat(deployment.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(404);
      assertThat(burst).containsOnly(503);
      Await.until("the status reads Succeeded", Duration.ofSeconds(30), () -> hub.get(status).body().path("status").asText().equals("Succeeded"));
      assertThat(hub.get(put(name)).body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    }

    @Test
    @DisplayName("a failed deployment stays Failed whatever its status reads answered")
    void failureIsNotHidden() {
      // Given
      hub.arm.faults().failNextDeploymentWithCseExit50();
      String name = next();
      RawArm.Answer created = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name)));
      String status = created.header("Azure-AsyncOperation").orElseThrow();
      hub.arm.faults().statusReadsFail(2, 500).statusReadsNotFound(1);
      // When
      int[] faulted = {hub.get(status).status(), hub.get(status).status(), hub.get(status).status()};
      // Then
      assertThat(faulted).containsExactly(500, 500, 404);
      Await.until("the status reads Failed", Duration.ofSeconds(30), () -> hub.get(status).body().path("status").asText().equals("Failed"));
      assertThat(hub.get(status).body().at("/error/code").asText()).isEqualTo("DeploymentFailed");
    }

    @Test
    @DisplayName("a 404 on a Location read leaves the Location to answer the final result afterwards")
    void locationNotFoundOnce() {
      // Given
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      String name = next();
      String location = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name))).header("Location").orElseThrow();
      hub.arm.faults().statusReadsNotFound(1);
      // When
      RawArm.Answer faulted = hub.get(location);
      RawArm.Answer end = awaitLocation(location);
      // Then
      assertThat(faulted.status()).isEqualTo(404);
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    }

    @Test
    @DisplayName("a held status read outlives a client's per-request timeout; the next read is served and the deployment is unaffected")
    void heldRead() {
      // Given a status read held for 5 s
      String name = next();
      String status = hub.send("PUT", put(name), RawArm.clusterBody(cluster(name))).header("Azure-AsyncOperation").orElseThrow();
      hub.arm.faults().holdStatusReads(1, Duration.ofSeconds(5));
      // When a client that gives each request 300 ms reads it, then reads again
      // Then
      assertThatThrownBy(() -> hub.send("GET", status, null, Duration.ofMillis(300)))
          .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(HttpTimeoutException.class);
      assertThat(hub.get(status).status()).isEqualTo(200);
      Await.until("the status reads Succeeded", Duration.ofSeconds(30), () -> hub.get(status).body().path("status").asText().equals("Succeeded"));
    }
  }

  @Nested
  @DisplayName("what-if")
  class WhatIf {
    static String whatIf(String name) {
      return RawArm.deployment(RG, name) + "/whatIf?api-version=2019-10-01";
    }

    @Test
    @DisplayName("when served, what-if answers 202 with a Location that answers 202, then 200 with the predicted changes; nothing is created")
    void succeeds() {
      // Given
      hub.arm.contract().whatIf(true);
      String name = next();
      // When
      RawArm.Answer accepted = hub.send("POST", whatIf(name), RawArm.clusterBody(cluster(name)));
      RawArm.Answer end = awaitLocation(accepted.header("Location").orElseThrow());
      // Then
      assertThat(accepted.status()).isEqualTo(202);
      assertThat(accepted.text()).isEmpty();
      assertThat(accepted.header("Retry-After")).contains("1");
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().path("status").asText()).isEqualTo("Succeeded");
      assertThat(end.body().at("/properties/changes").findValuesAsText("changeType")).isNotEmpty().containsOnly("Create");
      assertThat(hub.get(put(name)).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a failed what-if ends with 200 whose body says status Failed and carries the error, and no changes")
    void failedFinalBody() {
      // Given
      hub.arm.contract().whatIf(true);
      hub.arm.faults().failNextWhatIf("InvalidTemplate", "Deployment template validation failed: 'reference to an unknown resource'.");
      String name = next();
      // When
      RawArm.Answer end = awaitLocation(hub.send("POST", whatIf(name), RawArm.clusterBody(cluster(name))).header("Location").orElseThrow());
      // Then
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.body().path("status").asText()).isEqualTo("Failed");
      assertThat(end.body().at("/error/code").asText()).isEqualTo("InvalidTemplate");
      assertThat(end.body().has("properties")).isFalse();
    }

    @Test
    @DisplayName("with error answers, a failed what-if's Location answers 400 with the error")
    void failedErrorAnswer() {
      // Given
      hub.arm.contract().whatIf(true).failuresAsErrorAnswer(400);
      hub.arm.faults().failNextWhatIf("InvalidTemplate", "Deployment template validation failed.");
      String name = next();
      // When
      RawArm.Answer end = awaitLocation(hub.send("POST", whatIf(name), RawArm.clusterBody(cluster(name))).header("Location").orElseThrow());
      // Then
      assertThat(end.status()).isEqualTo(400);
      assertThat(end.errorCode()).isEqualTo("InvalidTemplate");
    }
  }

  @Nested
  @DisplayName("azure-core's own Location poller as a peer")
  class AzureCorePeer {
    ArmTestClient client() {
      HttpClient http = ArmTestClient.trusting(hub.ca.clientContext());
      hub.arm.tokens().registerClientSecret(RawArm.CLIENT, "lro-secret");
      return ArmTestClient.create(hub.arm, http, ArmTestClient.secretCredential(hub.arm, http, RawArm.CLIENT, "lro-secret"));
    }

    SyncPoller<BinaryData, BinaryData> poller(ArmTestClient client, HttpMethod method, String pathAndQuery, String body) {
      return SyncPoller.createPoller(Duration.ofMillis(200), () -> {
        ArmTestClient.Result r = client.send(method, pathAndQuery, body);
        return (Response<?>) new SimpleResponse<>(r.response().getRequest(), r.status(), r.response().getHeaders(),
            BinaryData.fromString(r.body() == null ? "" : r.body().toString()));
      }, new SyncLocationPollingStrategy<>(client.pipeline), TypeReference.createInstance(BinaryData.class),
          TypeReference.createInstance(BinaryData.class));
    }

    @Test
    @DisplayName("SyncLocationPollingStrategy follows a failed Location deployment to its end: the HTTP flow completes, and the final "
        + "resource (GET of the PUT URL) says provisioningState Failed — which only a reader of the body can see")
    void failedDeployment() {
      // Given
      hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
      hub.arm.faults().failNextDeploymentWithCseExit50();
      String name = next();
      ArmTestClient client = client();
      // When
      SyncPoller<BinaryData, BinaryData> poller = poller(client, HttpMethod.PUT, put(name), RawArm.clusterBody(cluster(name)));
      PollResponse<BinaryData> last = poller.waitForCompletion(Duration.ofSeconds(30));
      JsonNode result = poller.getFinalResult().toObject(JsonNode.class);
      // Then
      assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
      assertThat(result.at("/properties/provisioningState").asText()).isEqualTo("Failed");
    }

    @Test
    @DisplayName("SyncLocationPollingStrategy follows what-if (a POST) to its result, read from the Location")
    void whatIf() {
      // Given
      hub.arm.contract().whatIf(true);
      String name = next();
      ArmTestClient client = client();
      // When
      SyncPoller<BinaryData, BinaryData> poller = poller(client, HttpMethod.POST, WhatIf.whatIf(name), RawArm.clusterBody(cluster(name)));
      poller.waitForCompletion(Duration.ofSeconds(30));
      JsonNode result = poller.getFinalResult().toObject(JsonNode.class);
      // Then
      assertThat(result.path("status").asText()).isEqualTo("Succeeded");
      assertThat(result.at("/properties/changes").size()).isGreaterThan(0);
    }
  }
}
