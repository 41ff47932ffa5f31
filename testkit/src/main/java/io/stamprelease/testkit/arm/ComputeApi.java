package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * VMs, availability sets and managed disks (Microsoft.Compute) and NICs (Microsoft.Network): GET, list per
 * resource group, and DELETE as an LRO. Deletes refuse what real ARM refuses — a NIC still attached to a
 * VM ({@code NicInUse}) or a disk still attached ({@code OperationNotAllowed}) — so only the correct
 * VM → NIC → disk order of a scale-in succeeds.
 */
final class ComputeApi {
  private record Kind(String provider, String plural, String type) {
  }

  private static final List<Kind> KINDS = List.of(
      new Kind("Microsoft.Compute", "virtualMachines", "Microsoft.Compute/virtualMachines"),
      new Kind("Microsoft.Compute", "availabilitySets", "Microsoft.Compute/availabilitySets"),
      new Kind("Microsoft.Compute", "disks", "Microsoft.Compute/disks"),
      new Kind("Microsoft.Network", "networkInterfaces", "Microsoft.Network/networkInterfaces"));

  private final ArmContext arm;

  ComputeApi(ArmContext arm) {
    this.arm = arm;
  }

  List<Route> routes() {
    return KINDS.stream().flatMap(kind -> {
      String base = "^/subscriptions/(?<sub>[^/]+)/resourcegroups/(?<rg>[^/]+)/providers/" + kind.provider().replace(".", "\\.")
          + "/" + kind.plural();
      return List.of(
          Route.arm("GET", base + "$", kind.type(), r -> list(r, kind)),
          Route.arm("GET", base + "/(?<name>[^/]+)$", kind.type(), r -> get(r, kind)),
          Route.arm("DELETE", base + "/(?<name>[^/]+)$", kind.type(), r -> delete(r, kind))).stream();
    }).toList();
  }

  private String id(ArmRequest request, Kind kind) {
    return arm.resourceGroupId(request.param("rg")) + "/providers/" + kind.type() + "/" + request.param("name");
  }

  /** One page of the group's resources of this kind (VirtualMachineListResult, NetworkInterfaceListResult, … all carry {@code nextLink}). */
  private ArmResponse list(ArmRequest request, Kind kind) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    return arm.page(request, arm.store().list(arm.resourceGroupId(request.param("rg")), kind.type()));
  }

  private ArmResponse get(ArmRequest request, Kind kind) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    ObjectNode resource = arm.store().get(id(request, kind));
    if (resource == null) {
      throw ArmException.notFound("ResourceNotFound", "The Resource '" + kind.type() + "/" + request.param("name")
          + "' under resource group '" + request.param("rg") + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }
    return ArmResponse.ok(resource);
  }

  private ArmResponse delete(ArmRequest request, Kind kind) {
    arm.checkSubscription(request);
    arm.requireResourceGroup(request.param("rg"));
    String id = id(request, kind);
    ObjectNode resource = arm.store().get(id);
    if (resource == null) {
      return ArmResponse.empty(204);
    }
    refuseIfAttached(resource, kind);
    resource.withObjectProperty("properties").put("provisioningState", "Deleting");
    arm.store().put(id, resource);
    return arm.lro().startDelete(kind.provider(), request.apiVersion(), arm.timings().delete(), () -> {
      ObjectNode gone = arm.store().remove(id);
      if (gone != null && kind.plural().equals("virtualMachines")) {
        detachFromVm(gone);
        arm.deleted(gone);
      }
    });
  }

  private void refuseIfAttached(ObjectNode resource, Kind kind) {
    if (kind.plural().equals("networkInterfaces")) {
      String vmId = resource.path("properties").path("virtualMachine").path("id").asText("");
      if (!vmId.isEmpty() && arm.store().exists(vmId)) {
        throw ArmException.badRequest("NicInUse", "Network Interface " + resource.path("id").asText() + " is used by existing resource "
            + vmId + ". In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.");
      }
    }
    if (kind.plural().equals("disks")) {
      String vmId = resource.path("managedBy").asText("");
      if (!vmId.isEmpty() && arm.store().exists(vmId)) {
        throw ArmException.conflict("OperationNotAllowed", "Disk " + resource.path("name").asText() + " is attached to VM " + vmId + ".");
      }
    }
  }

  /** A deleted VM releases its NIC and OS disk, which then become deletable. */
  private void detachFromVm(ObjectNode vm) {
    for (var nicRef : vm.path("properties").path("networkProfile").path("networkInterfaces")) {
      ObjectNode nic = arm.store().get(nicRef.path("id").asText());
      if (nic != null) {
        nic.withObjectProperty("properties").remove("virtualMachine");
        arm.store().put(nic.path("id").asText(), nic);
      }
    }
    ObjectNode disk = arm.store().get(vm.path("properties").path("storageProfile").path("osDisk").path("managedDisk").path("id").asText());
    if (disk != null) {
      disk.remove("managedBy");
      disk.withObjectProperty("properties").put("diskState", "Unattached");
      arm.store().put(disk.path("id").asText(), disk);
    }
  }
}
