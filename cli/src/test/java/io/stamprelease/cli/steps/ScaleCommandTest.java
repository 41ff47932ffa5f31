package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp scale against a simulated hub")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleCommandTest {
  static SimulatedCloud cloud;
  static SimulatedHub hub;
  @TempDir
  static Path dir;
  static Path config;
  static Path template;
  static Path parameters;

  @BeforeAll
  static void start() throws Exception {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    hub = cloud.hub("seattle");
    config = cloud.writeConfig(dir).hubsYaml();
    AksEngineTemplates.Cluster cluster = SimulatedCloud.clusterOf(hub);
    template = Files.writeString(dir.resolve("azuredeploy.json"), AksEngineTemplates.template(cluster).toPrettyString());
    parameters = Files.writeString(dir.resolve("azuredeploy.parameters.json"), "{\"$schema\":\"https://schema.management.azure.com/schemas/"
        + "2015-01-01/deploymentParameters.json#\",\"contentVersion\":\"1.0.0.0\",\"parameters\":" + AksEngineTemplates.parameters(cluster) + "}");
    Files.writeString(dir.resolve("not-json.json"), "{ this is not json");
    Files.writeString(dir.resolve("not-a-kubeconfig"), "hello: world\n");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  static CliRunner stamp(String... args) {
    List<String> all = new ArrayList<>(List.of("scale", "--config", config.toString()));
    if (!List.of(args).contains("--hub")) {
      all.addAll(List.of("--hub", "seattle"));
    }
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @ParameterizedTest(name = "[{index}] {0} -> exit 2, says ''{2}''")
  @CsvSource(delimiter = '|', value = {
      "count 0                      | --pool agentpool1 --count 0                                   | count: must be between 1 and 50 nodes (was 0)",
      "count 51                     | --pool agentpool1 --count 51                                  | count: must be between 1 and 50 nodes (was 51)",
      "masters                      | --pool master --count 2                                       | pool: masters cannot be scaled",
      "a pool name AKS Engine can't have | --pool Agent_Pool --count 2                              | pool: must be 1-12 lower-case letters",
      "unknown pool                 | --pool gpupool --count 2                                      | pool: no VMs of pool 'gpupool'",
      "negative drain timeout       | --pool agentpool1 --count 2 --drain-timeout -PT5S             | --drain-timeout: must be a positive duration",
      "drain timeout not a duration | --pool agentpool1 --count 2 --drain-timeout soon              | 'soon' is not a duration",
      "drain timeout beyond timeout | --pool agentpool1 --count 2 --drain-timeout 10m --timeout 5m  | --drain-timeout: must be shorter than the whole scale's timeout (300s); was 600s",
      "max parallel drains 0        | --pool agentpool1 --count 2 --max-parallel-drains 0           | --max-parallel-drains: must be between 1 and 10 (was 0)",
      "scale-out without template   | --pool agentpool1 --count 5                                   | template: is required to scale out",
      "kubeconfig path missing      | --pool agentpool1 --count 2 --kubeconfig /nonexistent/kc     | kubeconfig: cannot read '/nonexistent/kc': no such file",
      "kubeconfig that is not one   | --pool agentpool1 --count 2 --kubeconfig DIR/not-a-kubeconfig | is not a kubeconfig (no 'clusters:' list)",
      "template that is not JSON    | --pool agentpool1 --count 5 --template DIR/not-json.json --parameters DIR/not-json.json | template: cannot read",
      "bad output format            | --pool agentpool1 --count 2 --output yaml                     | --output: must be text or json (was 'yaml')",
      "unknown hub in --hub         | --pool agentpool1 --count 2 --hub austin                      | unknown hub 'austin'",
      "all problems at once         | --pool master --count 99 --max-parallel-drains 0              | --count: must be between 1 and 50 nodes (was 99); --max-parallel-drains"})
  @DisplayName("bad input is refused with exit 2 and no write to the hub")
  void badInput(String what, String args, String message) {
    // Given
    hub.arm().journal().clear();
    // When
    CliRunner r = stamp(args.replace("DIR", dir.toString()).trim().split("\\s+"));
    // Then
    assertThat(r.exitCode()).as(what + "\n" + r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains(message);
    assertThat(hub.arm().journal().writes()).isEmpty();
  }

  @Test
  @Order(1)
  @DisplayName("scale-out 3 -> 4 with the template files prints the JSON report")
  void scaleOut() throws Exception {
    // When
    CliRunner r = stamp("--pool", "agentpool1", "--count", "4", "--template", template.toString(), "--parameters", parameters.toString(),
        "--poll-interval", "200ms", "--output", "json");
    // Then
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("status").asText()).isEqualTo("succeeded");
    assertThat(json.path("before").asInt()).isEqualTo(3);
    assertThat(json.path("after").asInt()).isEqualTo(4);
    assertThat(json.path("added")).hasSize(1);
    assertThat(json.path("added").get(0).asText()).endsWith("-3");
    assertThat(r.err()).contains("[akseScale] seattle wait-for-nodes: 1 new node(s) Ready");
  }

  @Test
  @Order(2)
  @DisplayName("scale-in 4 -> 3 drains and removes the highest index; then the same command is a no-op")
  void scaleInThenNoOp() {
    // When
    CliRunner r = stamp("--pool", "agentpool1", "--count", "3", "--poll-interval", "200ms");
    // Then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("agentpool1: 4 -> 3 nodes; removed k8s-agentpool1-").contains("-3; drained k8s-agentpool1-");

    // When again
    hub.arm().journal().clear();
    CliRunner again = stamp("--pool", "agentpool1", "--count", "3");
    // Then
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("agentpool1: 3 -> 3 nodes (already at the target; nothing changed)");
    assertThat(hub.arm().journal().writes()).isEmpty();
  }

  @Test
  @Order(3)
  @DisplayName("a failed scale-out exits 1 naming the root cause, and never says \"already at the target\"")
  void failedScaleOut() {
    // Given the next deployment fails the way AKS Engine's node bootstrap does (exit status 50); the same 3 -> 4 scale-out
    // succeeded before (@Order 1) under the same deployment name, and its node was removed since (@Order 2)
    hub.arm().faults().failNextDeploymentWithCseExit50();
    try {
      // When (bounded: before the fix it re-attached to the earlier Succeeded deployment and waited for a node none creates)
      CliRunner r = stamp("--pool", "agentpool1", "--count", "4", "--template", template.toString(), "--parameters", parameters.toString(),
          "--poll-interval", "200ms", "--timeout", "60s");
      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAILED);
      assertThat(r.out()).isEqualTo("scale failed: agentpool1: 3 -> 3 nodes (target 4 not reached)" + System.lineSeparator())
          .doesNotContain("already at the target");
      assertThat(r.err()).contains("ended Failed: VMExtensionProvisioningError:").contains("(ARM: DeploymentFailed)")
          .contains("exit status=50");
    } finally {
      hub.arm().faults().clear();
    }
  }
}
