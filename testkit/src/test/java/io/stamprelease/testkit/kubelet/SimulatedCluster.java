package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A fresh CRUD mock API server, client and started simulator per test, plus {@link #await} to wait for conditions
 * across objects.
 *
 * <p>Why per test, and why {@code await} uses watches opened once instead of {@code waitUntilCondition}: the mock
 * server (kubernetes-server-mock 7.8.0, {@code WatchEventsListener.onClosed}) blocks its Vert.x event loop for up
 * to a minute when a watch is closed while it is still sending that watch an event. Closing a watch mid-test,
 * while the simulator is busy, can therefore stall the whole server; watches opened once and closed after the
 * simulator stopped writing avoid that, and a server per test keeps any stall out of the next test.
 */
final class SimulatedCluster implements AutoCloseable {

  final KubernetesMockServer server;
  final KubernetesClient client;
  final ClusterSimulator sim;
  private final List<Watch> watches = new ArrayList<>();
  private final Object changed = new Object();
  private long changes; // guarded by changed
  private final List<String> podHistory = new ArrayList<>();
  private final Set<String> readyPods = new HashSet<>(); // guarded by podHistory

  SimulatedCluster() {
    this(SimulatorSettings.fast());
  }

  SimulatedCluster(SimulatorSettings settings) {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    sim = new ClusterSimulator(client, settings);
    sim.start();
    signalOn(client.pods().inAnyNamespace(), this::logPod);
    signalOn(client.v1().events().inAnyNamespace());
    signalOn(client.apps().deployments().inAnyNamespace());
    signalOn(client.apps().statefulSets().inAnyNamespace());
    signalOn(client.apps().daemonSets().inAnyNamespace());
    signalOn(client.batch().v1().jobs().inAnyNamespace());
    signalOn(client.services().inAnyNamespace());
    signalOn(client.policy().v1().podDisruptionBudget().inAnyNamespace());
  }

  /** Re-evaluates {@code probe} on every change in the cluster (at the latest every 250 ms) until {@code ok}, for 10 s. */
  <T> T await(Supplier<T> probe, Predicate<T> ok, String what) {
    Duration timeout = Duration.ofSeconds(10);
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      long seen;
      synchronized (changed) {
        seen = changes;
      }
      try {
        last = probe.get();
        if (ok.test(last)) {
          return last;
        }
        lastError = null;
      } catch (RuntimeException e) { // e.g. a field that is not written yet
        lastError = e;
      }
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      synchronized (changed) {
        if (changes == seen) {
          try {
            changed.wait(Math.min(leftMs, 250));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
          }
        }
      }
    }
  }

  /** Pod history in watch order: "ADDED ns/name", "READY ns/name" (first time Ready), "DELETED ns/name". */
  List<String> podHistory() {
    synchronized (podHistory) {
      return List.copyOf(podHistory);
    }
  }

  private void logPod(Watcher.Action action, Pod pod) {
    String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    synchronized (podHistory) {
      if (action == Watcher.Action.ADDED || action == Watcher.Action.DELETED) {
        podHistory.add(action + " " + name);
        readyPods.remove(name);
      }
      if (action != Watcher.Action.DELETED && KubeObjects.isReady(pod) && readyPods.add(name)) {
        podHistory.add("READY " + name);
      }
    }
  }

  private <W> void signalOn(Watchable<W> source) {
    signalOn(source, (a, r) -> { });
  }

  private <W> void signalOn(Watchable<W> source, BiConsumer<Watcher.Action, W> log) {
    watches.add(source.watch(new Watcher<W>() {
      @Override
      public void eventReceived(Action action, W resource) {
        log.accept(action, resource);
        synchronized (changed) {
          changes++;
          changed.notifyAll();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    }));
  }

  @Override
  public void close() {
    sim.close(); // stop writing first, so no watch is closed while events for it are in flight
    watches.forEach(Watch::close);
    client.close();
    server.destroy();
  }
}
