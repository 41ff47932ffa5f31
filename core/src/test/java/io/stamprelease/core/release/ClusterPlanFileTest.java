package io.stamprelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stamprelease.core.input.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a stamp's cluster: in stamps.yaml")
class ClusterPlanFileTest {
  static final String REST = """
      app: {release: demo, chart: ./chart}
      waves: [{stamps: [seattle]}]
      """;

  @Test
  @DisplayName("the files, the resource group and the node count per pool are read; a stamp without cluster: has none")
  void read() throws Exception {
    // When
    ReleasePlan plan = ReleasePlanFileTest.parse(REST + """
        stamps:
          - name: seattle
            cluster:
              template: clusters/seattle/azuredeploy.json
              parameters: clusters/seattle/azuredeploy.parameters.json
              apimodel: clusters/seattle/apimodel.json
              resourceGroup: rg-seattle
              nodes: {linuxpool: 4, gpupool: 1}
        """);
    ReleasePlan bare = ReleasePlanFileTest.parse(REST + "stamps: [{name: seattle}]\n");
    // Then
    assertThat(plan.stamp("seattle").cluster()).isEqualTo(new ReleasePlan.Cluster("clusters/seattle/azuredeploy.json",
        "clusters/seattle/azuredeploy.parameters.json", "clusters/seattle/apimodel.json", "rg-seattle", Map.of("linuxpool", 4, "gpupool", 1)));
    assertThat(plan.stamp("seattle").cluster().nodes().keySet()).containsExactly("linuxpool", "gpupool");
    assertThat(bare.stamp("seattle").cluster()).isNull();
  }

  @Test
  @DisplayName("every problem of a cluster: is told with its path: unknown keys, a missing template, counts 0 and 51, a count as text, masters")
  void strict() {
    assertThatThrownBy(() -> ReleasePlanFileTest.parse(REST + """
        stamps:
          - name: seattle
            cluster:
              parameters: 42
              templates: azuredeploy.json
              nodes: {linuxpool: 0, gpupool: 51, cpupool: "3", master: 5, Bad_Pool: 2}
        """)).isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).messages()).containsExactlyInAnyOrder(
            "stamps[0].cluster.templates: is not a key of cluster: (keys: template, parameters, apimodel, resourceGroup, nodes)",
            "stamps[0].cluster.template: is required (the azuredeploy.json aks-engine-azurestack generate wrote, relative to the plan)",
            "stamps[0].cluster.parameters: must be text (was 42)",
            "stamps[0].cluster.nodes.linuxpool: must be between 1 and 50 nodes per pool on Azure Stack Hub (was 0)",
            "stamps[0].cluster.nodes.gpupool: must be between 1 and 50 nodes per pool on Azure Stack Hub (was 51)",
            "stamps[0].cluster.nodes.cpupool: must be a whole number of nodes, 1-50 (was '3')",
            "stamps[0].cluster.nodes.master: masters cannot be scaled (AKS Engine scales agent pools only)",
            "stamps[0].cluster.nodes.Bad_Pool: is not an agent pool name (1-12 lower-case letters or digits, starting with a letter)"));
  }

  @Test
  @DisplayName("cluster: must be a map, and nodes: a map of at least one pool")
  void shapes() {
    assertThatThrownBy(() -> ReleasePlanFileTest.parse("""
        app: {release: demo, chart: ./chart}
        stamps:
          - {name: seattle, cluster: clusters/seattle}
          - {name: denver, cluster: {template: t.json, parameters: p.json, nodes: [linuxpool]}}
        waves: [{stamps: [seattle, denver]}]
        """)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stamps[0].cluster: must be a map with template, parameters, apimodel, resourceGroup, nodes (was 'clusters/seattle')")
        .hasMessageContaining("stamps[1].cluster.nodes: must map agent pool names to node counts, e.g. {linuxpool: 3} (was array)");
  }
}
