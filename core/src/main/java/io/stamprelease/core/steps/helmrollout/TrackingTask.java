package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code track} and {@code track-rollback} share: one look at the informers' caches of a revision per call. */
abstract class TrackingTask extends RolloutTask {
  /**
   * How often a tracking task judges the informers' caches (in memory: cheap). It bounds the delay between the last
   * pod turning Ready and success being reported; 50 ms keeps that delay well under the bench's target.
   */
  static final Duration TRACK_INTERVAL = Duration.ofMillis(50);

  TrackingTask(String name, HelmSession session) {
    super(name, session);
  }

  /** The verdict on {@code revision}: ready ({@code ok}), failed or past the deadline ({@code bad}, the task FAILED), or call again shortly. */
  TaskResult<HelmRolloutState> follow(HelmRolloutState s, TaskContext c, int revision, Phase ok, Phase bad) {
    WorkloadTracker t = session.trackerFor(revision);
    if (ok == Phase.ROLLED_BACK) {
      for (var pod : t.stuckPodsOfOtherRevisions()) {
        session.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        c.progress("deleted pod " + pod.getMetadata().getName() + " of the failed revision: its controller does not replace a failing "
            + "pod after a rollback (StatefulSet forced rollback)");
      }
    }
    WorkloadTracker.Verdict v = t.check();
    // after a rollback the workloads keep the failed revision's results (what went wrong); the progress says the rest
    List<WorkloadResult> kept = ok == Phase.ROLLED_BACK ? s.workloads() : v.workloads();
    switch (v.state()) {
      case READY -> {
        session.closeTracker();
        return TaskResult.succeeded(s.edit().phase(ok).workloads(kept).lastProgress(v.progress()).build(),
            "revision " + revision + " is ready: " + v.progress(), Map.of());
      }
      case FAILED -> {
        session.closeTracker();
        session.markFailed(revision, v.failures().get(0));
        return TaskResult.failed(failedAs(s, bad, v, v.failures()), "revision " + revision + " failed: " + String.join("; ", v.failures()));
      }
      default -> {
        if (c.now().isAfter(s.deadline())) {
          session.closeTracker();
          String why = "revision " + revision + " not ready within " + Durations.human(request.timeout()) + ": " + v.progress();
          session.markFailed(revision, why);
          return TaskResult.failed(failedAs(s, bad, v, List.of(why)), why);
        }
        String progress = v.progress();
        boolean changed = !progress.equals(s.lastProgress());
        return TaskResult.running(s.edit().workloads(kept).lastProgress(progress).build(), TRACK_INTERVAL, changed ? progress : null);
      }
    }
  }

  private static HelmRolloutState failedAs(HelmRolloutState s, Phase bad, WorkloadTracker.Verdict v, List<String> why) {
    List<String> failures = new ArrayList<>(s.failures());
    failures.addAll(why);
    return s.edit().phase(bad).workloads(v.workloads()).failures(failures).lastProgress(v.progress()).build();
  }
}
