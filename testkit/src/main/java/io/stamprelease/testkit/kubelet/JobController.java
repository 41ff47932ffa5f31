package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job controller: runs up to parallelism pods until completions pods Succeeded (condition Complete), or
 * more than backoffLimit (default 6) pods Failed (condition Failed, reason BackoffLimitExceeded). Pods get
 * restartPolicy Never unless the template says OnFailure; a failed pod counts once either way. Simplification:
 * no back-off delay between retries.
 */
final class JobController {

  private static final String COMPONENT = "job-controller";

  private final KubernetesClient client;
  private final PodFactory pods;
  private final EventRecorder events;

  JobController(KubernetesClient client, PodFactory pods, EventRecorder events) {
    this.client = client;
    this.pods = pods;
    this.events = events;
  }

  void reconcile(String ns, String name) {
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    if (job == null || KubeObjects.isDeleting(job)) {
      return;
    }
    JobStatus before = job.getStatus() == null ? new JobStatus() : job.getStatus();
    if (finished(before)) {
      return;
    }
    List<Pod> owned = client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> KubeObjects.isControlledBy(p, job) && !KubeObjects.isDeleting(p)).toList();
    int succeeded = count(owned, "Succeeded");
    int failed = count(owned, "Failed");
    List<Pod> active = new ArrayList<>(owned.stream().filter(KubeObjects::isActive).toList());
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
    String now = KubeObjects.now();
    List<JobCondition> conditions = new ArrayList<>();
    String completionTime = null;
    if (failed > backoffLimit) {
      for (Pod p : active) {
        pods.delete(job, p, COMPONENT);
      }
      active.clear();
      conditions.add(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
      conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
      events.warning(job, COMPONENT, null, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    } else if (succeeded >= completions) {
      conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
      conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
      completionTime = now;
      events.normal(job, COMPONENT, null, "Completed", "Job completed");
    } else {
      for (int i = active.size(); i < Math.min(parallelism, completions - succeeded); i++) {
        active.add(pods.create(job, job.getSpec().getTemplate(), null,
            Map.of("job-name", name, "batch.kubernetes.io/job-name", name,
                "controller-uid", job.getMetadata().getUid(), "batch.kubernetes.io/controller-uid", job.getMetadata().getUid()),
            spec -> {
              if (!"OnFailure".equals(spec.getRestartPolicy())) {
                spec.setRestartPolicy("Never");
              }
            }, COMPONENT));
      }
    }
    JobStatus status = new JobStatusBuilder()
        .withStartTime(before.getStartTime() == null ? now : before.getStartTime())
        .withCompletionTime(completionTime)
        .withActive(active.isEmpty() ? null : active.size())
        .withReady((int) active.stream().filter(KubeObjects::isReady).count())
        .withSucceeded(succeeded == 0 ? null : succeeded)
        .withFailed(failed == 0 ? null : failed)
        .withConditions(conditions)
        .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
        .build();
    if (!KubeObjects.sameJson(job.getStatus(), status)) {
      client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(x -> {
        x.setStatus(status);
        return x;
      });
    }
  }

  private static boolean finished(JobStatus s) {
    return s.getConditions() != null && s.getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static int count(List<Pod> pods, String phase) {
    return (int) pods.stream().filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase())).count();
  }

  private static JobCondition condition(String type, String reason, String message, String now) {
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now).withLastTransitionTime(now).build();
  }
}
