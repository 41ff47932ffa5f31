package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code smoke}: the last task of a rollout that succeeds — Helm must hold the revision this rollout wrote as deployed,
 * then the request's smoke probe answers as asked within a few attempts.
 */
final class SmokeTest extends RolloutTask {
  SmokeTest(HelmSession session) {
    super("smoke", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.VERIFIED) {
      return TaskResult.succeeded(s, rolledOut(s), Map.of());
    }
    Integer deployed = session.records().deployedRevision().orElse(null);
    if (!s.targetRevision().equals(deployed)) {
      // the workloads may be ready, but Helm does not hold the rollout as done: success would be a lie
      String why = "Helm's deployed revision of " + request.release() + " is " + (deployed == null ? "none" : deployed) + ", not revision "
          + s.targetRevision() + " this rollout wrote";
      return TaskResult.failed(s.edit().phase(Phase.FAILED).failures(append(s, why)).build(), why);
    }
    SmokeProbe probe = request.smokeProbe();
    if (probe == null) {
      return TaskResult.succeeded(s.edit().phase(Phase.SUCCEEDED).build(), rolledOut(s), Map.of());
    }
    SmokeProbe.Answer answer = probe.probeOnce();
    int attempts = s.probeAttempts() + 1;
    if (probe.accepts(answer)) {
      c.progress("smoke probe passed (attempt " + attempts + "/" + probe.attempts() + "): GET " + probe.url() + " answered " + answer.status());
      return TaskResult.succeeded(s.edit().phase(Phase.SUCCEEDED).probeAttempts(attempts).build(), rolledOut(s), Map.of());
    }
    String why = "smoke probe attempt " + attempts + "/" + probe.attempts() + ": " + probe.describe(answer);
    if (attempts < probe.attempts() && c.now().isBefore(s.deadline())) {
      return TaskResult.running(s.edit().probeAttempts(attempts).build(), probe.interval(), why);
    }
    session.markFailed(s.targetRevision(), "smoke probe failed");
    List<String> failures = append(s, "smoke probe failed after " + attempts + " attempt(s): " + probe.describe(answer));
    return TaskResult.failed(s.edit().phase(Phase.FAILED).probeAttempts(attempts).failures(failures).build(), why);
  }

  private static List<String> append(HelmRolloutState s, String failure) {
    List<String> failures = new ArrayList<>(s.failures());
    failures.add(failure);
    return failures;
  }

  private String rolledOut(HelmRolloutState s) {
    return request.release() + " revision " + s.targetRevision() + " rolled out";
  }
}
