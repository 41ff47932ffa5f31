package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import java.util.Map;

/**
 * {@code plan}: remembers the release's latest and deployed revisions (the rollback target) and starts the rollout's
 * clock. A release whose latest revision is still {@code pending-*} (Helm's lock, held by an operation this step did not
 * start) is refused before anything is written.
 */
final class PlanRollout extends RolloutTask {
  PlanRollout(HelmSession session) {
    super("plan", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.NEW) {
      return TaskResult.succeeded(s);
    }
    ReleaseRecords records = session.records();
    var latest = records.latest();
    if (latest.isPresent() && latest.get().pending()) {
      throw InterruptedWrites.someoneElses(request, records, latest.get(), c.now());
    }
    int base = latest.map(ReleaseRecords.Revision::number).orElse(0);
    Integer good = records.deployedRevision().orElse(null);
    return TaskResult.succeeded(s.edit().phase(Phase.PLANNED).startedAt(c.now()).deadline(c.now().plus(request.timeout()))
        .baseRevision(base).previousGoodRevision(good).build(),
        good == null ? "first install of " + request.release() + (base > 0 ? " (no deployed revision among " + base + ")" : "")
            : request.release() + " revision " + good + " is deployed; upgrading", Map.of());
  }
}
