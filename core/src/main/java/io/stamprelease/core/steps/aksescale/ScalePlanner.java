package io.stamprelease.core.steps.aksescale;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.kube.KubeCalls;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksescale.AkseScaleInput.Field;
import io.stamprelease.core.steps.aksescale.PoolInventory.Leftover;
import io.stamprelease.core.steps.aksescale.PoolInventory.Vm;
import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import io.stamprelease.core.steps.aksescale.ScaleState.NodeRemoval;
import io.stamprelease.core.steps.aksescale.ScaleState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the pool (ARM) and its Nodes (Kubernetes) — reads only — and decides what to do. Problems only the
 * hub can reveal (an unknown pool, a scale-out without the template) are invalid input, reported before
 * anything is written.
 */
final class ScalePlanner {
  private ScalePlanner() {
  }

  static ScaleState plan(ScaleRequest request, ArmClient arm, KubernetesClient kube) {
    PoolInventory inventory = PoolInventory.read(arm, request.resourceGroup(), request.pool());
    Problems problems = new Problems("akseScale");
    if (inventory.vms().isEmpty()) {
      problems.add(Field.POOL, "no VMs of pool '" + request.pool() + "' in resource group " + request.resourceGroup()
          + " (looked for VMs tagged poolName=" + request.pool() + "); check the pool name and the resource group");
      problems.throwIfAny();
    }
    List<Integer> used = inventory.indexes();
    int target = request.targetCount();
    Mode mode = target == used.size() ? Mode.NONE : target > used.size() ? Mode.SCALE_OUT : Mode.SCALE_IN;
    if (mode == Mode.SCALE_OUT) {
      problems.check(request.template() != null, Field.TEMPLATE, "is required to scale out (the cluster's azuredeploy.json from aks-engine generate)");
      problems.check(request.parameters() != null, Field.PARAMETERS, "is required to scale out (the azuredeploy.parameters.json beside the template)");
      String suffix = request.nameSuffix();
      if (request.parameters() != null && inventory.nameSuffix() != null) {
        // the template names the new VMs from the parameters' nameSuffix: another one makes VMs no Node of this pool will match
        problems.checkAt(inventory.nameSuffix().equals(suffix), Field.PARAMETERS, "parameters.nameSuffix", "is '" + (suffix == null ? ""
            : io.stamprelease.core.clients.arm.ArmNames.printable(suffix)) + "' but the pool's VMs are " + inventory.namePrefix(request.pool())
            + "<i> (nameSuffix '" + inventory.nameSuffix() + "'): these parameters are another cluster's");
      }
    }
    problems.throwIfAny();

    List<Node> nodes = KubeCalls.call("list the Nodes of pool " + request.pool(),
        () -> kube.nodes().withLabel("agentpool", request.pool()).list().getItems());
    // only this cluster's Nodes (k8s-<pool>-<suffix>-<i>): another cluster's pool of the same name is not ours to delete
    String ours = inventory.namePrefix(request.pool());
    Set<String> nodeNames = nodes.stream().map(n -> n.getMetadata().getName()).filter(n -> n.startsWith(ours)).collect(Collectors.toSet());
    List<String> notes = new ArrayList<>();
    inventory.vms().stream().filter(v -> !nodeNames.contains(v.name()))
        .forEach(v -> notes.add("VM " + v.name() + " has no Node (not joined yet, or its kubelet is gone)"));

    int offset = 0;
    int count = 0;
    List<String> added = List.of();
    List<NodeRemoval> removals = new ArrayList<>();
    if (mode == Mode.SCALE_IN) {
      for (int index : ScaleArithmetic.toRemove(used, target)) {
        Vm vm = inventory.vm(index).orElseThrow();
        removals.add(new NodeRemoval(vm.name(), index, vm.id(), vm.nicId(), vm.diskId(), Phase.PLANNED, null, null, null, null, true, null));
      }
    }
    // leftovers of an interrupted scale-in: their VM is gone, so drain and VM delete are done
    for (Leftover l : inventory.leftovers()) {
      String name = inventory.vmName(request.pool(), l.index());
      removals.add(new NodeRemoval(name, l.index(), null, l.nicId(), l.diskId(), Phase.VM_DELETED, null, null, null, null, false, null));
      notes.add("VM " + name + " is gone but its " + (l.nicId() != null ? "NIC" : "") + (l.nicId() != null && l.diskId() != null ? " and " : "")
          + (l.diskId() != null ? "OS disk" : "") + " remain: removing them");
    }
    Set<String> planned = removals.stream().map(NodeRemoval::node).collect(Collectors.toSet());
    Set<String> vmNames = inventory.vms().stream().map(Vm::name).collect(Collectors.toSet());
    for (String node : nodeNames.stream().sorted().toList()) {
      if (!vmNames.contains(node) && !planned.contains(node)) {
        int index = PoolInventory.indexOf(node).orElse(-1);
        removals.add(new NodeRemoval(node, index, null, null, null, Phase.DISK_DELETED, null, null, null, null, false, null));
        notes.add("Node " + node + " has no VM any more: deleting the Node object");
      }
    }
    if (mode == Mode.SCALE_OUT) {
      ScaleArithmetic.ScaleOut out = ScaleArithmetic.scaleOut(used, removals.stream().map(NodeRemoval::index).toList(), target);
      offset = out.offset();
      count = out.count();
      added = out.newIndexes().stream().map(i -> inventory.vmName(request.pool(), i)).toList();
    }
    return new ScaleState(request.resourceGroup(), request.pool(), inventory.nameSuffix(), target, used.size(), mode, offset, count,
        null, null, added, removals, notes);
  }
}
