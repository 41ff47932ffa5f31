package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TerminalException;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.steps.helmrollout.ReleaseRecords.Revision;
import java.time.Duration;
import java.time.Instant;

/**
 * Helm's own lock is a {@code pending-*} revision: written first, turned {@code deployed} or {@code failed} when the
 * writer finishes. A writer killed in between leaves it, and Helm refuses every later operation on the release
 * ("another operation (install/upgrade/rollback) is in progress"). A pending revision this step was writing — created
 * since the moment it journaled before the write — is resolved: marked failed, so history says what happened, and the
 * write is made again. Any other pending revision belongs to someone else, may still be in progress, and is not
 * touched: the step stops, naming the revision, its age and the fix.
 */
final class InterruptedWrites {
  /** Helm stamps {@code last_deployed} in its own process, on the same clock as ours; a little slack for rounding. */
  private static final Duration SLACK = Duration.ofSeconds(2);
  /** How a resolved revision's description starts, so a crash right after resolving it is recognised too. */
  private static final String MARK = "Interrupted:";

  private InterruptedWrites() {
  }

  /**
   * Resolves {@code revision} if it is this step's interrupted write; returns whether it did. A revision that is not
   * pending is left as it is (false); a pending one written before {@code writeStartedAt} (or with none) is refused.
   */
  static boolean resolveOwn(HelmSession session, Revision revision, Instant writeStartedAt, TaskContext c) {
    if (!revision.pending()) {
      return false;
    }
    ReleaseRecords records = session.records();
    Instant writtenAt = records.writtenAt(revision.number());
    boolean ours = writeStartedAt != null && writtenAt != null && !writtenAt.isBefore(writeStartedAt.minus(SLACK));
    if (!ours) {
      throw someoneElses(session.request(), records, revision, c.now());
    }
    records.markStatus(revision.number(), "failed", MARK + " the process writing revision " + revision.number()
        + " stopped before it finished; stamp-release marked it failed and continued");
    c.progress("revision " + revision.number() + " was left " + revision.status() + " by this step's interrupted write; marked it failed, "
        + "writing again");
    return true;
  }

  /**
   * Whether this step's write of {@code revision} was interrupted, now or before a restart: a pending revision of its
   * own is resolved here; one it already resolved says so in its description. Either way the write is made again.
   */
  static boolean interrupted(HelmSession session, Revision revision, Instant writeStartedAt, TaskContext c) {
    if (resolveOwn(session, revision, writeStartedAt, c)) {
      return true;
    }
    return revision.status().equals("failed")
        && session.records().read(revision.number()).path("info").path("description").asText("").startsWith(MARK);
  }

  /**
   * After a write: a revision this step resolved stays failed. Helm's upgrade supersedes the release it upgrades from,
   * which is the newest revision when none is deployed — our resolved one, during a rollback.
   */
  static void keepResolvedFailed(ReleaseRecords records) {
    for (Revision r : records.revisions()) {
      if (r.status().equals("superseded") && records.read(r.number()).path("info").path("description").asText("").startsWith(MARK)) {
        records.markStatus(r.number(), "failed", null);
      }
    }
  }

  /** Refuses to start over someone else's unfinished Helm operation. */
  static TerminalException someoneElses(HelmRolloutRequest request, ReleaseRecords records, Revision revision, Instant now) {
    Instant writtenAt = records.writtenAt(revision.number());
    String age = writtenAt == null ? "of unknown age" : "since " + writtenAt + " (" + Durations.human(Duration.between(writtenAt, now)) + " ago)";
    String ns = " -n " + request.namespace();
    String fix = records.deployedRevision().map(d -> "`helm rollback " + request.release() + " " + d + ns + "`")
        .orElse("`helm uninstall " + request.release() + ns + "`");
    return new TerminalException("release " + request.release() + " revision " + revision.number() + " is " + revision.status() + " " + age
        + ": a Helm operation this step did not start has not finished (Helm's lock); nothing was done. If no helm install, upgrade or "
        + "rollback of " + request.release() + " is still running, end it with " + fix + " and run this step again");
  }
}
