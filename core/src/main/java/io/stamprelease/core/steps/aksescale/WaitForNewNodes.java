package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import java.util.Map;

/** Scale-out, last half: the new VMs' kubelets have registered their Nodes and every one is Ready. */
final class WaitForNewNodes implements Task<ScaleState> {
  private final ScaleRequest request;
  private final Drainer kube;

  WaitForNewNodes(ScaleRequest request, Drainer kube) {
    this.request = request;
    this.kube = kube;
  }

  @Override
  public String name() {
    return "wait-for-nodes";
  }

  @Override
  public TaskResult<ScaleState> execute(ScaleState state, TaskContext context) {
    if (state.mode() != Mode.SCALE_OUT) {
      return TaskResult.succeeded(state);
    }
    long ready = state.added().stream().filter(n -> Drainer.ready(kube.node(n))).count();
    if (ready == state.added().size()) {
      return TaskResult.succeeded(state, ready + " new node(s) Ready: " + String.join(", ", state.added()), Map.of());
    }
    return TaskResult.running(state, request.pollInterval(), ready + "/" + state.added().size() + " new nodes Ready");
  }
}
