package io.stamprelease.core.steps.aksedeploy;

import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.TerminalException;

/** Paths of one deployment and the translation of ARM refusals that a user must act on. */
final class DeploymentPaths {
  static final String TYPE = "Microsoft.Resources/deployments";

  private DeploymentPaths() {
  }

  static String deployment(ArmClient arm, String resourceGroup, String name) {
    return arm.resourceGroupPath(resourceGroup) + "/providers/Microsoft.Resources/deployments/" + name;
  }

  /**
   * A hub that does not serve the api-version we sent answers {@code NoRegisteredProviderFound} or
   * {@code InvalidApiVersionParameter}: say which profile and version, and where to change it.
   */
  static RuntimeException explain(ArmCallException e, ArmClient arm, String resourceType, String doing) {
    if (e.code().equals("NoRegisteredProviderFound") || e.code().equals("InvalidApiVersionParameter")) {
      return new TerminalException("hub " + arm.hub().name() + " refused api-version " + arm.apiVersion(resourceType) + " for " + resourceType
          + " while " + doing + " (" + e.code() + "): the hub serves only its hybrid profiles; set apiProfile for this hub in hubs.yaml "
          + "to 2020-09-01-hybrid or 2019-03-01-hybrid (it is " + arm.hub().apiProfile().id() + "). ARM said: " + e.getMessage(), e);
    }
    return new TerminalException(doing + ": " + e.getMessage(), e);
  }
}
