package io.stamprelease.plugin.akse;

import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.plugin.agent.WorkspacePaths;
import java.io.File;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code akseDeploy} arguments as they travel to the agent and are persisted with the execution: the same
 * inputs as {@code stamp deploy}, file arguments relative to the workspace. Plain values only.
 */
public record AkseDeployArgs(String hub, String resourceGroup, String template, String parameters, String location, String apimodel,
    String deploymentName, String mode, String timeout, String kubeconfig, boolean whatIf, String pollInterval,
    Map<String, Object> parameterOverrides) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AkseDeployArgs {
    parameterOverrides = parameterOverrides == null ? Map.of() : new LinkedHashMap<>(parameterOverrides);
  }

  /** Core's input, files resolved against {@code workspace} (on the agent; null on the controller, where files are not read). */
  public AkseDeployInput input(File workspace) {
    return new AkseDeployInput().hub(hub).resourceGroup(resourceGroup).location(location).template(WorkspacePaths.path(workspace, template))
        .parameters(WorkspacePaths.path(workspace, parameters)).apimodel(WorkspacePaths.path(workspace, apimodel)).deploymentName(deploymentName)
        .mode(mode).timeout(timeout).kubeconfig(WorkspacePaths.path(workspace, kubeconfig)).whatIf(whatIf).pollInterval(pollInterval)
        .parameterOverrides(parameterOverrides);
  }
}
