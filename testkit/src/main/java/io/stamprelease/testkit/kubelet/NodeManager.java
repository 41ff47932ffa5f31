package io.stamprelease.testkit.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates Nodes the way an AKS Engine node registers itself, and plays the node lifecycle controller when the
 * test says a kubelet stopped posting status (conditions Unknown plus the {@code unreachable} taints).
 */
final class NodeManager {

  static final String MASTER_TAINT = "node-role.kubernetes.io/master";
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

  private final KubernetesClient client;
  private final AtomicInteger nodeIndex = new AtomicInteger();

  NodeManager(KubernetesClient client) {
    this.client = client;
  }

  static boolean isReady(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  void add(NodeSpec spec) {
    int i = nodeIndex.getAndIncrement();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", spec.name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/role", spec.roleName());
    labels.put("node-role.kubernetes.io/" + spec.roleName(), "");
    labels.put("kubernetes.azure.com/role", spec.roleName());
    labels.put("agentpool", spec.pool());
    labels.putAll(spec.labels());
    List<Taint> taints = new ArrayList<>();
    if (spec.role() == NodeSpec.Role.MASTER) {
      taints.add(new TaintBuilder().withKey(MASTER_TAINT).withValue("true").withEffect("NoSchedule").build());
    }
    Node node = new NodeBuilder()
        .withNewMetadata().withName(spec.name()).withLabels(labels).endMetadata()
        .withNewSpec().withPodCIDR("10.244." + i + ".0/24").withPodCIDRs("10.244." + i + ".0/24")
        .withUnschedulable(spec.unschedulable() ? Boolean.TRUE : null).withTaints(taints)
        .withProviderID("azurestack:///subscriptions/sim/resourceGroups/sim/providers/Microsoft.Compute/virtualMachines/" + spec.name())
        .endSpec()
        .withStatus(status(spec.name(), "10.240.0." + (4 + i), true, spec.kubeletVersion()))
        .build();
    Node created = client.nodes().resource(node).create();
    NodeStatus st = node.getStatus();
    // the API server may drop status on create; post it through /status as the kubelet does
    client.nodes().withName(created.getMetadata().getName()).editStatus(n -> {
      n.setStatus(st);
      return n;
    });
  }

  void setReady(String name, boolean ready) {
    client.nodes().withName(name).editStatus(n -> {
      for (NodeCondition c : n.getStatus().getConditions()) {
        NodeCondition fresh = condition(c.getType(), ready);
        c.setStatus(fresh.getStatus());
        c.setReason(fresh.getReason());
        c.setMessage(fresh.getMessage());
        c.setLastTransitionTime(KubeObjects.now());
        if (ready) {
          c.setLastHeartbeatTime(KubeObjects.now());
        }
      }
      return n;
    });
    client.nodes().withName(name).edit(n -> {
      List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
      taints.removeIf(t -> UNREACHABLE_TAINT.equals(t.getKey()));
      if (!ready) {
        String now = KubeObjects.now();
        taints.add(new TaintBuilder().withKey(UNREACHABLE_TAINT).withEffect("NoSchedule").withTimeAdded(now).build());
        taints.add(new TaintBuilder().withKey(UNREACHABLE_TAINT).withEffect("NoExecute").withTimeAdded(now).build());
      }
      n.getSpec().setTaints(taints);
      return n;
    });
  }

  /** Deletes the Node and, as the pod garbage collector does for orphaned pods, the pods bound to it. */
  void remove(String name) {
    client.nodes().withName(name).delete();
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      if (name.equals(p.getSpec().getNodeName())) {
        client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
      }
    }
  }

  private static NodeStatus status(String name, String ip, boolean ready, String kubeletVersion) {
    Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16393220Ki"),
        "pods", new Quantity("110"), "ephemeral-storage", new Quantity("129901008Ki"));
    return new NodeStatusBuilder()
        .withConditions(condition("MemoryPressure", ready), condition("DiskPressure", ready),
            condition("PIDPressure", ready), condition("Ready", ready))
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
        .withCapacity(capacity).withAllocatable(capacity)
        .withNewNodeInfo().withKubeletVersion(kubeletVersion).withKubeProxyVersion(kubeletVersion)
        .withContainerRuntimeVersion("containerd://1.7.27").withOsImage("Ubuntu 22.04.5 LTS")
        .withKernelVersion("5.4.0-1103-azure").withOperatingSystem("linux").withArchitecture("amd64")
        .withMachineID(name).withSystemUUID(name).withBootID(name).endNodeInfo()
        .build();
  }

  private static NodeCondition condition(String type, boolean ready) {
    String now = KubeObjects.now();
    NodeConditionBuilder b = new NodeConditionBuilder().withType(type).withLastHeartbeatTime(now).withLastTransitionTime(now);
    if (!ready) {
      return b.withStatus("Unknown").withReason("NodeStatusUnknown").withMessage("Kubelet stopped posting node status.").build();
    }
    return switch (type) {
      case "Ready" -> b.withStatus("True").withReason("KubeletReady").withMessage("kubelet is posting ready status").build();
      case "MemoryPressure" -> b.withStatus("False").withReason("KubeletHasSufficientMemory")
          .withMessage("kubelet has sufficient memory available").build();
      case "DiskPressure" -> b.withStatus("False").withReason("KubeletHasNoDiskPressure")
          .withMessage("kubelet has no disk pressure").build();
      default -> b.withStatus("False").withReason("KubeletHasSufficientPID")
          .withMessage("kubelet has sufficient PID available").build();
    };
  }
}
