package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.JournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp deploy")
class DeployCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger CLUSTERS = new AtomicInteger();
  static SimulatedCloud cloud;
  static Path config;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startBare(2, HubSettings.fast());
    config = cloud.writeConfig(dir.resolve("sim")).hubsYaml();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void clearFaults() {
    cloud.hubs().forEach(h -> h.arm().faults().clear());
  }

  /** The generated files of a fresh cluster (1 master, 2 agents) and the arguments that deploy it. */
  record Generated(Cluster cluster, Path dir, Path template, Path parameters, List<String> args) {
    ObjectNode read(Path file) {
      try {
        return (ObjectNode) JSON.readTree(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void write(Path file, Object json) {
      try {
        Files.writeString(file, json instanceof String s ? s : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    ObjectNode parameterValues() {
      return (ObjectNode) read(parameters).get("parameters");
    }

    void editParameters(java.util.function.Consumer<ObjectNode> edit) {
      ObjectNode file = read(parameters);
      edit.accept((ObjectNode) file.get("parameters"));
      write(parameters, file);
    }

    /** Adds options; an option already given gets the new value. */
    Generated with(String... more) {
      List<String> a = new ArrayList<>(args);
      for (int i = 0; i < more.length; i++) {
        boolean hasValue = i + 1 < more.length && !more[i + 1].startsWith("--");
        int at = a.indexOf(more[i]);
        if (at >= 0 && hasValue) {
          a.set(at + 1, more[++i]);
        } else {
          a.add(more[i]);
          if (hasValue) {
            a.add(more[++i]);
          }
        }
      }
      return new Generated(cluster, dir, template, parameters, a);
    }

    Generated without(String option) {
      List<String> a = new ArrayList<>(args);
      int i = a.indexOf(option);
      a.remove(i + 1);
      a.remove(i);
      return new Generated(cluster, dir, template, parameters, a);
    }

    String[] argv() {
      return args.toArray(String[]::new);
    }
  }

  static Generated generate(String hub) {
    int n = CLUSTERS.incrementAndGet();
    Cluster cluster = Cluster.of("cli" + n, String.valueOf(50_000_000 + n), 1, Map.of("agentpool1", 2));
    Path out = dir.resolve("_output").resolve("cli" + n);
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode parameters = JSON.createObjectNode().put("$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#")
        .put("contentVersion", "1.0.0.0");
    parameters.set("parameters", AksEngineTemplates.parameters(cluster));
    Generated g = new Generated(cluster, out, out.resolve("azuredeploy.json"), out.resolve("azuredeploy.parameters.json"), List.of("deploy",
        "--config", config.toString(), "--hub", hub, "--resource-group", "rg-cli-" + n, "--location", hub,
        "--template", out.resolve("azuredeploy.json").toString(), "--parameters", out.resolve("azuredeploy.parameters.json").toString(),
        "--timeout", "1m", "--poll-interval", "200ms"));
    g.write(g.template(), AksEngineTemplates.template(cluster));
    g.write(g.parameters(), parameters);
    return g;
  }

  static long deploymentPuts(String hub, String name) {
    return cloud.hub(hub).arm().journal().count(e -> e.method().equals("PUT") && e.path().endsWith("/deployments/" + name));
  }

  @Test
  @DisplayName("deploys a cluster and prints name, correlation id, duration, FQDN, Kubernetes version and nodes per pool as JSON")
  void deploysAsJson() throws Exception {
    // Given the files aks-engine generate wrote; the kubeconfig comes from hubs.yaml (stamp.kubeconfigFile)
    Generated g = generate("seattle");
    // When
    CliRunner r = CliRunner.run(g.with("--output", "json").argv());
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode json = JSON.readTree(r.out());
    String name = json.path("deploymentName").asText();
    assertThat(name).startsWith("cli" + CLUSTERS.get() + "-");
    assertThat(json.path("result").asText()).isEqualTo("deployed");
    assertThat(json.path("correlationId").asText()).isNotBlank();
    assertThat(json.path("duration").asText()).startsWith("PT");
    assertThat(json.path("masterFQDN").asText()).startsWith(g.cluster().dnsPrefix() + ".seattle.");
    assertThat(json.path("kubernetesVersion").asText()).isEqualTo("1.33.5");
    assertThat(json.path("nodesPerPool")).as("the same key as the Jenkins step's result").isEqualTo(JSON.valueToTree(Map.of("master", 1, "agentpool1", 2)));
    assertThat(json.path("readyNodes").asInt()).isEqualTo(3);
    assertThat(r.err()).contains("nodes Ready").contains("3/3 nodes Ready (master 1/1, agentpool1 2/2)");
    assertThat(deploymentPuts("seattle", name)).isEqualTo(1);

    // And when it runs again, nothing is submitted
    CliRunner again = CliRunner.run(g.with("--output", "json").argv());
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.OK);
    assertThat(JSON.readTree(again.out()).path("result").asText()).isEqualTo("unchanged");
    assertThat(deploymentPuts("seattle", name)).isEqualTo(1);
  }

  @Test
  @DisplayName("a failed deployment exits 1 and names each failed VM with its ARM code")
  void failedDeployment() {
    // Given
    Generated g = generate("denver");
    cloud.hub("denver").arm().faults().failNextDeploymentWithCseExit50();
    // When
    CliRunner r = CliRunner.run(g.argv());
    // Then
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err()).contains("VMExtensionProvisioningError").contains("k8s-master-" + g.cluster().nameSuffix() + "-0")
        .contains("exit status=50");
  }

  @Test
  @DisplayName("--what-if falls back to validate on a hub without what-if, says so, and writes no deployment")
  void whatIf() throws Exception {
    // Given an existing resource group
    Generated g = generate("denver");
    cloud.hub("denver").arm().createResourceGroup("rg-cli-" + CLUSTERS.get());
    int before = cloud.hub("denver").arm().journal().writes().size();
    // When
    CliRunner r = CliRunner.run(g.with("--what-if", "--output", "json").argv());
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("preview").asText()).isEqualTo("validate");
    assertThat(json.path("whatIfUnavailable").asText()).isEqualTo("InvalidResourceType");
    assertThat(r.err()).contains("does not serve what-if (InvalidResourceType); validated instead");
    List<JournalEntry> writes = cloud.hub("denver").arm().journal().writes();
    assertThat(writes.subList(before, writes.size())).extracting(e -> e.method() + " " + e.path().replaceAll(".*/", ""))
        .containsExactly("POST whatIf", "POST validate");
  }

  /** One bad input: what to change, and a fragment the single error message must contain. */
  record BadInput(String description, String expected, BiFunction<Generated, Path, Generated> apply) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<BadInput> badInputs() {
    return Stream.of(
        new BadInput("malformed template JSON", "--template: is not well-formed JSON", (g, d) -> {
          g.write(g.template(), "{\"parameters\": {");
          return g;
        }),
        new BadInput("malformed parameters JSON", "--parameters: is not well-formed JSON", (g, d) -> {
          g.write(g.parameters(), "{\"parameters\": [}");
          return g;
        }),
        new BadInput("unknown parameter", "parameters.agentpool2Count: is not declared by the template", (g, d) -> {
          g.editParameters(p -> p.putObject("agentpool2Count").put("value", 3));
          return g;
        }),
        new BadInput("missing required parameter", "parameters.masterEndpointDNSNamePrefix: is required by the template", (g, d) -> {
          g.editParameters(p -> p.remove("masterEndpointDNSNamePrefix"));
          return g;
        }),
        new BadInput("masterCount 2", "masterCount: must be 1, 3 or 5 (was 2)", (g, d) -> {
          ObjectNode t = g.read(g.template());
          ((ObjectNode) t.get("variables")).put("masterCount", 2);
          g.write(g.template(), t);
          return g;
        }),
        new BadInput("agent count 0", "parameters.agentpool1Count: must be between 1 and 50 agents per pool on Azure Stack Hub (was 0)", (g, d) -> {
          g.editParameters(p -> p.putObject("agentpool1Count").put("value", 0));
          return g;
        }),
        new BadInput("agent count 51", "parameters.agentpool1Count: must be between 1 and 50 agents per pool on Azure Stack Hub (was 51)", (g, d) -> {
          g.editParameters(p -> p.putObject("agentpool1Count").put("value", 51));
          return g;
        }),
        new BadInput("VMSS availabilityProfile", "apimodel.properties.agentPoolProfiles[0].availabilityProfile: must be AvailabilitySet", (g, d) ->
            withApimodel(g, "VirtualMachineScaleSets", "https://portal." + "seattle" + ".azurestack.sim/", 1)),
        new BadInput("bad portalURL", "apimodel.properties.customCloudProfile.portalURL: must start with https://portal.seattle.", (g, d) ->
            withApimodel(g, "AvailabilitySet", "https://portal.local.azurestack.external/", 1)),
        new BadInput("apimodel master count 2", "apimodel.properties.masterProfile.count: must be 1, 3 or 5 (was 2)", (g, d) ->
            withApimodel(g, "AvailabilitySet", "https://portal.seattle.azurestack.sim/", 2)),
        new BadInput("bad dnsPrefix", "parameters.masterEndpointDNSNamePrefix: must be a dnsPrefix of 3-45 letters", (g, d) -> {
          g.editParameters(p -> p.putObject("masterEndpointDNSNamePrefix").put("value", "9-bad_prefix-"));
          return g;
        }),
        new BadInput("Complete mode", "--mode: must be Incremental (was 'Complete'); Complete would delete", (g, d) -> g.with("--mode", "Complete")),
        new BadInput("missing resource group", "--resource-group: is required", (g, d) -> g.without("--resource-group")),
        new BadInput("timeout that is not a duration", "'soon' is not a duration", (g, d) -> g.with("--timeout", "soon")),
        new BadInput("zero timeout", "--timeout: must be between 1s and 24h", (g, d) -> g.with("--timeout", "0s")),
        new BadInput("missing template file", "--template: cannot read '", (g, d) -> g.with("--template", d.resolve("nope.json").toString())),
        new BadInput("bad deployment name", "--deployment-name: contains a path separator (was 'no/slashes')", (g, d) -> g.with("--deployment-name", "no/slashes")),
        new BadInput("unknown hub", "hub: unknown hub 'austin'", (g, d) -> g.with("--hub", "austin")),
        new BadInput("unreadable kubeconfig", "--kubeconfig: cannot read '", (g, d) -> g.with("--kubeconfig", d.resolve("none.kubeconfig").toString())));
  }

  static Generated withApimodel(Generated g, String availability, String portal, int masters) {
    ObjectNode model = JSON.createObjectNode().put("apiVersion", "vlabs").put("location", "seattle");
    ObjectNode props = model.putObject("properties");
    props.putObject("masterProfile").put("count", masters).put("dnsPrefix", g.cluster().dnsPrefix()).put("vmSize", "Standard_DS2_v2");
    props.putArray("agentPoolProfiles").addObject().put("name", "agentpool1").put("count", 2).put("availabilityProfile", availability);
    props.putObject("customCloudProfile").put("portalURL", portal).put("identitySystem", "adfs");
    Path file = g.dir().resolve("apimodel.json");
    g.write(file, model);
    return g.with("--apimodel", file.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  @DisplayName("bad input exits 2 with a message naming the field, and the hubs see no request at all")
  void badInput(BadInput bad, @TempDir Path tmp) {
    // Given
    Generated g = bad.apply().apply(generate("seattle"), tmp);
    List<Integer> before = cloud.hubs().stream().map(h -> h.arm().journal().entries().size()).toList();
    // When
    CliRunner r = CliRunner.run(g.argv());
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains(bad.expected());
    assertThat(cloud.hubs().stream().map(h -> h.arm().journal().entries().size()).toList()).isEqualTo(before);
    assertThat(cloud.hubs()).allSatisfy(h -> assertThat(h.arm().journal().writes()).noneMatch(e -> e.path().contains("rg-cli-" + CLUSTERS.get())));
  }

  @Test
  @DisplayName("every problem is reported at once, in one message")
  void allProblemsAtOnce() {
    Generated g = generate("seattle");
    g.editParameters(p -> {
      p.putObject("agentpool1Count").put("value", 51);
      p.putObject("unknownThing").put("value", 1);
    });
    CliRunner r = CliRunner.run(g.without("--resource-group").with("--mode", "Complete").argv());
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).count()).isEqualTo(1);
    assertThat(r.err()).contains("--resource-group: is required").contains("--mode: must be Incremental")
        .contains("parameters.unknownThing: is not declared").contains("parameters.agentpool1Count: must be between 1 and 50");
  }
}
