package io.stamprelease.core.steps.aksedeploy;

import java.io.Serializable;
import java.time.Instant;

/**
 * All {@code akseDeploy} keeps between task calls — ids, names, the monitor URL and absolute times, never
 * templates or secrets — so a Jenkins step can persist it in its {@link io.stamprelease.core.engine.Checkpoint}
 * and resume, and a CLI re-run can start from {@link #initial} and still converge.
 *
 * @param phase        how the deployment was reached: submitted by us, re-attached to, or found unchanged
 * @param monitorUrl   the {@code Azure-AsyncOperation} URL of our PUT (null when re-attached: then the deployment is polled)
 * @param submittedAt  when we sent the PUT or found the running deployment
 * @param readyNodes   Ready nodes seen at the last look (progress lines are printed when it changes)
 * @param previewUrl   the what-if {@code Location} while a what-if runs
 */
public record AkseDeployState(String deploymentName, Phase phase, String monitorUrl, String correlationId, Instant submittedAt,
    int readyNodes, String previewUrl) implements Serializable {
  private static final long serialVersionUID = 1L;

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

  AkseDeployState submitted(String monitor, String correlation, Instant at) {
    return new AkseDeployState(deploymentName, Phase.SUBMITTED, monitor, correlation, at, readyNodes, previewUrl);
  }

  AkseDeployState reattached(String correlation, Instant at) {
    return new AkseDeployState(deploymentName, Phase.REATTACHED, null, correlation, at, readyNodes, previewUrl);
  }

  AkseDeployState unchanged(String correlation) {
    return new AkseDeployState(deploymentName, Phase.UNCHANGED, null, correlation, submittedAt, readyNodes, previewUrl);
  }

  AkseDeployState withReadyNodes(int ready) {
    return new AkseDeployState(deploymentName, phase, monitorUrl, correlationId, submittedAt, ready, previewUrl);
  }

  AkseDeployState withPreviewUrl(String url) {
    return new AkseDeployState(deploymentName, phase, monitorUrl, correlationId, submittedAt, readyNodes, url);
  }
}
