package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code azuredeploy.json} / {@code azuredeploy.parameters.json} pairs shaped like the ones
 * {@code aks-engine-azurestack generate} writes (the parameters a hub's deployment engine reads; the
 * resources section is left out because the simulated ARM does not evaluate template expressions).
 */
public final class AksEngineTemplates {

  /** A cluster: masters plus agent pools (pool name → node count), nodes at index 0.. */
  public record Cluster(String dnsPrefix, String nameSuffix, int masterCount, Map<String, Integer> pools, String kubernetesVersion) {
    public static Cluster of(String dnsPrefix, String nameSuffix, int masterCount, Map<String, Integer> pools) {
      return new Cluster(dnsPrefix, nameSuffix, masterCount, new LinkedHashMap<>(pools), AksEngineLayout.DEFAULT_KUBERNETES_VERSION);
    }
  }

  /**
   * The parameters {@code aks-engine-azurestack generate} writes as Key Vault references when the apimodel keeps the
   * cluster's secrets in Key Vault ({@code servicePrincipalProfile.keyvaultSecretRef}, {@code certificateProfile} secret
   * ids): the service principal's secret and the cluster's PKI (AKS Engine {@code pkg/engine/params_k8s.go}, three etcd
   * peers for three masters). The simulated hubs' pipeline vault holds a value for each.
   */
  public static final List<String> KEY_VAULT_PARAMETERS = List.of("servicePrincipalClientSecret", "apiServerCertificate",
      "apiServerPrivateKey", "caCertificate", "caPrivateKey", "clientCertificate", "clientPrivateKey", "kubeConfigCertificate",
      "kubeConfigPrivateKey", "etcdServerCertificate", "etcdServerPrivateKey", "etcdClientCertificate", "etcdClientPrivateKey",
      "etcdPeerCertificate0", "etcdPeerCertificate1", "etcdPeerCertificate2", "etcdPeerPrivateKey0", "etcdPeerPrivateKey1",
      "etcdPeerPrivateKey2");

  private AksEngineTemplates() {
  }

  public static ObjectNode template(Cluster cluster) {
    ObjectNode t = Json.object()
        .put("$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#")
        .put("contentVersion", "1.0.0.0");
    ObjectNode params = t.putObject("parameters");
    param(params, "nameSuffix", "string").put("defaultValue", cluster.nameSuffix());
    param(params, "masterEndpointDNSNamePrefix", "string");
    param(params, "masterVMSize", "string").put("defaultValue", "Standard_DS2_v2");
    param(params, "kubernetesVersion", "string").put("defaultValue", cluster.kubernetesVersion());
    param(params, "linuxAdminUsername", "string").put("defaultValue", "azureuser");
    param(params, "sshRSAPublicKey", "string");
    param(params, "servicePrincipalClientId", "securestring");
    param(params, "servicePrincipalClientSecret", "securestring");
    param(params, "location", "string").put("defaultValue", "[resourceGroup().location]");
    for (String pool : cluster.pools().keySet()) {
      param(params, pool + "Count", "int").put("minValue", 1).put("maxValue", 1000);
      param(params, pool + "Offset", "int").put("defaultValue", 0);
      param(params, pool + "VMSize", "string").put("defaultValue", "Standard_DS2_v2");
    }
    t.putObject("variables").put("masterCount", cluster.masterCount()).put("orchestratorName", "k8s");
    t.putArray("resources");
    ObjectNode outputs = t.putObject("outputs");
    outputs.putObject("masterFQDN").put("type", "string")
        .put("value", "[reference(concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))).dnsSettings.fqdn]");
    return t;
  }

  /** Parameters as the generated file has them: {@code {"name": {"value": ...}}}; secrets are placeholders here. */
  public static ObjectNode parameters(Cluster cluster) {
    ObjectNode p = Json.object();
    value(p, "masterEndpointDNSNamePrefix").put("value", cluster.dnsPrefix());
    value(p, "nameSuffix").put("value", cluster.nameSuffix());
    value(p, "sshRSAPublicKey").put("value", "ssh-rsa AAAAB3NzaC1yc2E simulated");
    value(p, "servicePrincipalClientId").put("value", "00000000-0000-0000-0000-00000000c11e");
    value(p, "servicePrincipalClientSecret").put("value", "simulated-sp-secret");
    cluster.pools().forEach((pool, count) -> value(p, pool + "Count").put("value", count));
    return p;
  }

  /** {@code azuredeploy.parameters.json} as the file is written: a deploymentParameters document around {@link #parameters}. */
  public static ObjectNode parametersFile(Cluster cluster) {
    ObjectNode file = Json.object().put("$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#")
        .put("contentVersion", "1.0.0.0");
    file.set("parameters", parameters(cluster));
    return file;
  }

  /** Parameters for growing one pool to {@code count} nodes whose next free index is {@code offset}. */
  public static ObjectNode scaleParameters(Cluster cluster, String pool, int count, int offset) {
    ObjectNode p = parameters(cluster);
    value(p, pool + "Count").put("value", count);
    value(p, pool + "Offset").put("value", offset);
    return p;
  }

  /** The body of {@code PUT …/deployments/{name}}. */
  public static ObjectNode deploymentBody(ObjectNode template, ObjectNode parameters, String mode) {
    ObjectNode body = Json.object();
    ObjectNode props = body.putObject("properties").put("mode", mode);
    props.set("template", template);
    props.set("parameters", parameters);
    return body;
  }

  private static ObjectNode param(ObjectNode params, String name, String type) {
    ObjectNode p = params.putObject(name).put("type", type);
    p.putObject("metadata").put("description", name);
    return p;
  }

  private static ObjectNode value(ObjectNode params, String name) {
    return params.putObject(name);
  }
}
