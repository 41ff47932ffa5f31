package io.stamprelease.cli.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Pods of one namespace as a watch delivers them, with the nanoTime of the first CrashLoopBackOff and of each pod's first Ready. */
final class PodWatch implements AutoCloseable {
  private final AtomicLong firstCrashLoop = new AtomicLong();
  private final Map<String, long[]> readyAt = new ConcurrentHashMap<>(); // pod name → {nanoTime}, per image below
  private final Map<String, String> imageOf = new ConcurrentHashMap<>();
  private final Watch watch;

  PodWatch(KubernetesClient client, String namespace) {
    watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        long now = System.nanoTime();
        if (pod.getStatus() == null || action == Action.DELETED) {
          return;
        }
        String name = pod.getMetadata().getName();
        imageOf.putIfAbsent(name, pod.getSpec().getContainers().get(0).getImage());
        boolean crashLoop = pod.getStatus().getContainerStatuses() != null && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(c -> c.getState() != null && c.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
        if (crashLoop) {
          firstCrashLoop.compareAndSet(0, now);
        }
        boolean ready = pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (ready) {
          readyAt.putIfAbsent(name, new long[] {now});
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
  }

  long firstCrashLoop() {
    long t = firstCrashLoop.get();
    if (t == 0) {
      throw new IllegalStateException("the pod watch never saw CrashLoopBackOff");
    }
    return t;
  }

  /** When the last of {@code count} pods of {@code image} turned Ready, among those Ready by {@code before}. */
  long lastReady(String image, long before, int count) {
    List<Long> times = readyAt.entrySet().stream().filter(e -> image.equals(imageOf.get(e.getKey())))
        .map(e -> e.getValue()[0]).filter(t -> t - before <= 0).sorted().toList();
    if (times.size() < count) {
      throw new IllegalStateException("the pod watch saw " + times.size() + " of " + count + " pods of " + image + " Ready before success");
    }
    return times.get(times.size() - 1);
  }

  @Override
  public void close() {
    watch.close();
  }
}
