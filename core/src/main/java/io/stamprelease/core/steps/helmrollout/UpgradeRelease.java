package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Release;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.core.steps.helmrollout.ReleaseRecords.Revision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code upgrade}: {@code helm upgrade --install} without {@code --wait}. The moment before the write is journaled
 * first; a revision created after the plan (by this rollout, before a restart) is re-attached to instead of sending
 * again, unless it was left {@code pending-*} by this step's interrupted write — then it is marked failed and the upgrade
 * is sent again ({@link InterruptedWrites}). A revision Helm stored as failed (the API server refused an object) fails
 * the task, so the rollback runs; an error before anything was stored stops the step.
 */
final class UpgradeRelease extends RolloutTask {
  UpgradeRelease(HelmSession session) {
    super("upgrade", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) throws Exception {
    if (s.phase() != Phase.PLANNED) {
      return TaskResult.succeeded(s);
    }
    ReleaseRecords records = session.records();
    Optional<Revision> newest = records.latest();
    boolean createdSincePlan = newest.isPresent() && newest.get().number() > s.baseRevision();
    if (createdSincePlan && InterruptedWrites.interrupted(session, newest.get(), s.writeStartedAt(), c)) {
      s = s.edit().baseRevision(newest.get().number()).build();
      createdSincePlan = false;
    }
    int latest;
    String message;
    if (createdSincePlan) {
      latest = newest.get().number();
      message = "re-attached to revision " + latest + " (created before a restart); not upgrading again";
    } else if (s.writeStartedAt() == null) {
      // journaled before the write: a pending revision found after a crash is then known to be this step's own
      return TaskResult.running(s.edit().writeStartedAt(c.now()).build(), Duration.ZERO, null);
    } else {
      try {
        Release r;
        try {
          r = HelmCalls.call("upgrade", session.helmCallTimeout(), () -> new HelmCommands(session).upgrade().call());
        } finally {
          session.deleteKubeconfigFile();
        }
        latest = Integer.parseInt(r.getRevision());
        message = "helm upgrade --install created revision " + latest + " (" + r.getChart() + "), status " + r.getStatus();
      } catch (HelmCalls.HelmException e) {
        int after = records.latestRevision();
        if (after <= s.baseRevision()) {
          throw e; // nothing was stored: a rendering or validation error, there is nothing to roll back
        }
        return TaskResult.failed(withRevision(s, records, after).phase(Phase.FAILED).failures(List.of(e.getMessage())).writeStartedAt(null)
            .build(), e.getMessage());
      }
    }
    InterruptedWrites.keepResolvedFailed(records);
    records.prune(request.historyMax());
    return TaskResult.succeeded(withRevision(s, records, latest).phase(Phase.SUBMITTED).writeStartedAt(null).build(), message, Map.of());
  }

  private static HelmRolloutState.Builder withRevision(HelmRolloutState s, ReleaseRecords records, int revision) {
    ObjectNode record = records.read(revision);
    ReleaseManifest manifest = ReleaseManifest.parse(record.path("manifest").asText(""));
    return s.edit().targetRevision(revision).chart(ReleaseRecords.chartName(record), ReleaseRecords.chartVersion(record))
        .images(manifest.images());
  }
}
