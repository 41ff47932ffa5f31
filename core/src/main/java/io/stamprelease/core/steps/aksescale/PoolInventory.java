package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.hub.ArmClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A pool's Azure resources as AKS Engine names and tags them: VMs {@code k8s-<pool>-<suffix>-<i>} tagged
 * {@code poolName}/{@code resourceNameSuffix}, NICs {@code k8s-<pool>-<suffix>-nic-<i>}, OS disks
 * {@code k8s-<pool>-<suffix>-<i>_OsDisk_1…}. NICs and disks no VM holds any more are listed too: an
 * interrupted scale-in leaves them, and a re-run removes them.
 */
record PoolInventory(String nameSuffix, List<Vm> vms, List<Leftover> leftovers) {
  static final String VMS = "Microsoft.Compute/virtualMachines";
  static final String NICS = "Microsoft.Network/networkInterfaces";
  static final String DISKS = "Microsoft.Compute/disks";

  record Vm(String name, int index, String id, String nicId, String diskId, boolean deleting) {
  }

  /** A NIC or disk of index {@code index} whose VM is gone. */
  record Leftover(int index, String nicId, String diskId) {
  }

  static PoolInventory read(ArmClient arm, String resourceGroup, String pool) {
    String rg = arm.resourceGroupPath(resourceGroup);
    List<Vm> vms = new ArrayList<>();
    Set<String> vmIds = new HashSet<>(); // of every pool: a NIC or disk they hold is not a leftover
    String suffix = null;
    for (JsonNode vm : list(arm, rg + "/providers/" + VMS, VMS)) {
      vmIds.add(vm.path("id").asText().toLowerCase(Locale.ROOT));
      if (!pool.equals(vm.at("/tags/poolName").asText())) {
        continue;
      }
      String name = vm.path("name").asText();
      OptionalInt index = indexOf(name);
      if (index.isEmpty()) {
        continue;
      }
      suffix = vm.at("/tags/resourceNameSuffix").asText(suffix);
      JsonNode props = vm.path("properties");
      vms.add(new Vm(name, index.getAsInt(), vm.path("id").asText(), textOrNull(props.at("/networkProfile/networkInterfaces/0/id")),
          textOrNull(props.at("/storageProfile/osDisk/managedDisk/id")), "Deleting".equalsIgnoreCase(props.path("provisioningState").asText())));
    }
    vms.sort((a, b) -> Integer.compare(a.index(), b.index()));
    List<Leftover> leftovers = new ArrayList<>();
    if (suffix != null) {
      String prefix = "k8s-" + pool + "-" + suffix + "-";
      for (JsonNode nic : list(arm, rg + "/providers/" + NICS, NICS)) {
        String name = nic.path("name").asText();
        if (name.startsWith(prefix + "nic-") && !held(vmIds, nic.at("/properties/virtualMachine/id").asText(""))) {
          indexOf(name).ifPresent(i -> leftovers.add(new Leftover(i, nic.path("id").asText(), null)));
        }
      }
      for (JsonNode disk : list(arm, rg + "/providers/" + DISKS, DISKS)) {
        String name = disk.path("name").asText();
        if (name.startsWith(prefix) && name.contains("_OsDisk_") && !held(vmIds, disk.path("managedBy").asText(""))) {
          indexOf(name.substring(0, name.indexOf("_OsDisk_"))).ifPresent(i -> merge(leftovers, i, disk.path("id").asText()));
        }
      }
      leftovers.removeIf(l -> vms.stream().anyMatch(v -> v.index() == l.index())); // still some VM's: not ours to delete
      leftovers.sort((a, b) -> Integer.compare(b.index(), a.index()));
    }
    return new PoolInventory(suffix, List.copyOf(vms), List.copyOf(leftovers));
  }

  String vmName(String pool, int index) {
    return namePrefix(pool) + index;
  }

  /** {@code k8s-<pool>-<suffix>-}: what this cluster's VMs and Nodes of the pool are named with. */
  String namePrefix(String pool) {
    return "k8s-" + pool + "-" + nameSuffix + "-";
  }

  Optional<Vm> vm(int index) {
    return vms.stream().filter(v -> v.index() == index).findFirst();
  }

  List<Integer> indexes() {
    return vms.stream().map(Vm::index).toList();
  }

  /** The index AKS Engine encodes as the name's last dash-separated number. */
  static OptionalInt indexOf(String name) {
    int dash = name.lastIndexOf('-');
    if (dash < 0 || dash == name.length() - 1) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(name.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** ARM clears the reference when the VM goes; a reference to a VM that no longer exists counts as released too. */
  private static boolean held(Set<String> vmIds, String vmId) {
    return !vmId.isEmpty() && vmIds.contains(vmId.toLowerCase(Locale.ROOT));
  }

  private static void merge(List<Leftover> leftovers, int index, String diskId) {
    for (int i = 0; i < leftovers.size(); i++) {
      if (leftovers.get(i).index() == index) {
        leftovers.set(i, new Leftover(index, leftovers.get(i).nicId(), diskId));
        return;
      }
    }
    leftovers.add(new Leftover(index, null, diskId));
  }

  /** Every page: a pool planned from the first page only would miss VMs (and delete the Node of a VM that exists). */
  private static List<JsonNode> list(ArmClient arm, String path, String type) {
    return arm.list(path, type);
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }
}
