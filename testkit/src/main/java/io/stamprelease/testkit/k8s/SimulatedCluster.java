package io.stamprelease.testkit.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API server of one simulated stamp: fabric8's CRUD mock behind a {@link FrontDispatcher}, over HTTPS
 * on 127.0.0.1 with a random port, reporting Kubernetes v1.33.5. Real Helm and kubectl work against it through
 * {@link #kubeconfig(String)}; simulators and tests use {@link #client()}.
 */
public final class SimulatedCluster implements AutoCloseable {

  private final String name;
  private final KubernetesMockServer server;
  private final MockWebServer web;
  private final KubernetesClient client;
  private final KubeJournal journal;
  private final KubeFaults faults;

  private SimulatedCluster(String name, KubernetesMockServer server, MockWebServer web, KubeJournal journal,
                           KubeFaults faults) {
    this.name = name;
    this.server = server;
    this.web = web;
    this.journal = journal;
    this.faults = faults;
    this.client = server.createClient();
  }

  public static SimulatedCluster start(String name) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubeJournal journal = new KubeJournal();
    WatchRegistry watches = new WatchRegistry();
    KubeFaults faults = new KubeFaults(watches);
    KubeVersion version = KubeVersion.DEFAULT;
    FrontDispatcher front = new FrontDispatcher(new KubernetesMixedDispatcher(expectations), new Discovery(version),
        journal, faults, watches);
    MockWebServer web = new MockWebServer();
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), web, expectations, front, true, version.toVersionInfo());
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new SimulatedCluster(name, server, web, journal, faults);
  }

  public String name() {
    return name;
  }

  /** {@code https://127.0.0.1:PORT}, without a trailing slash. */
  public String url() {
    return "https://127.0.0.1:" + web.getPort();
  }

  /** A client trusting this cluster, owned by it: do not close it, {@link #close()} does. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Kubeconfig YAML for this cluster with a token user and {@code namespace} as the context's default.
   * The server certificate is self-signed per start with SANs {@code localhost} and {@code 127.0.0.1}, so it is
   * given as {@code certificate-authority-data}: kubectl and Helm (Go's TLS) accept a self-signed leaf placed in
   * the root pool, and TLS stays verified rather than skipped.
   */
  public String kubeconfig(String namespace) {
    return Kubeconfig.render(name, url(), certificatePem(), namespace);
  }

  public KubeJournal journal() {
    return journal;
  }

  public KubeFaults faults() {
    return faults;
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      server.destroy();
    }
  }

  private String certificatePem() {
    try {
      return Files.readString(Path.of(web.getSelfSignedCertificate().certificatePath()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
