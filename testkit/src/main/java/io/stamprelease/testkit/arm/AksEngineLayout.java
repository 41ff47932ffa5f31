package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an AKS Engine ({@code aks-engine-azurestack generate}) template deployment creates, read from its
 * parameters the way the template's copy loops use them: for each pool, VMs with indexes
 * {@code [<pool>Offset, <pool>Count)}, each with a NIC and an OS disk, in the pool's availability set.
 * Names and tags follow AKS Engine: {@code k8s-<pool>-<nameSuffix>-<i>}, NIC {@code k8s-<pool>-<nameSuffix>-nic-<i>},
 * tags {@code poolName}, {@code resourceNameSuffix}, {@code orchestrator} (which {@code aks-engine scale} uses to find a pool's VMs).
 */
public final class AksEngineLayout {
  private static final Pattern POOL_COUNT = Pattern.compile("^([a-z][a-z0-9]{0,11})Count$");
  static final String DEFAULT_KUBERNETES_VERSION = "1.33.5";

  /** One pool of the deployment: the VM indexes this deployment creates. */
  public record Pool(String name, boolean master, int offset, int count, String vmSize) {
  }

  private final String nameSuffix;
  private final String dnsPrefix;
  private final String kubernetesVersion;
  private final List<Pool> pools;

  private AksEngineLayout(String nameSuffix, String dnsPrefix, String kubernetesVersion, List<Pool> pools) {
    this.nameSuffix = nameSuffix;
    this.dnsPrefix = dnsPrefix;
    this.kubernetesVersion = kubernetesVersion;
    this.pools = pools;
  }

  /** Recognizes an AKS Engine deployment by {@code nameSuffix} plus a pool or the master's DNS prefix. */
  static Optional<AksEngineLayout> recognize(JsonNode template, Map<String, JsonNode> values) {
    JsonNode suffix = values.get("nameSuffix");
    if (suffix == null) {
      return Optional.empty();
    }
    List<Pool> pools = new ArrayList<>();
    String dnsPrefix = text(values.get("masterEndpointDNSNamePrefix"));
    if (dnsPrefix != null) {
      int count = intOf(values.get("masterCount"), template.path("variables").path("masterCount"), 1);
      int offset = intOf(values.get("masterOffset"), null, 0);
      pools.add(new Pool("master", true, offset, count, text(values.get("masterVMSize"))));
    }
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      Matcher m = POOL_COUNT.matcher(e.getKey());
      if (m.matches() && !m.group(1).equals("master") && (values.containsKey(m.group(1) + "Offset") || values.containsKey(m.group(1) + "VMSize"))) {
        pools.add(new Pool(m.group(1), false, intOf(values.get(m.group(1) + "Offset"), null, 0), e.getValue().asInt(),
            text(values.get(m.group(1) + "VMSize"))));
      }
    }
    if (pools.isEmpty()) {
      return Optional.empty();
    }
    // a generated template carries the version in variables('orchestratorNameVersionTag'), "Kubernetes:<version>", which its
    // VMs' "orchestrator" tag is set from (AKS Engine pkg/engine/armvariables.go)
    String tag = text(template.path("variables").get("orchestratorNameVersionTag"));
    String fromTag = tag != null && tag.startsWith("Kubernetes:") ? tag.substring("Kubernetes:".length()) : null;
    String version = Optional.ofNullable(text(values.get("kubernetesVersion"))).or(() -> Optional.ofNullable(fromTag))
        .orElse(DEFAULT_KUBERNETES_VERSION);
    return Optional.of(new AksEngineLayout(suffix.asText(), dnsPrefix, version, pools));
  }

  public String nameSuffix() {
    return nameSuffix;
  }

  public List<Pool> pools() {
    return pools;
  }

  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** The resources the template's copy loops create, in creation order (availability set, NIC, disk, VM). */
  List<ObjectNode> resources(String resourceGroupId, String location) {
    List<ObjectNode> out = new ArrayList<>();
    for (Pool pool : pools) {
      String prefix = "k8s-" + pool.name() + "-" + nameSuffix + "-";
      String avSetName = pool.master() ? "master-availabilityset-" + nameSuffix : pool.name() + "-availabilitySet-" + nameSuffix;
      String avSetId = resourceGroupId + "/providers/Microsoft.Compute/availabilitySets/" + avSetName;
      ObjectNode avSet = resource(avSetId, avSetName, "Microsoft.Compute/availabilitySets", location);
      avSet.withObjectProperty("properties").put("platformFaultDomainCount", 3).put("platformUpdateDomainCount", 3);
      avSet.putObject("sku").put("name", "Aligned");
      out.add(avSet);
      for (int i = pool.offset(); i < pool.count(); i++) {
        String vmName = prefix + i;
        String nicName = prefix + "nic-" + i;
        String diskName = vmName + "_OsDisk_1_" + UUID.nameUUIDFromBytes((resourceGroupId + vmName).getBytes(StandardCharsets.UTF_8))
            .toString().replace("-", "");
        String nicId = resourceGroupId + "/providers/Microsoft.Network/networkInterfaces/" + nicName;
        String diskId = resourceGroupId + "/providers/Microsoft.Compute/disks/" + diskName;
        String vmId = resourceGroupId + "/providers/Microsoft.Compute/virtualMachines/" + vmName;

        ObjectNode nic = resource(nicId, nicName, "Microsoft.Network/networkInterfaces", location);
        nic.withObjectProperty("properties").putArray("ipConfigurations").addObject().put("name", "ipconfig1")
            .putObject("properties").put("privateIPAddress", (pool.master() ? "10.255.255." : "10.240.0.") + (pool.master() ? 5 + i : 4 + i))
            .put("privateIPAllocationMethod", "Static");
        nic.withObjectProperty("properties").putObject("virtualMachine").put("id", vmId);
        out.add(nic);

        ObjectNode disk = resource(diskId, diskName, "Microsoft.Compute/disks", location);
        disk.withObjectProperty("properties").put("diskSizeGB", 128).put("diskState", "Attached").put("osType", "Linux");
        disk.put("managedBy", vmId);
        out.add(disk);

        ObjectNode vm = resource(vmId, vmName, "Microsoft.Compute/virtualMachines", location);
        vm.putObject("tags").put("poolName", pool.name()).put("resourceNameSuffix", nameSuffix)
            .put("orchestrator", "Kubernetes:" + kubernetesVersion).put("aksEngineVersion", "v0.84.2")
            .put("creationSource", "aksengine-" + vmName);
        ObjectNode props = vm.withObjectProperty("properties");
        props.put("vmId", UUID.nameUUIDFromBytes(vmId.getBytes(StandardCharsets.UTF_8)).toString());
        props.putObject("hardwareProfile").put("vmSize", pool.vmSize() == null ? "Standard_DS2_v2" : pool.vmSize());
        props.putObject("availabilitySet").put("id", avSetId);
        ObjectNode osDisk = props.putObject("storageProfile").putObject("osDisk");
        osDisk.put("name", diskName).put("osType", "Linux").put("createOption", "FromImage");
        osDisk.putObject("managedDisk").put("id", diskId);
        props.putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", nicId);
        props.putObject("osProfile").put("computerName", vmName).put("adminUsername", "azureuser");
        out.add(vm);
      }
    }
    return out;
  }

  /** The outputs AKS Engine's template declares that tools read back. */
  ObjectNode outputs(String resourceGroupName, String location, String cloudappSuffix) {
    ObjectNode outputs = Json.object();
    if (dnsPrefix != null) {
      outputs.putObject("masterFQDN").put("type", "String").put("value", dnsPrefix + "." + location + "." + cloudappSuffix);
    }
    outputs.putObject("resourceGroup").put("type", "String").put("value", resourceGroupName);
    outputs.putObject("nameSuffix").put("type", "String").put("value", nameSuffix);
    return outputs;
  }

  static ObjectNode resource(String id, String name, String type, String location) {
    ObjectNode r = Json.object().put("id", id).put("name", name).put("type", type).put("location", location);
    r.putObject("properties").put("provisioningState", "Succeeded");
    return r;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static int intOf(JsonNode value, JsonNode fallback, int defaultValue) {
    if (value != null && value.canConvertToInt()) {
      return value.asInt();
    }
    if (fallback != null && fallback.canConvertToInt()) {
      return fallback.asInt();
    }
    return defaultValue;
  }
}
