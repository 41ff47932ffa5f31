package io.stamprelease.core.steps.helmrollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stamprelease.core.steps.helmrollout.ReleaseManifest.WorkloadRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Watches the workloads of one release revision with fabric8 informers (Deployments, ReplicaSets, StatefulSets,
 * DaemonSets, Jobs, Pods, Events of each namespace involved) and judges them from the informers' caches — no API
 * call per check and none inside a watch callback. Informers re-watch (and re-list on 410) by themselves, so a cut
 * watch only delays a verdict; every check re-derives the verdict from the current cache.
 *
 * <p>A workload is ready when its controller has observed the new generation and every replica is updated and
 * available (kubectl rollout status' rules). It has failed, without waiting for any timeout, as soon as a pod of
 * the new revision waits in {@link #FAILING_REASONS}, restarts more than {@code maxRestarts} times, or the
 * Deployment reports {@code ProgressDeadlineExceeded}, or a Job reports {@code Failed}.
 */
final class WorkloadTracker implements AutoCloseable {
  static final Set<String> FAILING_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
      "CreateContainerConfigError", "InvalidImageName", "CreateContainerError", "ErrImageNeverPull");

  /** The judgement of one check. */
  enum State { PROGRESSING, READY, FAILED }

  record Verdict(State state, List<WorkloadResult> workloads) {
    String progress() {
      return String.join("; ", workloads.stream().map(WorkloadResult::summary).toList());
    }

    List<String> failures() {
      return workloads.stream().flatMap(w -> w.problems().stream().map(p -> w.name() + ": " + p)).toList();
    }
  }

  static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final List<WorkloadRef> workloads;
  private final int maxRestarts;
  private final Map<String, Informers> byNamespace = new LinkedHashMap<>();

  private record Informers(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<ReplicaSet> replicaSets,
                           SharedIndexInformer<StatefulSet> statefulSets, SharedIndexInformer<DaemonSet> daemonSets,
                           SharedIndexInformer<Job> jobs, SharedIndexInformer<Pod> pods, SharedIndexInformer<Event> events) {
    List<SharedIndexInformer<?>> all() {
      return List.of(deployments, replicaSets, statefulSets, daemonSets, jobs, pods, events);
    }
  }

  WorkloadTracker(KubernetesClient client, List<WorkloadRef> workloads, int maxRestarts) {
    this.client = client;
    this.workloads = List.copyOf(workloads);
    this.maxRestarts = maxRestarts;
  }

  /**
   * Starts the informers of every namespace at once and waits (bounded) until each has listed; call from a task,
   * never from a watch callback. Starting them together rather than one {@code inform()} after the other keeps the
   * first verdict close to the upgrade.
   */
  WorkloadTracker start() {
    List<CompletableFuture<Void>> synced = new ArrayList<>();
    for (String ns : workloads.stream().map(WorkloadRef::namespace).distinct().toList()) {
      Informers inf = new Informers(
          client.apps().deployments().inNamespace(ns).runnableInformer(0),
          client.apps().replicaSets().inNamespace(ns).runnableInformer(0),
          client.apps().statefulSets().inNamespace(ns).runnableInformer(0),
          client.apps().daemonSets().inNamespace(ns).runnableInformer(0),
          client.batch().v1().jobs().inNamespace(ns).runnableInformer(0),
          client.pods().inNamespace(ns).runnableInformer(0),
          client.v1().events().inNamespace(ns).runnableInformer(0));
      byNamespace.put(ns, inf);
      inf.all().forEach(i -> synced.add(i.start().toCompletableFuture()));
    }
    try {
      CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
          .get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new io.stamprelease.core.engine.TerminalException("interrupted while starting watches");
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new io.stamprelease.core.engine.TransientException("could not list and watch the release's workloads: " + e, e);
    }
    return this;
  }

  Verdict check() {
    List<WorkloadResult> results = new ArrayList<>();
    for (WorkloadRef ref : workloads) {
      Informers inf = byNamespace.get(ref.namespace());
      results.add(switch (ref.kind()) {
        case "Deployment" -> deployment(ref, inf);
        case "StatefulSet" -> statefulSet(ref, inf);
        case "DaemonSet" -> daemonSet(ref, inf);
        default -> job(ref, inf);
      });
    }
    State state = results.stream().anyMatch(r -> !r.problems().isEmpty()) ? State.FAILED
        : results.stream().allMatch(WorkloadResult::ready) ? State.READY : State.PROGRESSING;
    return new Verdict(state, results);
  }

  /**
   * Failing pods of a StatefulSet that are not on its current revision. Kubernetes does not replace them after the
   * template is reverted: with OrderedReady it waits for every pod to be Ready first, so a crashed pod of the bad
   * revision blocks the rollback forever; the documented fix ("forced rollback") is to delete it. A rollback deletes
   * these; a rollout never does. (A DaemonSet needs no help: its controller replaces unavailable outdated pods.)
   */
  List<Pod> stuckPodsOfOtherRevisions() {
    List<Pod> stuck = new ArrayList<>();
    for (WorkloadRef ref : workloads) {
      Informers inf = byNamespace.get(ref.namespace());
      String key = ref.namespace() + "/" + ref.name();
      if (ref.kind().equals("StatefulSet")) {
        StatefulSet s = inf.statefulSets().getStore().getByKey(key);
        String rev = s == null || s.getStatus() == null ? null : s.getStatus().getUpdateRevision();
        boolean observed = s != null && s.getStatus() != null && s.getStatus().getObservedGeneration() != null
            && s.getStatus().getObservedGeneration() >= s.getMetadata().getGeneration();
        if (observed && rev != null) {
          podsOwnedBy(inf, s, p -> !rev.equals(label(p, "controller-revision-hash"))).stream().filter(this::failing).forEach(stuck::add);
        }
      }
    }
    return stuck;
  }

  private boolean failing(Pod pod) {
    return !podProblems(List.of(pod)).isEmpty();
  }

  private static String label(Pod p, String key) {
    return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
  }

  private WorkloadResult deployment(WorkloadRef ref, Informers inf) {
    Deployment d = inf.deployments().getStore().getByKey(ref.namespace() + "/" + ref.name());
    if (d == null) {
      return WorkloadResult.waiting(ref, ref.name() + ": not created yet");
    }
    int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    var st = d.getStatus();
    boolean observed = st != null && st.getObservedGeneration() != null && st.getObservedGeneration() >= d.getMetadata().getGeneration();
    int updated = st == null || !observed ? 0 : nz(st.getUpdatedReplicas());
    int available = st == null || !observed ? 0 : nz(st.getAvailableReplicas());
    int total = st == null ? 0 : nz(st.getReplicas());
    String revision = annotation(d, "deployment.kubernetes.io/revision");
    Optional<ReplicaSet> newRs = observed ? inf.replicaSets().getStore().list().stream()
        .filter(rs -> ownedBy(rs, d) && Objects.equals(annotation(rs, "deployment.kubernetes.io/revision"), revision)).findFirst()
        : Optional.empty();
    List<Pod> pods = newRs.map(rs -> podsOwnedBy(inf, rs, p -> true)).orElse(List.of());
    List<String> problems = new ArrayList<>(podProblems(pods));
    if (observed && st.getConditions() != null) {
      st.getConditions().stream().filter(c -> "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()))
          .map(DeploymentCondition::getMessage).findFirst()
          .ifPresent(m -> problems.add("ProgressDeadlineExceeded: " + m));
    }
    boolean ready = observed && updated >= desired && total == updated && available >= desired;
    String summary = ref.name() + ": " + updated + "/" + desired + " updated, " + available + "/" + desired + " available"
        + firstWaiting(pods, ready);
    Set<String> involved = new HashSet<>(List.of(d.getMetadata().getName()));
    newRs.ifPresent(rs -> involved.add(rs.getMetadata().getName()));
    pods.forEach(p -> involved.add(p.getMetadata().getName()));
    return new WorkloadResult(ref.kind(), ref.name(), ready, summary, problems, problems.isEmpty() ? List.of() : events(inf, involved));
  }

  private WorkloadResult statefulSet(WorkloadRef ref, Informers inf) {
    StatefulSet s = inf.statefulSets().getStore().getByKey(ref.namespace() + "/" + ref.name());
    if (s == null) {
      return WorkloadResult.waiting(ref, ref.name() + ": not created yet");
    }
    int desired = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
    var st = s.getStatus();
    boolean observed = st != null && st.getObservedGeneration() != null && st.getObservedGeneration() >= s.getMetadata().getGeneration();
    int updated = !observed ? 0 : nz(st.getUpdatedReplicas());
    int ready = !observed ? 0 : nz(st.getReadyReplicas());
    String updateRevision = st == null ? null : st.getUpdateRevision();
    List<Pod> pods = observed ? podsOwnedBy(inf, s, p -> updateRevision == null
        || updateRevision.equals(p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("controller-revision-hash")))
        : List.of();
    List<String> problems = podProblems(pods);
    boolean done = observed && updated >= desired && ready >= desired && nz(st.getReplicas()) == desired;
    String summary = ref.name() + ": " + updated + "/" + desired + " updated, " + ready + "/" + desired + " ready" + firstWaiting(pods, done);
    return result(ref, done, summary, problems, inf, s, pods);
  }

  private WorkloadResult daemonSet(WorkloadRef ref, Informers inf) {
    DaemonSet ds = inf.daemonSets().getStore().getByKey(ref.namespace() + "/" + ref.name());
    if (ds == null) {
      return WorkloadResult.waiting(ref, ref.name() + ": not created yet");
    }
    var st = ds.getStatus();
    boolean observed = st != null && st.getObservedGeneration() != null && st.getObservedGeneration() >= ds.getMetadata().getGeneration();
    int desired = st == null ? 0 : nz(st.getDesiredNumberScheduled());
    int updated = !observed ? 0 : nz(st.getUpdatedNumberScheduled());
    int available = !observed ? 0 : nz(st.getNumberAvailable());
    String generation = String.valueOf(ds.getMetadata().getGeneration());
    List<Pod> pods = observed ? podsOwnedBy(inf, ds, p -> {
      String g = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("pod-template-generation");
      return g == null || g.equals(generation);
    }) : List.of();
    List<String> problems = podProblems(pods);
    boolean done = observed && updated >= desired && available >= desired;
    String summary = ref.name() + ": " + updated + "/" + desired + " updated, " + available + "/" + desired + " available" + firstWaiting(pods, done);
    return result(ref, done, summary, problems, inf, ds, pods);
  }

  private WorkloadResult job(WorkloadRef ref, Informers inf) {
    Job j = inf.jobs().getStore().getByKey(ref.namespace() + "/" + ref.name());
    if (j == null) {
      return WorkloadResult.waiting(ref, ref.name() + ": not created yet");
    }
    int completions = Optional.ofNullable(j.getSpec().getCompletions()).orElse(1);
    var st = j.getStatus();
    List<JobCondition> conditions = st == null || st.getConditions() == null ? List.of() : st.getConditions();
    boolean complete = conditions.stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
    List<Pod> pods = podsOwnedBy(inf, j, p -> true);
    List<String> problems = new ArrayList<>(podProblems(pods));
    conditions.stream().filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst()
        .ifPresent(c -> problems.add("job failed: " + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")")));
    String summary = ref.name() + ": " + (st == null ? 0 : nz(st.getSucceeded())) + "/" + completions + " succeeded" + firstWaiting(pods, complete);
    return result(ref, complete, summary, problems, inf, j, pods);
  }

  private WorkloadResult result(WorkloadRef ref, boolean ready, String summary, List<String> problems, Informers inf, HasMetadata owner,
                                List<Pod> pods) {
    Set<String> involved = new HashSet<>(List.of(owner.getMetadata().getName()));
    pods.forEach(p -> involved.add(p.getMetadata().getName()));
    return new WorkloadResult(ref.kind(), ref.name(), ready, summary, problems, problems.isEmpty() ? List.of() : events(inf, involved));
  }

  /** Pods of the new revision that are failing, with the container's reason, message and last termination. */
  private List<String> podProblems(List<Pod> pods) {
    List<String> problems = new ArrayList<>();
    for (Pod pod : pods) {
      for (ContainerStatus cs : containerStatuses(pod)) {
        String waiting = cs.getState() != null && cs.getState().getWaiting() != null ? cs.getState().getWaiting().getReason() : null;
        int restarts = nz(cs.getRestartCount());
        if ((waiting != null && FAILING_REASONS.contains(waiting)) || restarts > maxRestarts) {
          StringBuilder b = new StringBuilder("pod ").append(pod.getMetadata().getName()).append(" container ").append(cs.getName()).append(": ");
          b.append(waiting != null && FAILING_REASONS.contains(waiting) ? waiting : "restarted " + restarts + " times (limit " + maxRestarts + ")");
          if (waiting != null && cs.getState().getWaiting().getMessage() != null) {
            b.append(" (").append(cs.getState().getWaiting().getMessage()).append(")");
          }
          if (restarts > 0) {
            b.append(", restarts ").append(restarts);
          }
          var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
          if (last != null) {
            b.append("; last termination: exit ").append(last.getExitCode()).append(" ").append(Objects.toString(last.getReason(), ""));
            if (last.getMessage() != null && !last.getMessage().isBlank()) {
              b.append(": ").append(oneLine(last.getMessage()));
            }
          }
          problems.add(b.toString());
        }
      }
    }
    return problems;
  }

  /** ", first waiting pod web-x: ContainerCreating" while not ready, so a stuck rollout says why. */
  private static String firstWaiting(List<Pod> pods, boolean ready) {
    if (ready) {
      return "";
    }
    return pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .flatMap(p -> containerStatuses(p).stream().filter(cs -> cs.getState() != null && cs.getState().getWaiting() != null
            && cs.getState().getWaiting().getReason() != null).map(cs -> ", pod " + p.getMetadata().getName() + ": " + cs.getState().getWaiting().getReason()))
        .findFirst().orElse("");
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    return Stream.concat(Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
        Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()).toList();
  }

  private static List<Pod> podsOwnedBy(Informers inf, HasMetadata owner, Predicate<Pod> filter) {
    return inf.pods().getStore().list().stream().filter(p -> ownedBy(p, owner) && p.getMetadata().getDeletionTimestamp() == null)
        .filter(filter).sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  /**
   * Up to five recent events about the workload, its new ReplicaSet and its pods, warnings first chosen (they say
   * why), then filled with the latest normal ones, shown in the order they happened — what `kubectl describe` shows.
   */
  private static List<String> events(Informers inf, Set<String> involved) {
    Comparator<Event> chronological = Comparator.comparing(WorkloadTracker::eventTime).thenComparingLong(WorkloadTracker::resourceVersion);
    List<Event> about = inf.events().getStore().list().stream()
        .filter(e -> e.getInvolvedObject() != null && involved.contains(e.getInvolvedObject().getName())).sorted(chronological).toList();
    List<Event> warnings = about.stream().filter(e -> "Warning".equals(e.getType())).toList();
    List<Event> chosen = new ArrayList<>(warnings.subList(Math.max(0, warnings.size() - 5), warnings.size()));
    List<Event> normal = about.stream().filter(e -> !"Warning".equals(e.getType())).toList();
    chosen.addAll(normal.subList(Math.max(0, normal.size() - (5 - chosen.size())), normal.size()));
    return chosen.stream().sorted(chronological)
        .map(e -> e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT) + "/"
            + e.getInvolvedObject().getName() + ": " + oneLine(e.getMessage())
            + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""))
        .distinct().toList();
  }

  private static long resourceVersion(Event e) {
    try {
      return Long.parseLong(e.getMetadata().getResourceVersion());
    } catch (RuntimeException notANumber) {
      return 0;
    }
  }

  /** Termination messages are often stack traces: one line, so reports and logs stay readable. */
  static String oneLine(String text) {
    return text == null ? "" : String.join(" | ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }

  private static String eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
    return t == null ? "" : t;
  }

  private static boolean ownedBy(HasMetadata child, HasMetadata owner) {
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
  }

  private static String annotation(HasMetadata o, String key) {
    return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  @Override
  public void close() {
    byNamespace.values().forEach(i -> i.all().forEach(SharedIndexInformer::close));
    byNamespace.clear();
  }
}
