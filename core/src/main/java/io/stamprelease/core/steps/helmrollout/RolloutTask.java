package io.stamprelease.core.steps.helmrollout;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stamprelease.core.clients.kube.KubeCalls;
import io.stamprelease.core.clients.kube.KubeErrors;
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
    try {
      return run(state, context);
    } catch (KubernetesClientException e) {
      throw KubeCalls.translate("run task " + name + " of release " + request.release() + " in " + request.namespace(), apiServer(), e);
    } catch (KubeErrors.ClusterUnreachableException e) {
      throw e.at(apiServer());
    }
  }

  /** The kubeconfig's API server, for error messages (the client is built from the kubeconfig without contacting it). */
  private String apiServer() {
    try {
      return session.client().getMasterUrl().toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  abstract TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) throws Exception;
}
