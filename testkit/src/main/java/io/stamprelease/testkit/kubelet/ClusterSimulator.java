package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.stamprelease.testkit.kubelet.ResourceKey.Kind;

/**
 * Kubelet + scheduler + controller-manager for one simulated cluster, driven only through a {@link KubernetesClient}.
 *
 * <p>Informers (all namespaces) turn every change into a reconcile key; one thread reconciles keys one at a time
 * and also runs the timers for time-based pod transitions, so nothing races. Controllers read the object and its
 * pods fresh from the API before acting. Every {@link SimulatorSettings#tick()} a resync lists everything from the
 * API, re-queues it, deletes orphans (the garbage collector) and replaces informers that stopped — so a cut watch
 * at worst delays a reaction by one tick.
 */
public final class ClusterSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSimulator.class);

  private final KubernetesClient client;
  private final SimulatorSettings settings;
  private final ReconcileQueue queue;
  private final NodeManager nodes;
  private final Kubelet kubelet;
  private final Scheduler scheduler;
  private final DeploymentController deployments;
  private final ReplicaSetController replicaSets;
  private final StatefulSetController statefulSets;
  private final DaemonSetController daemonSets;
  private final JobController jobs;
  private final ServiceController services;
  private final DisruptionBudgetController budgets;
  private final List<InformerSlot> informers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SharedIndexInformer<Pod> podInformer;
  private volatile SharedIndexInformer<PodDisruptionBudget> pdbInformer;

  public ClusterSimulator(KubernetesClient client, SimulatorSettings settings) {
    this.client = client;
    this.settings = settings;
    this.queue = new ReconcileQueue("cluster-simulator", this::reconcile);
    EventRecorder events = new EventRecorder(client);
    PodFactory pods = new PodFactory(client, events);
    this.nodes = new NodeManager(client);
    this.kubelet = new Kubelet(client, settings, events, queue);
    this.scheduler = new Scheduler(client, events);
    this.deployments = new DeploymentController(client, events, queue);
    this.replicaSets = new ReplicaSetController(client, pods);
    this.statefulSets = new StatefulSetController(client, pods);
    this.daemonSets = new DaemonSetController(client, pods);
    this.jobs = new JobController(client, pods, events);
    this.services = new ServiceController(client);
    this.budgets = new DisruptionBudgetController(client);
  }

  /** Starts informers (returns once their caches are synced), the reconcile thread and the resync; idempotent. */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("simulator is closed");
    }
    if (!started.compareAndSet(false, true)) {
      return;
    }
    watch("pods", () -> podInformer = client.pods().inAnyNamespace().inform(handler(this::podKeys), 0));
    watch("replicasets", () -> client.apps().replicaSets().inAnyNamespace().inform(handler(this::replicaSetKeys), 0));
    watch("deployments", () -> client.apps().deployments().inAnyNamespace().inform(handler(o -> List.of(key(Kind.DEPLOYMENT, o))), 0));
    watch("statefulsets", () -> client.apps().statefulSets().inAnyNamespace().inform(handler(o -> List.of(key(Kind.STATEFUL_SET, o))), 0));
    watch("daemonsets", () -> client.apps().daemonSets().inAnyNamespace().inform(handler(o -> List.of(key(Kind.DAEMON_SET, o))), 0));
    watch("jobs", () -> client.batch().v1().jobs().inAnyNamespace().inform(handler(o -> List.of(key(Kind.JOB, o))), 0));
    watch("services", () -> client.services().inAnyNamespace().inform(handler(o -> List.of(key(Kind.SERVICE, o))), 0));
    watch("poddisruptionbudgets", () -> pdbInformer = client.policy().v1().podDisruptionBudget().inAnyNamespace()
        .inform(handler(o -> List.of(key(Kind.PDB, o))), 0));
    watch("nodes", () -> client.nodes().inform(handler(o -> List.of(new ResourceKey(Kind.NODE, "", o.getMetadata().getName()))), 0));
    queue.every(settings.tick(), this::resync);
    queue.enqueue(ResourceKey.SCHEDULER);
  }

  /** Registers a Node as a freshly joined kubelet would: Ready, labelled like AKS Engine; masters tainted NoSchedule. */
  public void addNode(NodeSpec node) {
    nodes.add(node);
  }

  /** NotReady: every node condition Unknown/NodeStatusUnknown and the unreachable taints, as after a lost heartbeat. */
  public void setNodeReady(String name, boolean ready) {
    nodes.setReady(name, ready);
  }

  /** Deletes the Node and the pods bound to it; their controllers recreate them elsewhere. */
  public void removeNode(String name) {
    nodes.remove(name);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.close(); // first stop writing, then stop watching
    for (InformerSlot slot : informers) {
      try {
        slot.informer.close();
      } catch (RuntimeException e) {
        LOG.debug("closing informer {}", slot.type, e);
      }
    }
  }

  private void reconcile(ResourceKey key) {
    switch (key.kind()) {
      case DEPLOYMENT -> deployments.reconcile(key.namespace(), key.name());
      case REPLICA_SET -> replicaSets.reconcile(key.namespace(), key.name());
      case STATEFUL_SET -> statefulSets.reconcile(key.namespace(), key.name());
      case DAEMON_SET -> daemonSets.reconcile(key.namespace(), key.name());
      case JOB -> jobs.reconcile(key.namespace(), key.name());
      case POD -> kubelet.sync(key.namespace(), key.name());
      case SERVICE -> services.reconcile(key.namespace(), key.name());
      case PDB -> budgets.reconcile(key.namespace(), key.name());
      case SCHEDULER -> scheduler.schedulePending();
      case NODE -> nodeChanged(key.name());
    }
  }

  /** A node came, went or changed readiness: pending pods, daemon sets and the node's own pods must look again. */
  private void nodeChanged(String node) {
    queue.enqueue(ResourceKey.SCHEDULER);
    for (HasMetadata ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      queue.enqueue(key(Kind.DAEMON_SET, ds));
    }
    for (Pod p : podInformer.getStore().list()) {
      if (node.equals(p.getSpec().getNodeName())) {
        queue.enqueue(key(Kind.POD, p));
      }
    }
  }

  private List<ResourceKey> podKeys(Pod p) {
    List<ResourceKey> keys = new ArrayList<>();
    keys.add(key(Kind.POD, p));
    if (p.getSpec().getNodeName() == null) {
      keys.add(ResourceKey.SCHEDULER);
    }
    KubeObjects.controllerOf(p).map(ref -> ownerKey(p, ref)).ifPresent(keys::add);
    if (pdbInformer != null) {
      for (PodDisruptionBudget pdb : pdbInformer.getStore().list()) {
        if (pdb.getMetadata().getNamespace().equals(p.getMetadata().getNamespace())) {
          keys.add(key(Kind.PDB, pdb));
        }
      }
    }
    return keys;
  }

  private List<ResourceKey> replicaSetKeys(ReplicaSet rs) {
    List<ResourceKey> keys = new ArrayList<>();
    keys.add(key(Kind.REPLICA_SET, rs));
    KubeObjects.controllerOf(rs).map(ref -> ownerKey(rs, ref)).ifPresent(keys::add);
    return keys;
  }

  private static ResourceKey ownerKey(HasMetadata child, OwnerReference ref) {
    Kind kind = switch (ref.getKind()) {
      case "ReplicaSet" -> Kind.REPLICA_SET;
      case "StatefulSet" -> Kind.STATEFUL_SET;
      case "DaemonSet" -> Kind.DAEMON_SET;
      case "Job" -> Kind.JOB;
      case "Deployment" -> Kind.DEPLOYMENT;
      default -> null;
    };
    return kind == null ? null : new ResourceKey(kind, child.getMetadata().getNamespace(), ref.getName());
  }

  private static ResourceKey key(Kind kind, HasMetadata o) {
    return new ResourceKey(kind, o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, List<ResourceKey>> keys) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        keys.apply(obj).forEach(queue::enqueue);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        keys.apply(newObj).forEach(queue::enqueue);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        keys.apply(obj).forEach(queue::enqueue);
      }
    };
  }

  // ---- safety net -------------------------------------------------------------------------------------------

  private void resync() {
    if (closed.get()) {
      return;
    }
    restartStoppedInformers();
    // dependents are listed before owners: an owner missing from the later list really is gone
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<ReplicaSet> rss = client.apps().replicaSets().inAnyNamespace().list().getItems();
    Set<String> owners = new HashSet<>();
    List<HasMetadata> all = new ArrayList<>(rss);
    all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(client.apps().statefulSets().inAnyNamespace().list().getItems());
    all.addAll(client.apps().daemonSets().inAnyNamespace().list().getItems());
    all.addAll(client.batch().v1().jobs().inAnyNamespace().list().getItems());
    all.forEach(o -> owners.add(o.getMetadata().getUid()));
    Set<String> livePods = new HashSet<>();
    for (Pod p : pods) {
      livePods.add(p.getMetadata().getUid());
      if (orphan(p, owners)) {
        LOG.debug("garbage-collecting orphan pod {}/{}", p.getMetadata().getNamespace(), p.getMetadata().getName());
        client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
      } else {
        podKeys(p).forEach(queue::enqueue);
      }
    }
    kubelet.retainOnly(livePods);
    for (HasMetadata o : all) {
      if (o instanceof ReplicaSet rs && orphan(rs, owners)) {
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName()).delete();
        continue;
      }
      Kind kind = switch (o.getKind()) {
        case "ReplicaSet" -> Kind.REPLICA_SET;
        case "Deployment" -> Kind.DEPLOYMENT;
        case "StatefulSet" -> Kind.STATEFUL_SET;
        case "DaemonSet" -> Kind.DAEMON_SET;
        default -> Kind.JOB;
      };
      queue.enqueue(key(kind, o));
    }
    client.services().inAnyNamespace().list().getItems().forEach(s -> queue.enqueue(key(Kind.SERVICE, s)));
    client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems().forEach(b -> queue.enqueue(key(Kind.PDB, b)));
    queue.enqueue(ResourceKey.SCHEDULER);
  }

  private static boolean orphan(HasMetadata o, Set<String> ownerUids) {
    return KubeObjects.controllerOf(o)
        .filter(ref -> Set.of("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job").contains(ref.getKind()))
        .map(ref -> !ownerUids.contains(ref.getUid())).orElse(false);
  }

  private void watch(String type, Supplier<SharedIndexInformer<?>> factory) {
    informers.add(new InformerSlot(type, factory, factory.get()));
  }

  private void restartStoppedInformers() {
    for (InformerSlot slot : informers) {
      if (slot.informer.stopped().toCompletableFuture().isDone()) {
        LOG.warn("informer for {} stopped, starting a new one", slot.type);
        informers.remove(slot);
        informers.add(new InformerSlot(slot.type, slot.factory, slot.factory.get()));
      }
    }
  }

  private record InformerSlot(String type, Supplier<SharedIndexInformer<?>> factory, SharedIndexInformer<?> informer) {
  }
}
