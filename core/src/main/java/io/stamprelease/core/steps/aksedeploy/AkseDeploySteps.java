package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.engine.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code akseDeploy} as a task graph (the step only declares it): ensure the resource group → submit the
 * deployment (or re-attach, or find it unchanged) → wait for it (reporting failed operations) → wait for
 * every expected node to be Ready. {@code --what-if} is a one-task step that writes nothing.
 */
public final class AkseDeploySteps {
  public static final String STEP = "akseDeploy";

  private AkseDeploySteps() {
  }

  public static Step<AkseDeployState> plan(ArmClient arm, AkseDeployRequest deployment) {
    if (deployment.whatIf()) {
      return new Step<>(STEP, List.of(new PreviewDeployment(arm, deployment, deployment.pollInterval())), deployment.timeout());
    }
    List<Task<AkseDeployState>> tasks = new ArrayList<>();
    tasks.add(new EnsureResourceGroup<>(arm, deployment.resourceGroup(), deployment.location()));
    tasks.addAll(submitAndWait(arm, deployment));
    tasks.add(new WaitForNodesReady(deployment.kubeconfig(), deployment.shape(), deployment.pollInterval()));
    return new Step<>(STEP, tasks, deployment.timeout());
  }

  /** Submit + wait (with the failure report): what a scale-out reuses with its {@code <pool>Count}/{@code <pool>Offset} overrides. */
  public static List<Task<AkseDeployState>> submitAndWait(ArmClient arm, AkseDeployRequest deployment) {
    return List.of(new SubmitDeployment(arm, deployment), new WaitForDeployment(arm, deployment.resourceGroup(), deployment.pollInterval()));
  }

  public static AkseDeployState initialState(AkseDeployRequest deployment) {
    return AkseDeployState.initial(deployment.name());
  }
}
