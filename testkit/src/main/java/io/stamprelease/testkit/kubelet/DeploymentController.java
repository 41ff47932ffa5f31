package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment controller: one ReplicaSet per pod template, rolling update within maxSurge/maxUnavailable
 * (defaults 25% up / 25% down, as the API server defaults them), Recreate, status and the Available/Progressing
 * conditions including ProgressDeadlineExceeded. Simplifications: minReadySeconds is ignored (available = ready),
 * no revisionHistoryLimit clean-up, pause only stops scaling.
 */
final class DeploymentController {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String DESIRED = "deployment.kubernetes.io/desired-replicas";
  static final String MAX = "deployment.kubernetes.io/max-replicas";
  static final String HASH = "pod-template-hash";
  private static final String COMPONENT = "deployment-controller";

  private final KubernetesClient client;
  private final EventRecorder events;
  private final ReconcileQueue queue;
  private final Map<String, Instant> lastProgress = new HashMap<>(); // deployment uid → last progress (ms precision)

  DeploymentController(KubernetesClient client, EventRecorder events, ReconcileQueue queue) {
    this.client = client;
    this.events = events;
    this.queue = queue;
  }

  void reconcile(String ns, String name) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null || KubeObjects.isDeleting(d)) {
      return;
    }
    String hash = TemplateHash.of(d.getSpec().getTemplate());
    List<ReplicaSet> all = new ArrayList<>(client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
        .filter(rs -> KubeObjects.isControlledBy(rs, d) && !KubeObjects.isDeleting(rs)).toList());
    int maxRevision = all.stream().mapToInt(DeploymentController::revision).max().orElse(0);
    int replicas = KubeObjects.replicas(d.getSpec().getReplicas());
    int[] limits = surgeAndUnavailable(d, replicas);
    int maxSurge = limits[0];
    int maxUnavailable = limits[1];

    Optional<ReplicaSet> existing = all.stream().filter(rs -> hash.equals(labels(rs).get(HASH))).findFirst();
    boolean created = false;
    ReplicaSet newRs;
    if (existing.isPresent()) {
      newRs = existing.get();
      if (revision(newRs) < maxRevision) { // template re-used (rollback): it becomes the newest revision again
        newRs = annotate(newRs, REVISION, Integer.toString(maxRevision + 1));
        replace(all, newRs);
      }
    } else {
      newRs = createReplicaSet(d, hash, maxRevision + 1, replicas, maxSurge);
      all.add(newRs);
      created = true;
    }
    final String newName = newRs.getMetadata().getName();
    List<ReplicaSet> old = new ArrayList<>(all.stream().filter(rs -> !rs.getMetadata().getName().equals(newName))
        .sorted(Comparator.comparingInt(DeploymentController::revision)).toList());

    if (!Boolean.TRUE.equals(d.getSpec().getPaused())) {
      if ("Recreate".equals(d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getType())) {
        newRs = recreate(d, newRs, old, all, replicas);
      } else {
        newRs = rollingUpdate(d, newRs, old, all, replicas, maxSurge, maxUnavailable);
      }
    }
    if (!String.valueOf(revision(newRs)).equals(annotations(d).get(REVISION))) {
      String rev = String.valueOf(revision(newRs));
      client.apps().deployments().inNamespace(ns).withName(name).edit(x -> {
        x.getMetadata().setAnnotations(new HashMap<>(annotations(x)));
        x.getMetadata().getAnnotations().put(REVISION, rev);
        return x;
      });
    }
    writeStatus(d, newRs, all, replicas, maxUnavailable, created);
  }

  private static int[] surgeAndUnavailable(Deployment d, int replicas) {
    RollingUpdateDeployment ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
    int surge = KubeObjects.scaled(ru == null ? null : ru.getMaxSurge(), replicas, true, (int) Math.ceil(replicas * 0.25));
    int unavailable = KubeObjects.scaled(ru == null ? null : ru.getMaxUnavailable(), replicas, false, (int) Math.floor(replicas * 0.25));
    if (surge == 0 && unavailable == 0) {
      unavailable = 1; // the real controller's escape hatch, so a rollout can always proceed
    }
    return new int[] {surge, unavailable};
  }

  private ReplicaSet createReplicaSet(Deployment d, String hash, int revision, int replicas, int maxSurge) {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName() + "-" + hash;
    PodTemplateSpec template = new PodTemplateSpecBuilder(client.getKubernetesSerialization().clone(d.getSpec().getTemplate()))
        .editOrNewMetadata().addToLabels(HASH, hash).endMetadata().build();
    LabelSelector selector = new LabelSelectorBuilder(client.getKubernetesSerialization().clone(d.getSpec().getSelector()))
        .addToMatchLabels(HASH, hash).build();
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).withLabels(template.getMetadata().getLabels())
        .addToAnnotations(REVISION, Integer.toString(revision))
        .addToAnnotations(DESIRED, Integer.toString(replicas))
        .addToAnnotations(MAX, Integer.toString(replicas + maxSurge))
        .withOwnerReferences(KubeObjects.controllerRef(d)).endMetadata()
        .withNewSpec().withReplicas(0).withSelector(selector).withTemplate(template)
        .withMinReadySeconds(d.getSpec().getMinReadySeconds()).endSpec()
        .build();
    return client.apps().replicaSets().inNamespace(ns).resource(rs).create();
  }

  private ReplicaSet rollingUpdate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, List<ReplicaSet> all,
                                   int replicas, int maxSurge, int maxUnavailable) {
    int newReplicas = spec(newRs);
    if (newReplicas > replicas) {
      newRs = scale(d, newRs, replicas, all, replicas, maxSurge);
    } else if (newReplicas < replicas) {
      int allPods = all.stream().mapToInt(DeploymentController::spec).sum();
      int room = replicas + maxSurge - allPods;
      if (room > 0) {
        newRs = scale(d, newRs, Math.min(replicas, newReplicas + room), all, replicas, maxSurge);
      }
    }
    if (old.stream().mapToInt(DeploymentController::spec).sum() == 0) {
      return newRs;
    }
    // scale old ReplicaSets down without dropping below replicas - maxUnavailable available pods
    int minAvailable = replicas - maxUnavailable;
    int allPods = all.stream().mapToInt(DeploymentController::spec).sum();
    int newUnavailable = Math.max(0, spec(newRs) - available(newRs));
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    for (ReplicaSet rs : old) {                   // first old pods that are not available anyway
      int unhealthy = spec(rs) - available(rs);
      if (maxScaledDown <= 0 || unhealthy <= 0) {
        continue;
      }
      int down = Math.min(maxScaledDown, unhealthy);
      maxScaledDown -= down;
      scale(d, rs, spec(rs) - down, all, replicas, maxSurge);
    }
    int availableTotal = all.stream().mapToInt(DeploymentController::available).sum();
    int canRemove = availableTotal - minAvailable;
    for (ReplicaSet rs : old) {
      ReplicaSet current = find(all, rs);
      if (canRemove <= 0 || spec(current) == 0) {
        continue;
      }
      int down = Math.min(canRemove, spec(current));
      canRemove -= down;
      scale(d, current, spec(current) - down, all, replicas, maxSurge);
    }
    return find(all, newRs);
  }

  private ReplicaSet recreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, List<ReplicaSet> all, int replicas) {
    boolean oldRunning = false;
    for (ReplicaSet rs : old) {
      if (spec(rs) > 0) {
        scale(d, rs, 0, all, replicas, 0);
      }
      oldRunning |= rs.getStatus() != null && KubeObjects.orZero(rs.getStatus().getReplicas()) > 0;
    }
    if (!oldRunning && spec(newRs) != replicas) {
      return scale(d, newRs, replicas, all, replicas, 0);
    }
    return newRs;
  }

  private ReplicaSet scale(Deployment d, ReplicaSet rs, int to, List<ReplicaSet> all, int replicas, int maxSurge) {
    int from = spec(rs);
    ReplicaSet scaled = client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
        .withName(rs.getMetadata().getName()).edit(x -> {
          x.getSpec().setReplicas(to);
          x.getMetadata().setAnnotations(new HashMap<>(annotations(x)));
          x.getMetadata().getAnnotations().put(DESIRED, Integer.toString(replicas));
          x.getMetadata().getAnnotations().put(MAX, Integer.toString(replicas + maxSurge));
          return x;
        });
    replace(all, scaled);
    events.normal(d, COMPONENT, null, "ScalingReplicaSet",
        "Scaled " + (to > from ? "up" : "down") + " replica set " + rs.getMetadata().getName() + " from " + from + " to " + to);
    return scaled;
  }

  private ReplicaSet annotate(ReplicaSet rs, String key, String value) {
    return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
        .edit(x -> {
          x.getMetadata().setAnnotations(new HashMap<>(annotations(x)));
          x.getMetadata().getAnnotations().put(key, value);
          return x;
        });
  }

  private void writeStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> all, int replicas, int maxUnavailable,
                           boolean created) {
    DeploymentStatus before = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    int actual = all.stream().mapToInt(rs -> rs.getStatus() == null ? 0 : KubeObjects.orZero(rs.getStatus().getReplicas())).sum();
    int updated = newRs.getStatus() == null ? 0 : KubeObjects.orZero(newRs.getStatus().getReplicas());
    int ready = all.stream().mapToInt(rs -> rs.getStatus() == null ? 0 : KubeObjects.orZero(rs.getStatus().getReadyReplicas())).sum();
    int available = all.stream().mapToInt(rs -> rs.getStatus() == null ? 0 : KubeObjects.orZero(rs.getStatus().getAvailableReplicas())).sum();
    int total = all.stream().mapToInt(DeploymentController::spec).sum();
    String rsName = newRs.getMetadata().getName();
    String uid = d.getMetadata().getUid();
    Instant now = Instant.now();

    boolean complete = updated == replicas && actual == replicas && available == replicas;
    boolean progressed = created || updated > KubeObjects.orZero(before.getUpdatedReplicas())
        || ready > KubeObjects.orZero(before.getReadyReplicas())
        || available > KubeObjects.orZero(before.getAvailableReplicas())
        || actual - updated < KubeObjects.orZero(before.getReplicas()) - KubeObjects.orZero(before.getUpdatedReplicas());
    DeploymentCondition oldProgressing = condition(before, "Progressing");
    // a "complete" condition must not outlive the rollout it described (e.g. a rollback to an existing ReplicaSet)
    progressed |= !complete && oldProgressing != null && "NewReplicaSetAvailable".equals(oldProgressing.getReason());
    if (progressed || !lastProgress.containsKey(uid)) {
      lastProgress.put(uid, progressed || oldProgressing == null ? now : parse(oldProgressing.getLastUpdateTime(), now));
    }
    Duration deadline = Duration.ofSeconds(d.getSpec().getProgressDeadlineSeconds() == null ? 600 : d.getSpec().getProgressDeadlineSeconds());
    DeploymentCondition progressing;
    if (complete) {
      progressing = condition(before, "Progressing", "True", "NewReplicaSetAvailable",
          "ReplicaSet \"" + rsName + "\" has successfully progressed.", false);
    } else if (created) {
      progressing = condition(before, "Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"" + rsName + "\"", true);
    } else if (progressed || oldProgressing == null) {
      progressing = condition(before, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.", true);
    } else if (!now.isBefore(lastProgress.get(uid).plus(deadline))) {
      progressing = condition(before, "Progressing", "False", "ProgressDeadlineExceeded",
          "ReplicaSet \"" + rsName + "\" has timed out progressing.", false);
    } else {
      progressing = oldProgressing;
      queue.enqueueAfter(new ResourceKey(ResourceKey.Kind.DEPLOYMENT, d.getMetadata().getNamespace(), d.getMetadata().getName()),
          Duration.between(now, lastProgress.get(uid).plus(deadline)).plusMillis(10));
    }
    boolean minimumAvailable = available >= replicas - maxUnavailable;
    DeploymentCondition availableCond = minimumAvailable
        ? condition(before, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", false)
        : condition(before, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", false);
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(actual).withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(available)
        .withUnavailableReplicas(Math.max(0, total - available))
        .withConditions(availableCond, progressing)
        .withCollisionCount(before.getCollisionCount())
        .build();
    if (!KubeObjects.sameJson(d.getStatus(), status)) {
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName()).editStatus(x -> {
        x.setStatus(status);
        return x;
      });
    }
  }

  /** Keeps lastTransitionTime while the status is unchanged, and lastUpdateTime unless {@code touch} or the reason changed. */
  private static DeploymentCondition condition(DeploymentStatus before, String type, String status, String reason,
                                               String message, boolean touch) {
    String now = KubeObjects.now();
    DeploymentCondition old = condition(before, type);
    boolean sameStatus = old != null && status.equals(old.getStatus());
    boolean same = sameStatus && reason.equals(old.getReason()) && message.equals(old.getMessage());
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(sameStatus ? old.getLastTransitionTime() : now)
        .withLastUpdateTime(same && !touch ? old.getLastUpdateTime() : now)
        .build();
  }

  private static DeploymentCondition condition(DeploymentStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Instant parse(String time, Instant fallback) {
    try {
      return time == null ? fallback : Instant.parse(time);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  static int revision(ReplicaSet rs) {
    try {
      return Integer.parseInt(annotations(rs).getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int spec(ReplicaSet rs) {
    return KubeObjects.replicas(rs.getSpec().getReplicas());
  }

  /** Bounded by spec.replicas: right after a scale-down the status still counts pods that are about to go. */
  private static int available(ReplicaSet rs) {
    return Math.min(spec(rs), rs.getStatus() == null ? 0 : KubeObjects.orZero(rs.getStatus().getAvailableReplicas()));
  }

  private static Map<String, String> labels(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  private static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
  }

  private static ReplicaSet find(List<ReplicaSet> all, ReplicaSet rs) {
    return all.stream().filter(x -> x.getMetadata().getName().equals(rs.getMetadata().getName())).findFirst().orElse(rs);
  }

  private static void replace(List<ReplicaSet> all, ReplicaSet rs) {
    all.replaceAll(x -> x.getMetadata().getName().equals(rs.getMetadata().getName()) ? rs : x);
  }
}
