package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/** {@code Microsoft.Resources/resourceGroups}: PUT (create or update), GET, HEAD, list, DELETE (LRO). */
final class ResourceGroupsApi {
  private static final String RG = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)$";

  private final ArmContext arm;

  ResourceGroupsApi(ArmContext arm) {
    this.arm = arm;
  }

  List<Route> routes() {
    return List.of(
        Route.arm("PUT", RG, "resourceGroups", this::put),
        Route.arm("GET", RG, "resourceGroups", this::get),
        Route.arm("DELETE", RG, "resourceGroups", this::delete),
        Route.arm("GET", "^/subscriptions/(?<sub>[^/]+)/resourcegroups$", "resourceGroups", this::list));
  }

  private ArmResponse put(ArmRequest request) {
    arm.checkSubscription(request);
    ArmRules.checkResourceGroupName(request.param("rg"));
    JsonNode body = request.json();
    String location = body.path("location").asText("");
    if (location.isBlank()) {
      throw ArmException.badRequest("LocationRequired", "The location property is required for this definition.");
    }
    String id = arm.resourceGroupId(request.param("rg"));
    ObjectNode existing = arm.store().get(id);
    if (existing != null && !existing.path("location").asText().equalsIgnoreCase(location)) {
      throw ArmException.conflict("InvalidResourceGroupLocation", "Invalid resource group location '" + location
          + "'. The Resource group already exists in location '" + existing.path("location").asText() + "'.");
    }
    ObjectNode group = Json.object().put("id", id).put("name", request.param("rg"))
        .put("type", "Microsoft.Resources/resourceGroups").put("location", location);
    group.set("tags", body.has("tags") ? body.get("tags") : Json.object());
    group.putObject("properties").put("provisioningState", "Succeeded");
    arm.store().put(id, group);
    return ArmResponse.of(existing == null ? 201 : 200, group);
  }

  private ArmResponse get(ArmRequest request) {
    arm.checkSubscription(request);
    return ArmResponse.ok(arm.requireResourceGroup(request.param("rg")));
  }

  private ArmResponse list(ArmRequest request) {
    arm.checkSubscription(request);
    return arm.page(request, arm.store().list("/subscriptions/" + arm.subscriptionId() + "/resourcegroups", "Microsoft.Resources/resourceGroups"));
  }

  private ArmResponse delete(ArmRequest request) {
    arm.checkSubscription(request);
    String id = arm.resourceGroupId(request.param("rg"));
    if (!arm.store().exists(id)) {
      return ArmResponse.empty(204);
    }
    return arm.lro().startDelete("Microsoft.Resources", request.apiVersion(), Duration.ofMillis(200), () -> {
      arm.store().listAll(id).forEach(r -> arm.deleted(r));
      arm.store().listAll(id).forEach(r -> arm.store().remove(r.path("id").asText()));
      arm.store().remove(id);
    });
  }
}
