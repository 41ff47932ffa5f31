package io.stamprelease.core.release;

import io.stamprelease.core.steps.stampgate.Approval;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.GateState;
import java.util.List;

/**
 * Where a gate's answers come from: a person at the terminal, an approvals file, or {@code --auto-approve}. The
 * orchestrator asks until the gate closes or the source has nothing more to say (then the gate stays open, saved
 * in the state file, and a re-run asks again). Every answer goes through {@link io.stamprelease.core.steps.stampgate.Gates}.
 */
@FunctionalInterface
public interface GateAnswers {
  /** The next answers for {@code wave}'s gate given what it has; an empty list means nobody else answers now. */
  List<Approval> next(String wave, GatePolicy policy, GateState state);

  /** True for {@code --auto-approve}: the gate is approved by the release's own user, recorded as such. */
  default boolean automatic() {
    return false;
  }

  GateAnswers NONE = (wave, policy, state) -> List.of();

  GateAnswers AUTO_APPROVE = new GateAnswers() {
    @Override
    public List<Approval> next(String wave, GatePolicy policy, GateState state) {
      return List.of();
    }

    @Override
    public boolean automatic() {
      return true;
    }
  };
}
