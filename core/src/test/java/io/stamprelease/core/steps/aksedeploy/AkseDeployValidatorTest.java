package io.stamprelease.core.steps.aksedeploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("AkseDeployValidator (no hub involved)")
class AkseDeployValidatorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Cluster CLUSTER = Cluster.of("seattle", "30483991", 3, Map.of("agentpool1", 3, "gpu", 1));

  @TempDir
  Path dir;

  AkseDeployInput request(ClusterFiles files) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
    return new AkseDeployInput().hub("seattle").resourceGroup("stamp-seattle").location("seattle").template(files.template())
        .parameters(files.parameters()).kubeconfig(kubeconfig);
  }

  @Test
  @DisplayName("reads the cluster's shape: masters from the template variable, pools from <pool>Count, expected nodes their sum")
  void shape() throws Exception {
    AkseDeployRequest d = request(ClusterFiles.write(dir.resolve("a"), CLUSTER)).validate();
    assertThat(d.shape().pools()).containsOnly(Map.entry("master", 3), Map.entry("agentpool1", 3), Map.entry("gpu", 1));
    assertThat(d.shape().pools().keySet()).first().isEqualTo("master");
    assertThat(d.shape().expectedNodes()).isEqualTo(7);
    assertThat(d.shape().nodeNames("gpu")).containsExactly("k8s-gpu-30483991-0");
    assertThat(d.body().at("/properties/mode").asText()).isEqualTo("Incremental");
  }

  @Test
  @DisplayName("the default name is <dnsPrefix>-<template hash>: the same template, however formatted, gives the same name")
  void deterministicName() throws Exception {
    ClusterFiles a = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    ClusterFiles b = ClusterFiles.write(dir.resolve("b"), CLUSTER);
    Files.writeString(b.template(), JSON.writeValueAsString(JSON.readTree(Files.readString(b.template())))); // compact, same content
    String nameA = request(a).validate().name();
    assertThat(request(b).validate().name()).isEqualTo(nameA).matches("seattle-[0-9a-f]{10}");
    ObjectNode changed = AksEngineTemplates.template(CLUSTER);
    ((ObjectNode) changed.get("variables")).put("orchestratorName", "k8s2");
    Files.writeString(b.template(), JSON.writeValueAsString(changed));
    assertThat(request(b).validate().name()).isNotEqualTo(nameA);
  }

  @Test
  @DisplayName("overrides replace parameter values (a scale-out) and must be declared by the template")
  void overrides() throws Exception {
    AkseDeployInput r = request(ClusterFiles.write(dir.resolve("a"), CLUSTER));
    AkseDeployRequest d = r.parameterOverrides(Map.of("agentpool1Count", 5, "agentpool1Offset", 3)).validate();
    assertThat(d.parameters().at("/agentpool1Count/value").asInt()).isEqualTo(5);
    assertThat(d.parameters().at("/agentpool1Offset/value").asInt()).isEqualTo(3);
    assertThat(d.shape().expectedNodes()).isEqualTo(3 + 5 + 1);
    assertThatThrownBy(() -> r.parameterOverrides(Map.of("agentpool9Count", 2, "gpuCount", 60)).validate())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameterOverrides.agentpool9Count: is not declared by the template")
        .hasMessageContaining("parameters.gpuCount: must be between 1 and 50 agents per pool on Azure Stack Hub (was 60)");
  }

  @Test
  @DisplayName("a parameter of the wrong type is named with the declared type, and secrets never appear in messages")
  void wrongType() throws Exception {
    ClusterFiles files = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(files.parameters()));
    ((ObjectNode) p.get("parameters")).putObject("agentpool1Count").put("value", "three");
    Files.writeString(files.parameters(), p.toString());
    assertThatThrownBy(() -> request(files).validate())
        .hasMessageContaining("parameters.agentpool1Count: must be of type int as the template declares (was string)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("simulated-sp-secret"));
  }

  @Test
  @DisplayName("Given a parameters file broken inside a secret value, when it is judged, then the message says line, column and "
      + "the parameter, never the token")
  void malformedSecretParameter() throws Exception {
    // Given: a value that is not JSON (unquoted), as a hand-edited secure parameter would be
    ClusterFiles files = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    Files.writeString(files.parameters(), "{\n  \"parameters\": {\n    \"servicePrincipalClientSecret\": {\"value\": Tr0ub4dor-S3cr3t}\n  }\n}\n");

    // When / Then
    assertThatThrownBy(() -> request(files).validate())
        .hasMessageContaining("parameters: is not well-formed JSON (" + files.parameters() + ", line 3, column ")
        .hasMessageContaining("in parameters.servicePrincipalClientSecret.value)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Tr0ub4dor", "S3cr3t"));
  }

  @Test
  @DisplayName("without --kubeconfig, aks-engine's kubeconfig/kubeconfig.<location>.json beside the template is used; location from the apimodel")
  void kubeconfigBesideTemplate() throws Exception {
    ClusterFiles files = ClusterFiles.write(dir.resolve("_output/seattle"), CLUSTER);
    Path kube = files.dir().resolve("kubeconfig/kubeconfig.seattle.json");
    Files.createDirectories(kube.getParent());
    Files.writeString(kube, "{}");
    Path apimodel = Files.writeString(files.dir().resolve("apimodel.json"), "{\"location\":\"seattle\",\"properties\":{\"masterProfile\":"
        + "{\"count\":3,\"dnsPrefix\":\"seattle\"},\"customCloudProfile\":{\"portalURL\":\"https://portal.seattle.azurestack.sim/\"}}}");
    AkseDeployRequest d = new AkseDeployInput().hub("seattle").resourceGroup("stamp-seattle").template(files.template())
        .parameters(files.parameters()).apimodel(apimodel).validate();
    assertThat(d.location()).isEqualTo("seattle");
    assertThat(d.kubeconfig()).isEqualTo(kube);
  }

  @Test
  @DisplayName("names ARM or Kubernetes cannot hold are refused, each naming its field: resource group, deployment name, nameSuffix")
  void names() throws Exception {
    ClusterFiles files = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(files.parameters()));
    ((ObjectNode) p.get("parameters")).putObject("nameSuffix").put("value", "Ab_1");
    Files.writeString(files.parameters(), p.toString());
    assertThatThrownBy(() -> request(files).resourceGroup("rg/../other").deploymentName("d\u0001x").validate())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("resourceGroup: contains a path separator (was 'rg/../other')")
        .hasMessageContaining("deploymentName: contains a control character (was 'd\\u0001x')")
        .hasMessageContaining("parameters.nameSuffix: must be 1-63 lower-case letters, digits or '-'");
  }

  @Test
  @DisplayName("ARM's template limits are judged locally, naming the limit: 800 resources with copy counts, 256 parameters")
  void limits() throws Exception {
    ClusterFiles files = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    ObjectNode t = (ObjectNode) JSON.readTree(Files.readString(files.template()));
    ObjectNode loop = ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("resources")).addObject();
    loop.put("type", "Microsoft.Network/publicIPAddresses").put("name", "[concat('ip', copyIndex())]").putObject("copy").put("name", "ips")
        .put("count", 801);
    for (int i = 0; i < 260; i++) {
      ((ObjectNode) t.get("parameters")).putObject("extra" + i).put("type", "string").put("defaultValue", "");
    }
    Files.writeString(files.template(), t.toString());
    assertThatThrownBy(() -> request(files).validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template.resources: declares ").hasMessageContaining("resources (copy counts included); ARM allows at most 800 per deployment")
        .hasMessageContaining("template.parameters: declares ").hasMessageContaining("parameters; ARM allows at most 256 per template");
  }

  @Test
  @DisplayName("a template without resources, undeclared and missing parameters are refused before anything is sent")
  void templateAndParameters() throws Exception {
    ClusterFiles files = ClusterFiles.write(dir.resolve("a"), CLUSTER);
    ObjectNode t = (ObjectNode) JSON.readTree(Files.readString(files.template()));
    ((ObjectNode) t.get("parameters")).putObject("adminPassword").put("type", "securestring");
    Files.writeString(files.template(), t.toString());
    ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(files.parameters()));
    ((ObjectNode) p.get("parameters")).putObject("surprise").put("value", 1);
    Files.writeString(files.parameters(), p.toString());
    assertThatThrownBy(() -> request(files).validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameters.surprise: is not declared by the template")
        .hasMessageContaining("parameters.adminPassword: is required by the template");
    t.remove("resources");
    Files.writeString(files.template(), t.toString());
    assertThatThrownBy(() -> request(files).validate()).hasMessageContaining("template: must be an ARM deployment template with a 'parameters' "
        + "object and a 'resources' array");
  }

  @Test
  @DisplayName("the body carries our input hash in a declared string parameter; the hash ignores formatting and secure values")
  void inputHash() throws Exception {
    AkseDeployRequest d = request(ClusterFiles.write(dir.resolve("a"), CLUSTER)).validate();
    assertThat(d.body().at("/properties/template/parameters/" + AkseDeployRequest.INPUT_HASH_PARAMETER + "/type").asText()).isEqualTo("string");
    assertThat(d.body().at("/properties/parameters/" + AkseDeployRequest.INPUT_HASH_PARAMETER + "/value").asText()).isEqualTo(d.inputHash())
        .matches("[0-9a-f]{64}");
    ObjectNode otherSecret = d.parameters().deepCopy();
    ObjectNode template = d.template().deepCopy();
    ((ObjectNode) template.get("parameters")).putObject("servicePrincipalClientSecret").put("type", "securestring");
    otherSecret.putObject("servicePrincipalClientSecret").put("value", "changed");
    AkseDeployRequest withSecret = new AkseDeployRequest(d.resourceGroup(), d.location(), d.name(), template, d.parameters(), d.shape(), null,
        null, false, null);
    AkseDeployRequest secretChanged = new AkseDeployRequest(d.resourceGroup(), d.location(), d.name(), template, otherSecret, d.shape(), null,
        null, false, null);
    assertThat(secretChanged.inputHash()).isEqualTo(withSecret.inputHash());
  }
}
