package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;

/** {@code track}: the new revision's workloads until all are ready, failing fast on a broken pod (the task FAILED, the rollback runs). */
final class TrackRollout extends TrackingTask {
  TrackRollout(HelmSession session) {
    super("track", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.SUBMITTED) {
      return TaskResult.succeeded(s);
    }
    return follow(s, c, s.targetRevision(), Phase.VERIFIED, Phase.FAILED);
  }
}
