package io.stamprelease.core.clients.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * fabric8 clients built from kubeconfig CONTENTS (never a file written to the workspace), with bounded
 * timeouts and without fabric8's own 429/5xx retry loop: the engine decides about retries.
 */
public final class KubeClients {
  private KubeClients() {
  }

  public static KubernetesClient fromKubeconfig(String kubeconfig) {
    Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
        .withRequestTimeout(30_000).withConnectionTimeout(10_000)
        .withRequestRetryBackoffLimit(0)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
