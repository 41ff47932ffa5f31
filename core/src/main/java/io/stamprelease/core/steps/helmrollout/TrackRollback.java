package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.engine.TaskStatus;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import java.util.Map;

/**
 * {@code track-rollback}, the last onFailure task: the rollback revision's workloads until ready, then the step's
 * closing words — what failed and what was done about it. The step's outcome stays FAILED either way.
 */
final class TrackRollback extends TrackingTask {
  TrackRollback(HelmSession session) {
    super("track-rollback", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.ROLLBACK_SUBMITTED) {
      session.closeTracker();
      return TaskResult.succeeded(s, summary(s), Map.of());
    }
    TaskResult<HelmRolloutState> r = follow(s, c, s.rollbackRevision(), Phase.ROLLED_BACK, Phase.ROLLBACK_FAILED);
    if (r.status() != TaskStatus.SUCCEEDED) {
      return r;
    }
    c.progress(r.message());
    return TaskResult.succeeded(r.state(), summary(r.state()), Map.of());
  }

  private String summary(HelmRolloutState s) {
    return switch (s.phase()) {
      case ROLLED_BACK -> "rollout of " + request.release() + " revision " + s.targetRevision() + " failed and was rolled back to revision "
          + s.previousGoodRevision() + " (new revision " + s.rollbackRevision() + "): " + firstFailure(s);
      case UNINSTALLED, LEFT_FAILED -> "first install of " + request.release() + " failed and the release was " + s.firstInstallAction() + ": "
          + firstFailure(s);
      default -> "rollout of " + request.release() + " failed (" + s.phase().name().toLowerCase().replace('_', ' ')
          + (request.rollback() ? "" : ", rollback off") + "): " + (s.failures().isEmpty() ? "no reason recorded" : String.join("; ", s.failures()));
    };
  }

  private static String firstFailure(HelmRolloutState s) {
    return s.failures().isEmpty() ? "no reason recorded"
        : s.failures().get(0) + (s.failures().size() > 1 ? " (and " + (s.failures().size() - 1) + " more)" : "");
  }
}
