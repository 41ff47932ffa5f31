package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;

/**
 * Stops a running ARM deployment ({@code POST …/deployments/{name}/cancel}, answered 204): ARM stops creating
 * resources; those it already created stay, and running {@code akseDeploy} again converges on them. A deployment that
 * has already ended cannot be cancelled (409 {@code DeploymentCannotBeCancelled}): that is said, not thrown.
 */
public final class CancelDeployment {
  private CancelDeployment() {
  }

  /** Cancels {@code deploymentName}; returns one sentence for the log saying what happened. */
  public static String cancel(ArmClient arm, String resourceGroup, String deploymentName) {
    String path = DeploymentPaths.deployment(arm, resourceGroup, deploymentName);
    try {
      arm.post(path + "/cancel", DeploymentPaths.TYPE, null);
      return "cancelled ARM deployment " + deploymentName + " in " + resourceGroup + "; the resources it already created stay "
          + "(run akseDeploy again to converge)";
    } catch (ArmCallException e) {
      if (e.status() == 409) {
        return "ARM deployment " + deploymentName + " had already ended, nothing to cancel (" + e.code() + ")";
      }
      if (e.notFound()) {
        return "ARM deployment " + deploymentName + " does not exist in " + resourceGroup + ", nothing to cancel";
      }
      throw e;
    }
  }
}
