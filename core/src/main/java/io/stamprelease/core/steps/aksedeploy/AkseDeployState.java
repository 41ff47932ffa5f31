package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.arm.LroOperation;
import java.io.Serializable;
import java.time.Instant;

/**
 * All {@code akseDeploy} keeps between task calls — ids, names, the operation's URLs and absolute times, never
 * templates or secrets — so a Jenkins step can persist it in its {@link io.stamprelease.core.engine.Checkpoint}
 * and resume, and a CLI re-run can start from {@link #initial} and still converge.
 *
 * @param phase        how the deployment was reached: submitted by us, re-attached to, or found unchanged
 * @param operation    the deployment's LRO as ARM started it (our PUT's monitoring URLs), or its resource when re-attached
 * @param submittedAt  when we sent the PUT or found the running deployment
 * @param readyNodes   Ready nodes seen at the last look (progress lines are printed when it changes)
 * @param preview      the what-if's LRO while a what-if runs
 */
public record AkseDeployState(String deploymentName, Phase phase, LroOperation operation, String correlationId, Instant submittedAt,
    int readyNodes, LroOperation preview) implements Serializable {
  private static final long serialVersionUID = 2L;

  public enum Phase {
    /** Nothing sent yet. */
    NEW,
    /** Our PUT was accepted. */
    SUBMITTED,
    /** The deployment was already Accepted/Running (a crashed earlier run, or someone else): we watch it. */
    REATTACHED,
    /** The deployment already Succeeded with this template and these parameters: nothing was sent. */
    UNCHANGED
  }

  public static AkseDeployState initial(String deploymentName) {
    return new AkseDeployState(deploymentName, Phase.NEW, null, null, null, -1, null);
  }

  AkseDeployState submitted(LroOperation op, String correlation, Instant at) {
    return new AkseDeployState(deploymentName, Phase.SUBMITTED, op, correlation, at, readyNodes, preview);
  }

  AkseDeployState reattached(LroOperation op, String correlation, Instant at) {
    return new AkseDeployState(deploymentName, Phase.REATTACHED, op, correlation, at, readyNodes, preview);
  }

  AkseDeployState unchanged(String correlation) {
    return new AkseDeployState(deploymentName, Phase.UNCHANGED, null, correlation, submittedAt, readyNodes, preview);
  }

  AkseDeployState watching(LroOperation op) {
    return new AkseDeployState(deploymentName, phase, op, correlationId, submittedAt, readyNodes, preview);
  }

  AkseDeployState withReadyNodes(int ready) {
    return new AkseDeployState(deploymentName, phase, operation, correlationId, submittedAt, ready, preview);
  }

  AkseDeployState withPreview(LroOperation op) {
    return new AkseDeployState(deploymentName, phase, operation, correlationId, submittedAt, readyNodes, op);
  }
}
