package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code smoke}: the request's smoke probe against the ready revision, a few attempts; the last task of a rollout that succeeds. */
final class SmokeTest extends RolloutTask {
  SmokeTest(HelmSession session) {
    super("smoke", session);
  }

  @Override
  TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.VERIFIED) {
      return TaskResult.succeeded(s, rolledOut(s), Map.of());
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
    List<String> failures = new ArrayList<>(s.failures());
    failures.add("smoke probe failed after " + attempts + " attempt(s): " + probe.describe(answer));
    return TaskResult.failed(s.edit().phase(Phase.FAILED).probeAttempts(attempts).failures(failures).build(), why);
  }

  private String rolledOut(HelmRolloutState s) {
    return request.release() + " revision " + s.targetRevision() + " rolled out";
  }
}
