package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.core.steps.helmrollout.ReleaseRecords.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rollback}, the first onFailure task: back to the revision deployed before the rollout, or — a first install with
 * nothing to go back to — uninstalled or left for inspection as the request says. The failed revision is marked
 * {@code failed} in Helm's history before the rollback revision is written and again after (Helm's upgrade marks it
 * superseded when it writes the rollback revision), also after a restart; a rollback revision left {@code pending-*} by
 * this step's interrupted write is marked failed and the rollback is written again ({@link InterruptedWrites}).
 */
final class RollBack extends RolloutTask {
  private static final EnumSet<Phase> DONE = EnumSet.of(Phase.ROLLBACK_SUBMITTED, Phase.ROLLED_BACK, Phase.ROLLBACK_FAILED, Phase.UNINSTALLED,
      Phase.LEFT_FAILED);

  RollBack(HelmSession session) {
    super("rollback", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) throws IOException {
    if (!request.rollback() || s.targetRevision() == null || DONE.contains(s.phase())) {
      return TaskResult.succeeded(s); // rollback off, nothing was created, or done before a restart
    }
    if (s.phase() != Phase.FAILED) {
      // the step failed around the revision (errors, the step's deadline), not in it: the revision is not good either
      session.markFailed(s.targetRevision(), "the rollout did not complete");
      s = s.edit().phase(Phase.FAILED).build();
    }
    if (s.previousGoodRevision() == null) {
      return firstInstall(s);
    }
    ReleaseRecords records = session.records();
    Optional<Revision> newest = records.latest();
    boolean createdSinceFailure = newest.isPresent() && newest.get().number() > s.targetRevision();
    if (createdSinceFailure && InterruptedWrites.interrupted(session, newest.get(), s.writeStartedAt(), c)) {
      createdSinceFailure = false;
    }
    int rollbackRevision;
    String message;
    if (createdSinceFailure) {
      rollbackRevision = newest.get().number();
      message = "re-attached to rollback revision " + rollbackRevision + " (created before a restart)";
    } else if (s.writeStartedAt() == null) {
      // the failed revision says failed before the rollback revision is written, and the moment is journaled: a crash
      // between the two leaves history true, and a pending rollback revision found later is known to be this step's own
      records.markStatus(s.targetRevision(), "failed", null);
      return TaskResult.running(s.edit().writeStartedAt(c.now()).build(), Duration.ZERO, null);
    } else {
      rollbackRevision = submit(records, s.previousGoodRevision());
      message = "rolled back to revision " + s.previousGoodRevision() + " as new revision " + rollbackRevision;
    }
    // again: Helm's upgrade supersedes the failed revision when no revision is deployed; helm rollback leaves it failed
    records.markStatus(s.targetRevision(), "failed", null);
    InterruptedWrites.keepResolvedFailed(records);
    return TaskResult.succeeded(s.edit().phase(Phase.ROLLBACK_SUBMITTED).rollbackRevision(rollbackRevision).writeStartedAt(null)
        .deadline(c.now().plus(request.timeout())).lastProgress(null).build(), message, Map.of());
  }

  private TaskResult<HelmRolloutState> firstInstall(HelmRolloutState s) {
    if (request.firstInstall() == HelmRolloutRequest.FirstInstallFailure.LEAVE) {
      return TaskResult.succeeded(s.edit().phase(Phase.LEFT_FAILED).firstInstallAction("left").build(),
          "first install failed; no earlier revision to roll back to; leaving the failed release for inspection (--on-first-install-failure leave)",
          Map.of());
    }
    String answer = HelmCalls.call("uninstall", request.timeout(), () -> Helm.uninstall(request.release()).withNamespace(request.namespace())
        .withKubeConfigContents(request.kubeconfig()).ignoreNotFound().call());
    return TaskResult.succeeded(s.edit().phase(Phase.UNINSTALLED).firstInstallAction("uninstalled").build(),
        "first install failed; no earlier revision to roll back to; " + answer.strip(), Map.of());
  }

  /**
   * {@code helm rollback} as helm-java lacks it: a new revision with the good revision's chart and user values,
   * rebuilt from its release record, sent with {@code --reset-values} and the description Helm writes.
   */
  private int submit(ReleaseRecords records, int good) throws IOException {
    ObjectNode record = records.read(good);
    Path dir = Files.createTempDirectory(session.privateDir(), "rollback-");
    Path chartDir = ReleaseRecords.writeChart(record, dir);
    Release r;
    try {
      r = HelmCalls.call("rollback", session.helmCallTimeout(), () -> new Helm(chartDir).upgrade().withName(request.release())
          .withNamespace(request.namespace()).withKubeConfig(session.kubeconfigFile()).resetValues().withValuesFile(dir.resolve("values.yaml"))
          .withTimeout(session.helmTimeoutSeconds()).withDescription("Rollback to " + good).call());
    } finally {
      session.deleteKubeconfigFile();
    }
    records.prune(request.historyMax());
    return Integer.parseInt(r.getRevision());
  }
}
