package io.stamprelease.testkit.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refused evictions are checked with raw HTTP: the fabric8 client retries a 429 with backoff for about 20 s before
 * {@code evict()} returns false.
 */
@DisplayName("Pod eviction honours PodDisruptionBudgets")
class EvictionTest {

  private static final String NS = "apps";

  private SimulatedCluster cluster;
  private KubernetesClient client;
  private RawHttp http;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start("eviction");
    client = cluster.client();
    http = new RawHttp(cluster);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Nested
  @DisplayName("with minAvailable 2 over three web pods")
  class MinAvailable {

    @BeforeEach
    void given() {
      pdb("web-pdb", new IntOrString(2), null);
    }

    @Test
    @DisplayName("evicting one of three ready pods succeeds with 201 and watchers see the pod deleted")
    void allowed() throws Exception {
      // Given
      readyPods(3);
      CountDownLatch deleted = new CountDownLatch(1);
      var watch = client.pods().inNamespace(NS).withName("web-0").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          if (action == Action.DELETED) {
            deleted.countDown();
          }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
      });

      // When
      RawHttp.Answer answer = evict("web-0");

      // Then
      assertThat(answer.status()).isEqualTo(201);
      assertThat(answer.json().path("status").asText()).isEqualTo("Success");
      assertThat(deleted.await(10, TimeUnit.SECONDS)).as("DELETED event").isTrue();
      assertThat(client.pods().inNamespace(NS).withName("web-0").get()).isNull();
      watch.close();
    }

    @Test
    @DisplayName("evicting when only two are ready is refused with the API server's 429 Status")
    void refused() throws Exception {
      // Given
      readyPods(2);
      pod("web-2", false);

      // When
      RawHttp.Answer answer = evict("web-0");

      // Then
      assertThat(answer.status()).isEqualTo(429);
      assertThat(answer.json()).isEqualTo(KubeStatus.JSON.readTree("""
          {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":429,
           "message":"Cannot evict pod as it would violate the pod's disruption budget.","reason":"TooManyRequests",
           "details":{"causes":[{"reason":"DisruptionBudget",
             "message":"The disruption budget web-pdb needs 2 healthy pods and has 2 currently"}]}}"""));
      assertThat(client.pods().inNamespace(NS).withName("web-0").get()).isNotNull();
    }

    @Test
    @DisplayName("a pod being deleted does not count as healthy")
    void terminatingPodsAreNotHealthy() throws Exception {
      // Given
      readyPods(3);
      // a finalizer keeps the deleted pod in the store with a deletionTimestamp, as a kubelet would
      client.pods().inNamespace(NS).withName("web-2").edit(pod -> {
        pod.getMetadata().getFinalizers().add("example.com/hold");
        return pod;
      });
      client.pods().inNamespace(NS).withName("web-2").delete();
      assertThat(client.pods().inNamespace(NS).withName("web-2").get().getMetadata().getDeletionTimestamp()).isNotNull();

      // When
      RawHttp.Answer answer = evict("web-0");

      // Then
      assertThat(answer.status()).isEqualTo(429);
      assertThat(answer.body()).contains("needs 2 healthy pods and has 2 currently");
    }
  }

  @Test
  @DisplayName("maxUnavailable 50% rounds up: of five pods three ready may lose one, then two of four may not")
  void maxUnavailablePercent() throws Exception {
    // Given: 5 pods, 50% -> 3 may be unavailable, 2 must stay healthy; 3 are healthy
    pdb("web-pdb", null, new IntOrString("50%"));
    readyPods(3);
    pod("web-3", false);
    pod("web-4", false);

    // When
    boolean first = client.pods().inNamespace(NS).withName("web-0").evict();
    // now 4 pods, 50% -> 2 may be unavailable, 2 must stay healthy; 2 are healthy
    RawHttp.Answer second = evict("web-1");

    // Then
    assertThat(first).isTrue();
    assertThat(second.status()).isEqualTo(429);
  }

  @Test
  @DisplayName("a pod no budget selects is always evicted")
  void noBudget() {
    // Given
    pdb("other-pdb", new IntOrString(5), null, "other");
    readyPods(1);

    // When
    boolean evicted = client.pods().inNamespace(NS).withName("web-0").evict();

    // Then
    assertThat(evicted).isTrue();
  }

  @Test
  @DisplayName("evicting a missing pod answers 404")
  void missingPod() throws Exception {
    // When
    RawHttp.Answer answer = evict("ghost");

    // Then
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
  }

  @Test
  @DisplayName("the PDB status written by a controller reads back through /status and the object")
  void pdbStatusReads() throws Exception {
    // Given
    PodDisruptionBudget pdb = pdb("web-pdb", new IntOrString(1), null);
    pdb.setStatus(new PodDisruptionBudgetStatusBuilder().withCurrentHealthy(3).withDesiredHealthy(1)
        .withDisruptionsAllowed(2).withExpectedPods(3).withObservedGeneration(1L).build());

    // When
    client.policy().v1().podDisruptionBudget().resource(pdb).updateStatus();
    RawHttp.Answer viaStatus = http.get("/apis/policy/v1/namespaces/" + NS + "/poddisruptionbudgets/web-pdb/status");

    // Then
    assertThat(viaStatus.status()).isEqualTo(200);
    assertThat(viaStatus.json().path("kind").asText()).isEqualTo("PodDisruptionBudget");
    assertThat(viaStatus.json().path("status").path("disruptionsAllowed").asInt()).isEqualTo(2);
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web-pdb").get()
        .getStatus().getDisruptionsAllowed()).isEqualTo(2);
  }

  private RawHttp.Answer evict(String pod) throws Exception {
    return http.send("POST", "/api/v1/namespaces/" + NS + "/pods/" + pod + "/eviction", "application/json",
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + NS + "\"}}");
  }

  private PodDisruptionBudget pdb(String name, IntOrString minAvailable, IntOrString maxUnavailable) {
    return pdb(name, minAvailable, maxUnavailable, "web");
  }

  private PodDisruptionBudget pdb(String name, IntOrString minAvailable, IntOrString maxUnavailable, String app) {
    return client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withMinAvailable(minAvailable).withMaxUnavailable(maxUnavailable)
        .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec().build()).create();
  }

  private void readyPods(int count) {
    for (int i = 0; i < count; i++) {
      pod("web-" + i, true);
    }
  }

  private void pod(String name, boolean ready) {
    client.pods().inNamespace(NS).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
        .endCondition().endStatus().build()).create();
  }
}
