package io.stamprelease.core.steps.aksescale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Step;
import java.util.List;

/**
 * {@code akseScale}: sets an AKS Engine agent pool to a node count (1–50). Use it in three moves:
 * {@link AkseScaleInput#validate} (no hub needed), {@link #plan} (reads only; invalid input is reported before any
 * write), then run {@link #step} from the plan — or from a persisted checkpoint, which continues where it
 * stopped. Front ends (CLI, Jenkins) stay thin: parse, call these, render {@link AkseScaleResult}.
 */
public final class AkseScale {
  public static final String STEP = "akseScale";

  private AkseScale() {
  }

  /** Reads the pool's VMs, NICs, disks and Nodes and decides what to do; throws InvalidInputException for an unknown pool. */
  public static ScaleState plan(ScaleRequest request, ArmClient arm, KubernetesClient kube) {
    return ScalePlanner.plan(request, arm, kube);
  }

  /** The task graph; each task skips itself when the plan does not need it (a scale-out removes nothing). */
  public static Step<ScaleState> step(ScaleRequest request, ArmClient arm, KubernetesClient kube) {
    Drainer drainer = new Drainer(kube);
    return new Step<>(STEP, List.of(
        new SubmitScaleOut(request, arm),
        new SubmitScaleOut.WaitForDeployment(request, arm),
        new WaitForNewNodes(request, drainer),
        new RemoveNodes(request, arm, drainer)), request.timeout());
  }
}
