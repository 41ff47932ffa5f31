package io.stamprelease.testkit.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Fault injection")
class KubeFaultsTest {

  private SimulatedCluster cluster;
  private RawHttp http;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start("faults");
    http = new RawHttp(cluster);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  @DisplayName("cutWatches closes the informer's watch; it reconnects and still sees an update made after the cut")
  void informerSurvivesCutWatches() throws Exception {
    // Given
    cluster.client().configMaps().inNamespace("ns").resource(configMap("1")).create();
    CountDownLatch updated = new CountDownLatch(1);
    SharedIndexInformer<ConfigMap> informer = cluster.client().configMaps().inNamespace("ns").inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap configMap) {
          }

          @Override
          public void onUpdate(ConfigMap before, ConfigMap after) {
            if ("2".equals(after.getData().get("v"))) {
              updated.countDown();
            }
          }

          @Override
          public void onDelete(ConfigMap configMap, boolean unknownFinalState) {
          }
        });
    assertThat(cluster.faults().awaitOpenWatches(1, Duration.ofSeconds(10))).as("informer watching").isTrue();

    // When
    int cut = cluster.faults().cutWatches();
    boolean reconnected = cluster.faults().awaitOpenWatches(1, Duration.ofSeconds(20));
    cluster.client().configMaps().inNamespace("ns").resource(configMap("2")).update();

    // Then
    assertThat(cut).isEqualTo(1);
    assertThat(reconnected).as("informer opened a new watch").isTrue();
    assertThat(updated.await(10, TimeUnit.SECONDS)).as("update seen after the cut").isTrue();
    assertThat(cluster.journal().count(e -> e.path().contains("/configmaps?") && e.path().contains("watch=true")))
        .isGreaterThanOrEqualTo(2);
    informer.close();
  }

  @Test
  @DisplayName("failNext fails exactly the next requests with a proper Status, then serves again")
  void failNext() throws Exception {
    // Given
    cluster.faults().failNext(2, 503);

    // When
    RawHttp.Answer first = http.get("/api/v1/namespaces/ns/configmaps");
    RawHttp.Answer second = http.get("/version");
    RawHttp.Answer third = http.get("/api/v1/namespaces/ns/configmaps");

    // Then
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json().path("kind").asText()).isEqualTo("Status");
    assertThat(first.json().path("status").asText()).isEqualTo("Failure");
    assertThat(first.json().path("reason").asText()).isEqualTo("ServiceUnavailable");
    assertThat(first.json().path("code").asInt()).isEqualTo(503);
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("latency delays every response until reset")
  void latency() throws Exception {
    // Given
    cluster.faults().latency(Duration.ofMillis(400));

    // When
    long start = System.nanoTime();
    RawHttp.Answer slow = http.get("/api/v1/namespaces/ns/configmaps");
    Duration slowTook = Duration.ofNanos(System.nanoTime() - start);
    cluster.faults().reset();
    start = System.nanoTime();
    http.get("/api/v1/namespaces/ns/configmaps");
    Duration fastTook = Duration.ofNanos(System.nanoTime() - start);

    // Then
    assertThat(slow.status()).isEqualTo(200);
    assertThat(slowTook).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(fastTook).isLessThan(Duration.ofMillis(400));
  }

  private static ConfigMap configMap(String value) {
    return new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("ns").endMetadata()
        .addToData("v", value).build();
  }
}
