package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentSimulationTest {

  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = new SimulatedCluster();
    client = cluster.client;
    cluster.sim.addNode(NodeSpec.agent("node-0", "linuxpool"));
    cluster.sim.addNode(NodeSpec.agent("node-1", "linuxpool"));
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus() == null || d.getStatus().getConditions() == null ? null
        : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static boolean has(Deployment d, String type, String status, String reason) {
    DeploymentCondition c = condition(d, type);
    return c != null && status.equals(c.getStatus()) && reason.equals(c.getReason());
  }

  /** What {@code kubectl rollout status} waits for, plus the two conditions. */
  private static boolean rolledOut(Deployment d) {
    Integer replicas = d.getSpec().getReplicas();
    return d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
        && Objects.equals(d.getStatus().getUpdatedReplicas(), replicas) && Objects.equals(d.getStatus().getReplicas(), replicas)
        && Objects.equals(d.getStatus().getAvailableReplicas(), replicas)
        && has(d, "Progressing", "True", "NewReplicaSetAvailable") && has(d, "Available", "True", "MinimumReplicasAvailable");
  }

  @Test
  @DisplayName("a healthy Deployment gets a hashed ReplicaSet and Ready pods, and reports itself Available and complete")
  void healthyDeploymentBecomesAvailable() {
    // Given
    String ns = "healthy";
    // When
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 3, "nginx:1.27")).create();
    // Then
    Deployment d = cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> x != null && rolledOut(x), "web");
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUnavailableReplicas()).isZero();
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").isReady()).isTrue();

    List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
    assertThat(rss).hasSize(1);
    ReplicaSet rs = rss.get(0);
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{10}");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
        .containsEntry("deployment.kubernetes.io/desired-replicas", "3");
    assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid()))
        .satisfies(o -> assertThat(o.getController()).isTrue());

    List<Pod> pods = Workloads.pods(client, ns);
    assertThat(pods).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
      assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getStatus().getPodIP()).startsWith("10.244.");
      assertThat(p.getStatus().getHostIP()).startsWith("10.240.0.");
      assertThat(p.getStatus().getStartTime()).isNotNull();
      assertThat(p.getStatus().getContainerStatuses()).singleElement().satisfies(c -> {
        assertThat(c.getReady()).isTrue();
        assertThat(c.getStarted()).isTrue();
        assertThat(c.getRestartCount()).isZero();
        assertThat(c.getState().getRunning().getStartedAt()).isNotNull();
        assertThat(c.getImageID()).startsWith("nginx@sha256:");
        assertThat(c.getContainerID()).startsWith("containerd://");
      });
      assertThat(p.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
          .contains("Initialized=True", "ContainersReady=True", "Ready=True", "PodScheduled=True");
    });
    assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet()))
        .as("spread over both nodes").containsExactlyInAnyOrder("node-0", "node-1");
    assertThat(Workloads.events(client, ns, "ScalingReplicaSet")).extracting(e -> e.getMessage())
        .contains("Scaled up replica set " + rs.getMetadata().getName() + " from 0 to 3");
    assertThat(Workloads.events(client, ns, "Started")).hasSize(3);
    assertThat(Workloads.events(client, ns, "Scheduled")).hasSize(3);
  }

  @Test
  @DisplayName("a rollout to a crashing image keeps the old pods, shows CrashLoopBackOff and ends in ProgressDeadlineExceeded")
  void rolloutToCrashingImageStalls() {
    // Given
    String ns = "crash";
    Deployment web = Workloads.deployment(ns, "web", 3, "nginx:1.27");
    web.getSpec().setProgressDeadlineSeconds(2);
    client.apps().deployments().inNamespace(ns).resource(web).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> x != null && rolledOut(x), "web");
    Set<String> oldPods = Workloads.pods(client, ns).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());

    // When
    client.apps().deployments().inNamespace(ns).withName("web").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:crash-1.28");
      return d;
    });

    // Then
    Pod crashing = cluster.await(() -> Workloads.pods(client, ns).stream()
            .filter(p -> !oldPods.contains(p.getMetadata().getName())).findFirst().orElse(null),
        p -> p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
            && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 2
            && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null,
        "a new pod in CrashLoopBackOff with restarts");
    var cs = crashing.getStatus().getContainerStatuses().get(0);
    assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(cs.getState().getWaiting().getMessage())
        .matches("back-off [0-9.]+(ms|s) restarting failed container=web pod=" + crashing.getMetadata().getName() + "_crash\\(.*\\)");
    assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(cs.getLastState().getTerminated().getMessage()).startsWith("panic:");
    assertThat(cs.getReady()).isFalse();
    assertThat(crashing.getStatus().getPhase()).isEqualTo("Running");

    Deployment stalled = cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> has(x, "Progressing", "False", "ProgressDeadlineExceeded"), "web");
    String newRs = crashing.getMetadata().getOwnerReferences().get(0).getName();
    assertThat(condition(stalled, "Progressing").getMessage()).isEqualTo("ReplicaSet \"" + newRs + "\" has timed out progressing.");
    assertThat(condition(stalled, "Available").getStatus()).isEqualTo("True");
    assertThat(stalled.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(stalled.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(stalled.getStatus().getReplicas()).isEqualTo(4);
    assertThat(stalled.getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(Workloads.pods(client, ns).stream().map(p -> p.getMetadata().getName())).containsAll(oldPods);
    assertThat(client.apps().replicaSets().inNamespace(ns).withName(newRs).get().getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "2");
    assertThat(Workloads.events(client, ns, "BackOff")).extracting(e -> e.getMessage())
        .anyMatch(m -> m.startsWith("Back-off restarting failed container web in pod " + crashing.getMetadata().getName()));
  }

  @Test
  @DisplayName("a rollout to a good image replaces every pod and the old ReplicaSet ends at zero")
  void rolloutToGoodImageCompletes() {
    // Given
    String ns = "rollout";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "api", 4, "api:1.0")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("api").get(), x -> x != null && rolledOut(x), "api");

    // When
    Deployment edited = client.apps().deployments().inNamespace(ns).withName("api").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("api:1.1");
      return d;
    });

    // Then
    Deployment d = cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("api").get(), x -> rolledOut(x)
        && x.getStatus().getObservedGeneration() >= edited.getMetadata().getGeneration()
        && x.getStatus().getReplicas() == 4, "api");
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(4);
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems())
        .extracting(rs -> rs.getSpec().getReplicas())
        .containsExactlyInAnyOrder(4, 0);
    assertThat(Workloads.pods(client, ns)).hasSize(4)
        .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("api:1.1"));
  }

  @Test
  @DisplayName("an image that cannot be pulled shows ErrImagePull then ImagePullBackOff with a Failed event")
  void missingImageBacksOff() {
    // Given
    String ns = "pull";
    // When
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 1, "registry.local/web:missing-7")).create();
    // Then
    Pod pod = cluster.await(() -> Workloads.pods(client, ns).stream().findFirst().orElse(null),
        p -> p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
            && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
            && "ImagePullBackOff".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()),
        "ImagePullBackOff");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo("Back-off pulling image \"registry.local/web:missing-7\"");
    assertThat(Workloads.events(client, ns, "Failed")).extracting(e -> e.getMessage())
        .contains("Error: ErrImagePull")
        .anyMatch(m -> m.startsWith("Failed to pull image \"registry.local/web:missing-7\": rpc error: code = NotFound desc ="));
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getStatus().getAvailableReplicas()).isZero();
  }

  @Test
  @DisplayName("scaling a Deployment scales its ReplicaSet, and a deleted pod is replaced")
  void scaleAndRecreate() {
    // Given
    String ns = "scale";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 2, "nginx:1.27")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> x != null && rolledOut(x), "web");

    // When
    client.apps().deployments().inNamespace(ns).withName("web").scale(4);
    // Then
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> rolledOut(x) && x.getStatus().getAvailableReplicas() == 4, "web");

    // When
    Pod victim = Workloads.pods(client, ns).get(0);
    client.pods().inNamespace(ns).withName(victim.getMetadata().getName()).delete();
    // Then
    List<Pod> pods = cluster.await(() -> Workloads.pods(client, ns),
        l -> l.size() == 4 && l.stream().noneMatch(p -> p.getMetadata().getName().equals(victim.getMetadata().getName()))
            && l.stream().allMatch(KubeObjects::isReady), "a replacement pod, Ready");
    assertThat(pods).hasSize(4);
  }

  @Test
  @DisplayName("rolling back to an earlier template re-uses its ReplicaSet and makes it the newest revision")
  void rollbackReusesReplicaSet() {
    // Given
    String ns = "rollback";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 2, "web:1")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> x != null && rolledOut(x), "v1");
    String v1 = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0).getMetadata().getName();
    setImage(ns, "web:2");
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(),
        x -> rolledOut(x) && "2".equals(x.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")), "v2");

    // When
    setImage(ns, "web:1");

    // Then
    Deployment d = cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(),
        x -> rolledOut(x) && "3".equals(x.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")), "back on v1");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(2);
    ReplicaSet reused = client.apps().replicaSets().inNamespace(ns).withName(v1).get();
    assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(reused.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
  }

  @Test
  @DisplayName("behaviour annotations: never-ready, config-error and an invalid image name each show the kubelet's status")
  void behaviourAnnotations() {
    // Given
    String ns = "behave";
    Deployment neverReady = Workloads.deployment(ns, "idle", 1, "idle:1", "never-ready");
    Deployment configError = Workloads.deployment(ns, "cfg", 1, "cfg:1", "config-error");
    configError.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVarBuilder()
        .withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db-credentials", false).endValueFrom().build()));
    Deployment invalid = Workloads.deployment(ns, "bad", 1, "Registry.Local/Bad:1");

    // When
    client.apps().deployments().inNamespace(ns).resource(neverReady).create();
    client.apps().deployments().inNamespace(ns).resource(configError).create();
    client.apps().deployments().inNamespace(ns).resource(invalid).create();

    // Then
    Pod idle = cluster.await(() -> podOf(ns, "idle"), p -> p != null && "Running".equals(p.getStatus().getPhase())
        && Boolean.TRUE.equals(p.getStatus().getContainerStatuses().get(0).getStarted()), "idle running");
    assertThat(KubeObjects.isReady(idle)).isFalse();
    Pod cfg = cluster.await(() -> podOf(ns, "cfg"), p -> p != null && waiting(p) != null
        && "CreateContainerConfigError".equals(waiting(p).getReason()), "cfg config error");
    assertThat(waiting(cfg).getMessage()).isEqualTo("secret \"db-credentials\" not found");
    Pod bad = cluster.await(() -> podOf(ns, "bad"), p -> p != null && waiting(p) != null
        && "InvalidImageName".equals(waiting(p).getReason()), "bad image name");
    assertThat(bad.getStatus().getPhase()).isEqualTo("Pending");
    Deployment idleDeployment = client.apps().deployments().inNamespace(ns).withName("idle").get();
    assertThat(condition(idleDeployment, "Available").getStatus()).isEqualTo("False");
  }

  @Test
  @DisplayName("deleting a Deployment garbage-collects its ReplicaSets and pods, as the API server's garbage collector does")
  void deletingDeploymentCollectsGarbage() {
    // Given
    String ns = "gc";
    client.apps().deployments().inNamespace(ns).resource(Workloads.deployment(ns, "web", 2, "nginx:1.27")).create();
    cluster.await(() -> client.apps().deployments().inNamespace(ns).withName("web").get(), x -> x != null && rolledOut(x), "web");

    // When
    client.apps().deployments().inNamespace(ns).withName("web").delete();

    // Then
    cluster.await(() -> Workloads.pods(client, ns), List::isEmpty, "no pods left");
    assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
  }

  private void setImage(String ns, String image) {
    client.apps().deployments().inNamespace(ns).withName("web").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
      return d;
    });
  }

  private Pod podOf(String ns, String app) {
    return Workloads.pods(client, ns).stream().filter(p -> app.equals(p.getMetadata().getLabels().get("app"))
        && p.getStatus() != null && p.getStatus().getContainerStatuses() != null).findFirst().orElse(null);
  }

  private static io.fabric8.kubernetes.api.model.ContainerStateWaiting waiting(Pod p) {
    return p.getStatus().getContainerStatuses().get(0).getState().getWaiting();
  }
}
