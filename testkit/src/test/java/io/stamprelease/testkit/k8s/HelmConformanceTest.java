package io.stamprelease.testkit.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("Real Helm (helm-java) manages a release on a simulated cluster")
class HelmConformanceTest {

  private static final String NAMESPACE = "apps";

  @TempDir
  Path tmp;

  private SimulatedCluster cluster;
  private String kubeconfig;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("helm-stamp");
    kubeconfig = cluster.kubeconfig(NAMESPACE);
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  @DisplayName("install, list, upgrade, history and uninstall behave as on a real cluster")
  void releaseLifecycle() throws Exception {
    // Given
    Helm chart = Helm.create().withName("demo").withDir(tmp).call();

    // When
    Release installed = withTimeout(() -> chart.install().withName("rel").withNamespace(NAMESPACE)
        .withKubeConfigContents(kubeconfig).call());
    List<Release> listed = withTimeout(() -> Helm.list().withNamespace(NAMESPACE).withKubeConfigContents(kubeconfig).call());

    // Then
    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(deployment()).isNotNull();
    assertThat(cluster.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/secrets")
        && e.contentType().startsWith("application/vnd.kubernetes.protobuf") && e.status() == 201))
        .as("release record stored from a protobuf body").isEqualTo(1);
    assertThat(listed).extracting(Release::getName, Release::getRevision).containsExactly(tuple("rel", "1"));

    // When
    Release upgraded = withTimeout(() -> chart.upgrade().withName("rel").withNamespace(NAMESPACE)
        .withKubeConfigContents(kubeconfig).set("replicaCount", 3).set("image.tag", "1.27.3").call());
    List<ReleaseHistory> history = withTimeout(() -> Helm.history("rel").withNamespace(NAMESPACE)
        .withKubeConfigContents(kubeconfig).call());

    // Then
    assertThat(upgraded.getRevision()).isEqualTo("2");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":1.27.3");
    assertThat(history).extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));
    assertThat(cluster.journal().count(e -> e.method().equals("PATCH") && e.path().contains("/deployments/rel-demo")
        && e.status() == 200)).isPositive();

    // When
    String uninstalled = withTimeout(() -> Helm.uninstall("rel").withNamespace(NAMESPACE)
        .withKubeConfigContents(kubeconfig).call());

    // Then
    assertThat(uninstalled).contains("release \"rel\" uninstalled");
    assertThat(deployment()).isNull();
    assertThat(cluster.client().secrets().inNamespace(NAMESPACE).withLabel("owner", "helm").list().getItems()).isEmpty();
  }

  private Deployment deployment() {
    return cluster.client().apps().deployments().inNamespace(NAMESPACE).withName("rel-demo").get();
  }

  /** Helm runs natively and can block forever; a daemon thread lets the test fail instead of hanging. */
  private static <T> T withTimeout(Callable<T> helmCall) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "helm-call");
      thread.setDaemon(true);
      return thread;
    });
    try {
      return executor.submit(helmCall).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      executor.shutdownNow();
    }
  }
}
