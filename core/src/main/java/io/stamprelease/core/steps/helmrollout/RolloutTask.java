package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.engine.TerminalException;

/** A task of helmRollout: refuses a state saved for another release, then does its one thing over the shared session. */
abstract class RolloutTask implements Task<HelmRolloutState> {
  final HelmSession session;
  final HelmRolloutRequest request;
  private final String name;

  RolloutTask(String name, HelmSession session) {
    this.name = name;
    this.session = session;
    this.request = session.request();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final TaskResult<HelmRolloutState> execute(HelmRolloutState state, TaskContext context) throws Exception {
    if (!request.release().equals(state.release()) || !request.namespace().equals(state.namespace())) {
      throw new TerminalException("the saved state is for release " + state.release() + " in " + state.namespace() + ", not "
          + request.release() + " in " + request.namespace() + "; nothing was done");
    }
    return run(state, context);
  }

  abstract TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) throws Exception;
}
