package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.util.HashMap;

/**
 * A fresh CRUD mock API server, client and started simulator per test. Per test, because the mock server can
 * block its event loop for up to a minute when a watch is closed while it is still sending events; a server
 * shared between tests would carry that stall into the next test.
 */
final class SimulatedCluster implements AutoCloseable {

  final KubernetesMockServer server;
  final KubernetesClient client;
  final ClusterSimulator sim;

  SimulatedCluster() {
    this(SimulatorSettings.fast());
  }

  SimulatedCluster(SimulatorSettings settings) {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    sim = new ClusterSimulator(client, settings);
    sim.start();
  }

  @Override
  public void close() {
    sim.close();
    client.close();
    server.destroy();
  }
}
