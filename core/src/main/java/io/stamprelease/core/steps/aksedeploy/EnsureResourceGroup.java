package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.engine.TerminalException;
import java.util.Map;

/** Reads the resource group and creates it (PUT with the location) only when it is missing: a re-run writes nothing. */
public final class EnsureResourceGroup<S> implements Task<S> {
  private final ArmClient arm;
  private final String resourceGroup;
  private final String location;

  public EnsureResourceGroup(ArmClient arm, String resourceGroup, String location) {
    this.arm = arm;
    this.resourceGroup = resourceGroup;
    this.location = location;
  }

  @Override
  public String name() {
    return "ensure-resource-group";
  }

  @Override
  public TaskResult<S> execute(S state, TaskContext context) {
    String path = arm.resourceGroupPath(resourceGroup);
    try {
      String existing = arm.get(path, "resourceGroups").body().path("location").asText("");
      if (location != null && !existing.equalsIgnoreCase(location)) {
        throw new TerminalException("resource group " + resourceGroup + " exists in location '" + existing + "', not '" + location
            + "'; pass --location " + existing + " or another resource group");
      }
      return TaskResult.succeeded(state, "resource group " + resourceGroup + " exists (" + existing + ")", Map.of(AkseDeployResult.LOCATION, existing));
    } catch (ArmCallException e) {
      if (!e.notFound()) {
        throw DeploymentPaths.explain(e, arm, "resourceGroups", "reading resource group " + resourceGroup);
      }
    }
    if (location == null) {
      throw new TerminalException("resource group " + resourceGroup + " does not exist on hub " + arm.hub().name()
          + " and no location was given to create it; pass --location (or an apimodel.json with its location)");
    }
    ObjectNode body = AkseDeployRequest.JSON.createObjectNode().put(AkseDeployResult.LOCATION, location);
    body.putObject("tags").put("createdBy", "stamp-release");
    try {
      arm.put(path, "resourceGroups", body);
    } catch (ArmCallException e) {
      throw DeploymentPaths.explain(e, arm, "resourceGroups", "creating resource group " + resourceGroup);
    }
    return TaskResult.succeeded(state, "created resource group " + resourceGroup + " in " + location, Map.of(AkseDeployResult.LOCATION, location));
  }
}
