package io.stamprelease.cli.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.atomic.AtomicLong;

/** When a revision of the release was first labelled {@code status=failed} in its release Secret: the decision to roll back. */
final class FailedMark implements AutoCloseable {
  private final AtomicLong at = new AtomicLong();
  private final Watch watch;

  FailedMark(KubernetesClient client, String namespace, String release) {
    watch = client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Secret secret) {
        if (action != Action.DELETED && "failed".equals(secret.getMetadata().getLabels().get("status"))) {
          at.compareAndSet(0, System.nanoTime());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
  }

  long at() {
    long t = at.get();
    if (t == 0) {
      throw new IllegalStateException("no release revision was marked failed");
    }
    return t;
  }

  @Override
  public void close() {
    watch.close();
  }
}
