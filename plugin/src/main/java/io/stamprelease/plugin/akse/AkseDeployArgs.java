package io.stamprelease.plugin.akse;

import io.stamprelease.core.akse.deploy.AkseDeployRequest;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code akseDeploy} arguments as they travel to the agent and are persisted with the execution: the same
 * inputs as {@code stamp deploy}, file arguments relative to the workspace. Plain values only.
 */
public record AkseDeployArgs(String hub, String resourceGroup, String template, String parameters, String location, String apimodel,
    String deploymentName, String mode, Duration timeout, String kubeconfig, boolean whatIf, Duration pollInterval,
    Map<String, Object> parameterOverrides) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AkseDeployArgs {
    parameterOverrides = parameterOverrides == null ? Map.of() : new java.util.LinkedHashMap<>(parameterOverrides);
  }

  /** Core's request, files resolved against the workspace on the agent. */
  public AkseDeployRequest request(File workspace) {
    return new AkseDeployRequest(hub, resourceGroup, location, path(workspace, template), path(workspace, parameters),
        path(workspace, apimodel), deploymentName, mode, timeout, path(workspace, kubeconfig), whatIf, parameterOverrides);
  }

  public static Path path(File workspace, String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    Path p = Path.of(file);
    return p.isAbsolute() ? p : workspace.toPath().resolve(p).normalize();
  }
}
