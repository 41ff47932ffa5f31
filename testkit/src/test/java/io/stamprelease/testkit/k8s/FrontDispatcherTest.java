package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("The front dispatcher")
class FrontDispatcherTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;
  private RawHttp http;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start("front");
    client = cluster.client();
    http = new RawHttp(cluster);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Nested
  @DisplayName("discovery")
  class DiscoveryDocuments {

    @Test
    @DisplayName("reports Kubernetes v1.33.5 on /version")
    void version() {
      assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.33.5");
      assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("33");
    }

    @Test
    @DisplayName("lists the core version and every group with its preferred version")
    void groups() throws Exception {
      // When
      JsonNode api = http.get("/api").json();
      JsonNode apis = http.get("/apis").json();

      // Then
      assertThat(api.path("versions").toString()).isEqualTo("[\"v1\"]");
      assertThat(names(apis.path("groups"))).containsExactly("apps", "batch", "autoscaling", "networking.k8s.io",
          "policy", "rbac.authorization.k8s.io", "events.k8s.io");
      assertThat(apis.path("groups").path(4).path("preferredVersion").path("groupVersion").asText()).isEqualTo("policy/v1");
    }

    @Test
    @DisplayName("describes pods with the eviction subresource (verb create) and status")
    void coreResources() throws Exception {
      // When
      JsonNode v1 = http.get("/api/v1").json();

      // Then
      assertThat(names(v1.path("resources"))).contains("pods", "pods/eviction", "pods/status", "nodes", "nodes/status",
          "namespaces", "namespaces/status", "secrets", "configmaps", "services/status");
      JsonNode eviction = resource(v1, "pods/eviction");
      assertThat(eviction.path("group").asText()).isEqualTo("policy");
      assertThat(eviction.path("kind").asText()).isEqualTo("Eviction");
      assertThat(eviction.path("verbs").toString()).isEqualTo("[\"create\"]");
      assertThat(resource(v1, "pods").path("shortNames").toString()).isEqualTo("[\"po\"]");
    }

    @Test
    @DisplayName("describes apps/v1 with status and scale, and policy/v1 with PodDisruptionBudgets")
    void groupResources() throws Exception {
      // When
      JsonNode apps = http.get("/apis/apps/v1").json();
      JsonNode policy = http.get("/apis/policy/v1").json();

      // Then
      assertThat(names(apps.path("resources"))).contains("deployments", "deployments/status", "deployments/scale",
          "replicasets/status", "statefulsets/scale", "daemonsets/status");
      assertThat(resource(apps, "deployments/scale").path("kind").asText()).isEqualTo("Scale");
      assertThat(resource(policy, "poddisruptionbudgets").path("kind").asText()).isEqualTo("PodDisruptionBudget");
      assertThat(names(policy.path("resources"))).contains("poddisruptionbudgets/status");
      for (String gv : List.of("batch/v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1",
          "events.k8s.io/v1")) {
        assertThat(http.get("/apis/" + gv).status()).as(gv).isEqualTo(200);
      }
      assertThat(http.get("/apis/example.com/v1").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("serves OpenAPI v3 that only advertises fieldValidation on PATCH, and 404 for OpenAPI v2")
    void openApi() throws Exception {
      // When
      JsonNode root = http.get("/openapi/v3").json();
      JsonNode apps = http.get("/openapi/v3/apis/apps/v1?hash=simulated").json();

      // Then
      assertThat(root.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText())
          .startsWith("/openapi/v3/apis/apps/v1");
      JsonNode patch = apps.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
      assertThat(patch.path("parameters").path(0).path("name").asText()).isEqualTo("fieldValidation");
      assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Deployment");
      assertThat(http.get("/openapi/v2").status()).isEqualTo(404);
    }
  }

  @Nested
  @DisplayName("responses")
  class Responses {

    @Test
    @DisplayName("carry Content-Type application/json even when the CRUD store sets none")
    void contentType() throws Exception {
      assertThat(http.get("/api/v1/namespaces/ns/configmaps").contentType()).isEqualTo("application/json");
      assertThat(http.get("/api/v1/namespaces/ns/configmaps/missing").contentType()).isEqualTo("application/json");
    }

    @Test
    @DisplayName("type collections as <Kind>List with their group version, namespaced or across namespaces")
    void listKinds() throws Exception {
      // Given
      client.secrets().inNamespace("ns").resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()).create();
      client.apps().deployments().inNamespace("ns").resource(deployment()).create();

      // When
      JsonNode secrets = http.get("/api/v1/namespaces/ns/secrets?labelSelector=owner%3Dhelm").json();
      JsonNode deployments = http.get("/apis/apps/v1/deployments").json();

      // Then
      assertThat(secrets.path("kind").asText()).isEqualTo("SecretList");
      assertThat(secrets.path("apiVersion").asText()).isEqualTo("v1");
      assertThat(deployments.path("kind").asText()).isEqualTo("DeploymentList");
      assertThat(deployments.path("apiVersion").asText()).isEqualTo("apps/v1");
      assertThat(deployments.path("items")).hasSize(1);
    }

    @Test
    @DisplayName("store a protobuf Secret as the equivalent JSON object")
    void protobufSecret() throws Exception {
      // Given
      byte[] secret = new ProtobufBodyTest.Writer().message(1, new ProtobufBodyTest.Writer().string(1, "release"))
          .message(2, new ProtobufBodyTest.Writer().string(1, "k").string(2, "v")).bytes();

      // When
      RawHttp.Answer created = http.send("POST", "/api/v1/namespaces/ns/secrets",
          "application/vnd.kubernetes.protobuf", ProtobufBodyTest.envelope("v1", "Secret", secret));

      // Then
      assertThat(created.status()).isEqualTo(201);
      assertThat(client.secrets().inNamespace("ns").withName("release").get().getData()).containsEntry("k", "dg==");
    }

    @Test
    @DisplayName("answer 500 with a Status for a body that cannot be decoded, instead of leaving the client hanging")
    void undecodableBody() throws Exception {
      // Given
      byte[] truncated = {'k', '8', 's', 0, 0x0a, 0x7f};

      // When
      RawHttp.Answer answer = http.send("POST", "/api/v1/namespaces/ns/secrets", "application/vnd.kubernetes.protobuf", truncated);

      // Then
      assertThat(answer.status()).isEqualTo(500);
      assertThat(answer.json().path("kind").asText()).isEqualTo("Status");
      assertThat(answer.json().path("message").asText()).contains("truncated protobuf message");
    }

    @Test
    @DisplayName("answer 500 with a Status when the store behind it throws, and journal it")
    void internalError() throws Exception {
      // Given
      Dispatcher broken = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          throw new IllegalStateException("store is broken");
        }
      };
      KubeJournal journal = new KubeJournal();
      WatchRegistry watches = new WatchRegistry();
      FrontDispatcher front = new FrontDispatcher(broken, new Discovery(KubeVersion.DEFAULT), journal,
          new KubeFaults(watches), watches);

      // When
      MockResponse response = front.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET,
          "/api/v1/namespaces/ns/pods", Headers.builder().build(), new Buffer()));

      // Then
      assertThat(response.code()).isEqualTo(500);
      JsonNode status = KubeStatus.JSON.readTree(response.getBody().getBytes());
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("status").asText()).isEqualTo("Failure");
      assertThat(status.path("code").asInt()).isEqualTo(500);
      assertThat(status.path("message").asText()).contains("store is broken");
      assertThat(journal.entries()).extracting(KubeJournal.Entry::status).containsExactly(500);
    }
  }

  @Nested
  @DisplayName("patches")
  class Patching {

    @Test
    @DisplayName("JSON merge patch and JSON patch pass through to the store; strategic merge is applied in front")
    void patchFlavours() throws Exception {
      // Given
      client.configMaps().inNamespace("ns").resource(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
          .addToData("a", "1").build()).create();
      String path = "/api/v1/namespaces/ns/configmaps/cfg";

      // When
      RawHttp.Answer merge = http.send("PATCH", path, Patches.MERGE_PATCH, "{\"data\":{\"b\":\"2\"}}");
      RawHttp.Answer json = http.send("PATCH", path, Patches.JSON_PATCH, "[{\"op\":\"add\",\"path\":\"/data/c\",\"value\":\"3\"}]");
      RawHttp.Answer strategic = http.send("PATCH", path, Patches.STRATEGIC_MERGE_PATCH, "{\"data\":{\"a\":null}}");
      RawHttp.Answer apply = http.send("PATCH", path, "application/apply-patch+yaml", "data: {d: \"4\"}");

      // Then
      assertThat(List.of(merge.status(), json.status(), strategic.status())).allMatch(code -> code / 100 == 2);
      assertThat(client.configMaps().inNamespace("ns").withName("cfg").get().getData())
          .containsOnlyKeys("b", "c").containsEntry("c", "3");
      assertThat(apply.status()).as("server-side apply is not simulated").isEqualTo(415);
      assertThat(apply.json().path("reason").asText()).isEqualTo("UnsupportedMediaType");
    }

    @Test
    @DisplayName("a strategic merge patch of a missing object answers 404")
    void strategicMissing() throws Exception {
      RawHttp.Answer answer = http.send("PATCH", "/apis/apps/v1/namespaces/ns/deployments/none",
          Patches.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"replicas\":2}}");

      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
    }
  }

  @Nested
  @DisplayName("status protection")
  class StatusProtection {

    private Deployment stored;

    @BeforeEach
    void given() {
      client.apps().deployments().inNamespace("ns").resource(deployment()).create();
      Deployment withStatus = client.apps().deployments().inNamespace("ns").withName("web").get();
      withStatus.setStatus(new DeploymentStatusBuilder().withReplicas(1).withObservedGeneration(1L).build());
      stored = client.apps().deployments().resource(withStatus).updateStatus();
    }

    @Test
    @DisplayName("a main-resource PUT keeps the stored status and bumps generation on a spec change")
    void putKeepsStatus() {
      // Given
      Deployment change = client.apps().deployments().inNamespace("ns").withName("web").get();
      change.getSpec().setReplicas(5);
      change.setStatus(new DeploymentStatusBuilder().withReplicas(42).build());

      // When
      Deployment updated = client.apps().deployments().resource(change).update();

      // Then
      assertThat(updated.getSpec().getReplicas()).isEqualTo(5);
      assertThat(updated.getStatus().getReplicas()).isEqualTo(1);
      assertThat(updated.getMetadata().getGeneration()).isEqualTo(stored.getMetadata().getGeneration() + 1);
    }

    @Test
    @DisplayName("main-resource JSON merge, JSON and strategic merge patches keep the stored status")
    void patchesKeepStatus() throws Exception {
      // Given
      String path = "/apis/apps/v1/namespaces/ns/deployments/web";

      // When
      RawHttp.Answer merge = http.send("PATCH", path, Patches.MERGE_PATCH,
          "{\"spec\":{\"replicas\":2},\"status\":{\"replicas\":40}}");
      RawHttp.Answer json = http.send("PATCH", path, Patches.JSON_PATCH,
          "[{\"op\":\"replace\",\"path\":\"/status/replicas\",\"value\":41}]");
      RawHttp.Answer strategic = http.send("PATCH", path, Patches.STRATEGIC_MERGE_PATCH,
          "{\"spec\":{\"replicas\":3},\"status\":{\"replicas\":42}}");

      // Then
      assertThat(List.of(merge.status(), json.status(), strategic.status())).containsOnly(200);
      Deployment now = client.apps().deployments().inNamespace("ns").withName("web").get();
      assertThat(now.getSpec().getReplicas()).isEqualTo(3);
      assertThat(now.getStatus().getReplicas()).isEqualTo(1);
      assertThat(now.getMetadata().getGeneration()).isEqualTo(stored.getMetadata().getGeneration() + 2);
    }

    @Test
    @DisplayName("writes through /status (PUT and PATCH) keep the stored spec and do not bump generation")
    void statusWritesKeepSpec() {
      // Given
      Deployment change = client.apps().deployments().inNamespace("ns").withName("web").get();
      change.getSpec().setReplicas(9);
      change.getStatus().setReplicas(2);

      // When
      Deployment put = client.apps().deployments().resource(change).updateStatus();
      Deployment patched = client.apps().deployments().inNamespace("ns").withName("web").editStatus(d -> {
        d.getSpec().setReplicas(8);
        d.getStatus().setReadyReplicas(2);
        return d;
      });

      // Then
      assertThat(put.getSpec().getReplicas()).isEqualTo(1);
      assertThat(put.getStatus().getReplicas()).isEqualTo(2);
      assertThat(patched.getSpec().getReplicas()).isEqualTo(1);
      assertThat(patched.getStatus().getReadyReplicas()).isEqualTo(2);
      assertThat(patched.getMetadata().getGeneration()).isEqualTo(stored.getMetadata().getGeneration());
    }

    @Test
    @DisplayName("a cluster-scoped Node PUT keeps the status a kubelet simulator wrote")
    void nodeStatus() {
      // Given
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n0").endMetadata().withNewSpec().endSpec().build()).create();
      client.nodes().withName("n0").editStatus(n -> new NodeBuilder(n).withNewStatus().addNewCondition()
          .withType("Ready").withStatus("True").endCondition().endStatus().build());
      var node = client.nodes().withName("n0").get();
      node.getSpec().setUnschedulable(true);
      node.getStatus().getConditions().get(0).setStatus("False");

      // When
      var updated = client.nodes().resource(node).update();

      // Then
      assertThat(updated.getSpec().getUnschedulable()).isTrue();
      assertThat(updated.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    }
  }

  @Test
  @DisplayName("the journal records method, path, content type and status, never bodies, and can be cleared")
  void journal() throws Exception {
    // Given
    cluster.journal().clear();

    // When
    http.send("POST", "/api/v1/namespaces/ns/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
    http.get("/api/v1/namespaces/ns/configmaps/c");

    // Then
    assertThat(cluster.journal().entries()).extracting(KubeJournal.Entry::method, KubeJournal.Entry::path,
            KubeJournal.Entry::contentType, KubeJournal.Entry::status)
        .containsExactly(
            tuple("POST", "/api/v1/namespaces/ns/configmaps", "application/json", 201),
            tuple("GET", "/api/v1/namespaces/ns/configmaps/c", null, 200));
    assertThat(cluster.journal().writes()).hasSize(1);
    assertThat(cluster.journal().count(e -> e.status() == 200)).isEqualTo(1);
    cluster.journal().clear();
    assertThat(cluster.journal().entries()).isEmpty();
  }

  private static Deployment deployment() {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("ns").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  private static JsonNode resource(JsonNode resourceList, String name) {
    for (JsonNode resource : resourceList.path("resources")) {
      if (resource.path("name").asText().equals(name)) {
        return resource;
      }
    }
    throw new AssertionError("no resource " + name + " in " + resourceList);
  }
}
