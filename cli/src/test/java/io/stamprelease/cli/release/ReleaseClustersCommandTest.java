package io.stamprelease.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.JournalEntry;
import io.stamprelease.testkit.k8s.KubeJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `stamp release` with stamps that have a cluster:, against bare simulated hubs and the sample clusters. */
@DisplayName("stamp release with clusters in the plan")
class ReleaseClustersCommandTest {
  static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  SimulatedCloud cloud;
  SimConfigFiles files;

  @BeforeEach
  void start() {
    cloud = SimulatedCloud.startBare(2, HubSettings.fast());
    cloud.createTrafficRouting(false);
    files = cloud.writeConfig(dir.resolve("sim"));
    HelmProcessEnvironment.prepare();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  static String cluster(String stamp, String nodes) {
    Path f = SAMPLES.resolve("clusters").resolve(stamp);
    return "  cluster:\n    template: " + f.resolve("azuredeploy.json") + "\n    parameters: " + f.resolve("azuredeploy.parameters.json")
        + "\n    apimodel: " + f.resolve("apimodel.json") + "\n    nodes: " + nodes + "\n";
  }

  Path plan(String stamps, String stampValues) throws Exception {
    return Files.writeString(dir.resolve("stamps.yaml"), """
        name: clusters
        app: {release: demo, namespace: demo, chart: %s, smokePath: /healthz, stampValues: {%s}}
        stamps:
        %s
        waves:
          - {name: canary, stamps: [seattle], gate: {approvers: [alice], minApprovals: 1, timeout: 1h}}
          - {name: rest, stamps: [denver]}
        traffic: {provider: azure-traffic-manager, profile: stamp-release-app, restoreSteps: [50, 100], bake: 200ms}
        maxFailedStamps: 1
        """.formatted(SAMPLES.resolve("charts/demo"), stampValues, stamps.indent(2).stripTrailing()));
  }

  String[] release(Path plan, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("release", "--plan", plan.toString(), "--config", files.hubsYaml().toString(),
        "--dns-wait", "100ms", "--poll", "100ms", "--timeout", "1m", "--cluster-poll", "100ms"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  List<JournalEntry> armWrites() {
    return Stream.concat(cloud.hubs().stream().flatMap(h -> h.arm().journal().writes().stream()),
        cloud.publicRegion().arm().journal().writes().stream()).toList();
  }

  @Test
  @DisplayName("bad cluster: input (unknown pool, count 0 or 51, missing template, parameters the template refuses) exits 2 naming each field, before anything is written")
  void badClusterInput() throws Exception {
    // Given: seattle asks a pool its template does not have and 0 nodes; denver's parameters give one the template does not declare and 51
    Path broken = dir.resolve("azuredeploy.parameters.json");
    String params = Files.readString(SAMPLES.resolve("clusters/denver/azuredeploy.parameters.json"));
    Files.writeString(broken, params.replaceFirst("\"parameters\": \\{", "\"parameters\": {\n    \"agentpool9Count\": {\"value\": 2},"));
    String stamps = "- name: seattle\n" + cluster("seattle", "{gpupool: 2, linuxpool: 0}") + "- name: denver\n"
        + cluster("denver", "{linuxpool: 51}").replace(SAMPLES.resolve("clusters/denver/azuredeploy.parameters.json").toString(), broken.toString())
        + "- name: austin\n  hub: seattle\n  trafficEndpoint: seattle\n  cluster: {parameters: p.json}\n";
    Path plan = Files.writeString(dir.resolve("stamps.yaml"), Files.readString(plan(stamps, "")).replace("[denver]}", "[denver, austin]}"));
    // When
    CliRunner r = CliRunner.run(release(plan, "--auto-approve"));
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("stamps[0].cluster.nodes.linuxpool: must be between 1 and 50 nodes per pool on Azure Stack Hub (was 0)",
        "stamps[1].cluster.nodes.linuxpool: must be between 1 and 50 nodes per pool on Azure Stack Hub (was 51)",
        "stamps[2].cluster.template: is required");
    assertThat(Files.exists(dir.resolve("release-state.json"))).isFalse();
    assertThat(armWrites()).as("no write to any hub or to Traffic Manager").isEmpty();

    // When the numbers are fixed, the problems only the files can show are told the same way
    Path second = Files.writeString(dir.resolve("stamps.yaml"), Files.readString(plan).replace("linuxpool: 0", "linuxpool: 3")
        .replace("linuxpool: 51", "linuxpool: 3").replace("    cluster: {parameters: p.json}\n", ""));
    CliRunner again = CliRunner.run(release(second, "--auto-approve"));
    // Then
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(again.err()).contains("stamps[0].cluster.nodes.gpupool: declares no parameters gpupoolCount/gpupoolOffset",
        "stamps[1].cluster.parameters.agentpool9Count: is not declared by the template");
    assertThat(Files.exists(dir.resolve("release-state.json"))).isFalse();
    assertThat(armWrites()).isEmpty();
    assertThat(cloud.hubs()).allSatisfy(h -> assertThat(h.cluster().journal().writes()).isEmpty());
  }

  @Test
  @DisplayName("--dry-run after a release prints the whole plan (cluster unchanged by validate or what-if, the scale delta, the chart diff, the traffic steps, the gate, the duration), exits 0 and writes nothing")
  void dryRun() throws Exception {
    // Given: a release deployed both clusters and the app
    Path first = plan("- name: seattle\n" + cluster("seattle", "{linuxpool: 3}") + "- name: denver\n" + cluster("denver", "{linuxpool: 3}"), "");
    CliRunner done = CliRunner.run(release(first, "--auto-approve"));
    assertThat(done.exitCode()).as(done.err()).isEqualTo(ExitCode.OK);
    // and the next plan scales seattle out and changes its replicas
    Path next = plan("- name: seattle\n" + cluster("seattle", "{linuxpool: 4}") + "- name: denver\n" + cluster("denver", "{linuxpool: 3}"),
        "seattle: {replicas: \"3\"}");
    byte[] state = Files.readAllBytes(dir.resolve("release-state.json"));
    List<Path> filesBefore = listing();
    int secretsBefore = helmSecrets();
    cloud.hubs().forEach(h -> {
      h.arm().journal().clear();
      h.cluster().journal().clear();
    });
    cloud.publicRegion().arm().journal().clear();
    cloud.hub("denver").arm().contract().whatIf(true); // denver's hub serves what-if, seattle's does not

    // When
    CliRunner text = CliRunner.run(release(next, "--dry-run"));
    CliRunner json = CliRunner.run(release(next, "--dry-run", "--output", "json"));

    // Then
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCode.OK);
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCode.OK);
    assertThat(text.out()).contains("release clusters: the plan (dry run; nothing was written)", "wave canary", "gate after canary: 1 of alice within 1h",
        "estimated duration: at least");
    JsonNode p = JSON.readTree(json.out());
    JsonNode seattle = p.at("/waves/0/stamps/0");
    assertThat(seattle.path("cluster").get(0).asText()).startsWith("unchanged: deployment seattle-").contains("no PUT would be sent");
    assertThat(seattle.path("scale").get(0).asText()).isEqualTo("linuxpool: 3 -> 4 nodes (+1: k8s-linuxpool-88404701-3)");
    assertThat(seattle.path("app").get(0).asText()).isEqualTo("demo revision 1 -> 2: ~ Deployment/demo/api, ~ Deployment/demo/web");
    assertThat(seattle.path("traffic").findValuesAsText("step")).containsExactly("drain seattle",
        "enable seattle at weight 1 for probing (then wait for the monitor to say Online)", "seattle 50% (weight 250)", "seattle 100% (weight 500)");
    assertThat(seattle.path("traffic").get(0).path("after").path("seattle").asText()).isEqualTo("off (500)");
    assertThat(seattle.path("traffic").get(0).path("after").path("denver").asText()).isEqualTo("500 (100%, Online)");
    assertThat(p.at("/waves/1/stamps/0/cluster/0").asText()).startsWith("unchanged (what-if of deployment denver-").contains("NoChange");
    assertThat(p.at("/waves/1/stamps/0/scale/0").asText()).isEqualTo("linuxpool: 3 -> 3 nodes (nothing to do; no write)");
    assertThat(p.at("/waves/1/stamps/0/app/0").asText()).isEqualTo("demo revision 1 -> 2: no change to any object");
    assertThat(p.at("/estimate/floor").asText()).startsWith("PT");
    // nothing written: ARM saw reads and validate only, Traffic Manager and Kubernetes nothing, Helm no new release Secret, no file changed
    for (SimulatedHub h : cloud.hubs()) {
      assertThat(h.arm().journal().writes()).as(h.name() + " ARM writes").allMatch(e -> e.method().equals("POST")
          && (e.path().endsWith("/validate") || e.path().endsWith("/whatIf")));
      assertThat(h.cluster().journal().writes()).as(h.name() + " Kubernetes writes").extracting(KubeJournal.Entry::path)
          .allMatch(path -> path.contains("dryRun"));
    }
    assertThat(cloud.publicRegion().arm().journal().writes()).isEmpty();
    assertThat(helmSecrets()).isEqualTo(secretsBefore);
    assertThat(Files.readAllBytes(dir.resolve("release-state.json"))).isEqualTo(state);
    assertThat(listing()).isEqualTo(filesBefore);
  }

  int helmSecrets() {
    return cloud.hubs().stream().mapToInt(h -> h.cluster().client().secrets().inNamespace("demo").withLabel("owner", "helm").list().getItems()
        .size()).sum();
  }

  List<Path> listing() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
