package io.stamprelease.plugin.akse;

import hudson.remoting.VirtualChannel;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.steps.aksedeploy.CancelDeployment;
import io.stamprelease.plugin.agent.AgentConsole;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/** On the agent, when the build is aborted: cancel the ARM deployment the step submitted; returns what happened, masked. */
public final class AkseDeployCancel extends MasterToSlaveFileCallable<String> {
  private static final long serialVersionUID = 1L;
  private final AgentHub hub;
  private final String resourceGroup;
  private final String deploymentName;

  public AkseDeployCancel(AgentHub hub, String resourceGroup, String deploymentName) {
    this.hub = hub;
    this.resourceGroup = resourceGroup;
    this.deploymentName = deploymentName;
  }

  @Override
  public String invoke(File workspace, VirtualChannel channel) throws IOException {
    Path privateDir = AgentHub.newPrivateDir();
    AgentConsole mask = new AgentConsole(null, hub.secrets());
    try {
      HubConnection connection = HubConnection.open(hub.materialize(privateDir), w -> { });
      return mask.mask(CancelDeployment.cancel(connection.arm(), resourceGroup, deploymentName));
    } catch (RuntimeException e) {
      throw new IOException(mask.mask(e.getMessage()));
    } finally {
      AgentHub.deletePrivate(privateDir);
    }
  }
}
