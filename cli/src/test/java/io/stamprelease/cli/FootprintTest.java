package io.stamprelease.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.ChildJvm;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every `stamp` command run as a new user runs it — its own JVM, a HOME nobody used, its own temporary directory and
 * working directory, no HELM_* or KUBECONFIG variables — and then everything left in those three places is listed.
 * What may be left is what the docs list (README "What Stamp Release writes", each command's page in docs/commands/): the
 * per-user cache of Helm's native library, the empty per-user parent of run directories, and the files each command
 * documents in its working directory.
 */
@DisplayName("Footprint: every command, run under a fresh HOME, leaves only the files the docs list")
class FootprintTest {
  static final Path CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize();
  static final String USER = System.getProperty("user.name");

  @TempDir
  Path root;
  Path home;
  Path tmp;
  Path work;
  final List<String> transcript = new ArrayList<>();
  /** Wall time of each command (a figure printed, not asserted: the test's cost is mostly these JVMs and simulated hubs). */
  final List<String> figures = new ArrayList<>();

  /** Runs `stamp args…` in a child JVM as a new user would, waits for its end; returns the exit code. */
  int stamp(Duration within, String... args) throws Exception {
    long start = System.nanoTime();
    try (ChildJvm child = start(args)) {
      int exit = child.awaitExit(within);
      double seconds = (System.nanoTime() - start) / 1e9;
      transcript.add("$ stamp " + String.join(" ", args) + "  → exit " + exit + "\n" + child.output());
      String command = args.length > 1 && !args[1].startsWith("-") ? args[0] + " " + args[1] : args[0];
      figures.add(String.format("%s %.1f s", command, seconds));
      return exit;
    }
  }

  ChildJvm start(String... args) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    for (String buildOnly : List.of("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "KUBECONFIG", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
        "XDG_DATA_HOME", "KUBECACHEDIR")) {
      env.put(buildOnly, null);
    }
    return ChildJvm.start(StampCommand.class, List.of("-Djava.io.tmpdir=" + tmp), env, work, args);
  }

  @Test
  @DisplayName("sim, deploy, scale, rollout (--state, --dry-run), shift, release, report, demo and bench arm: only documented files are left")
  void everyCommand() throws Exception {
    home = Files.createDirectories(root.resolve("home"));
    tmp = Files.createDirectories(root.resolve("tmp"));
    work = Files.createDirectories(root.resolve("work"));
    Path sim = work.resolve("sim");
    ChildJvm simulation = start("sim", "--dir", sim.toString(), "--hubs", "2", "--speed", "fast");
    try {
      simulation.awaitLine(l -> l.startsWith("hubs.yaml "), Duration.ofMinutes(2));
      String config = sim.resolve("hubs.yaml").toString();
      HubsFile hubs = HubsFile.load(sim.resolve("hubs.yaml"), Map.of());

      // deploy and scale (ARM, fabric8)
      ObjectMapper json = new ObjectMapper();
      var cluster = AksEngineTemplates.Cluster.of("footprint", "31415926", 1, Map.of("agentpool1", 1));
      Path template = Files.writeString(work.resolve("azuredeploy.json"), AksEngineTemplates.template(cluster).toString());
      ObjectNode parameters = json.createObjectNode().put("contentVersion", "1.0.0.0");
      parameters.set("parameters", AksEngineTemplates.parameters(cluster));
      Path parametersFile = Files.writeString(work.resolve("azuredeploy.parameters.json"), parameters.toString());
      assertThat(stamp(Duration.ofMinutes(3), "deploy", "--config", config, "--hub", "seattle", "--resource-group", "rg-footprint", "--location",
          "seattle", "--template", template.toString(), "--parameters", parametersFile.toString(), "--timeout", "2m", "--poll-interval", "200ms"))
          .as(String.join("\n", transcript)).isZero();
      assertThat(stamp(Duration.ofMinutes(3), "scale", "--config", config, "--hub", "seattle", "--pool", "agentpool1", "--count", "2"))
          .as(String.join("\n", transcript)).isZero();

      // rollout on both stamps (Helm), journaled; a dry run
      for (String stamp : List.of("seattle", "denver")) {
        assertThat(stamp(Duration.ofMinutes(3), "rollout", "--config", config, "--hub", stamp, "--release", "demo", "-n", "apps",
            "--create-namespace", "--chart", CHART.toString(), "--set", "host=" + hubs.stamps().get(stamp).appHost(), "--state",
            work.resolve("rollout-" + stamp + ".json").toString())).as(String.join("\n", transcript)).isZero();
      }
      assertThat(stamp(Duration.ofMinutes(2), "rollout", "--config", config, "--hub", "seattle", "--release", "demo", "-n", "apps", "--chart",
          CHART.toString(), "--set", "host=" + hubs.stamps().get("seattle").appHost(), "--dry-run")).as(String.join("\n", transcript)).isZero();

      // shift (Traffic Manager), once every stamp serves
      TrafficManagerProvider traffic = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(),
          hubs.trafficManagerProfileId().orElseThrow());
      Await.until("both stamps Online", Duration.ofMinutes(1), () -> traffic.read().endpoints().stream().allMatch(e -> e.serving()));
      assertThat(stamp(Duration.ofMinutes(2), "shift", "--config", config, "--provider", "azure-traffic-manager", "--shift-to", "denver",
          "--steps", "60,100", "--dry-run")).as(String.join("\n", transcript)).isZero();

      // release and report
      Path releaseDir = Files.createDirectories(work.resolve("release"));
      Files.writeString(releaseDir.resolve("values.yaml"), "web: {image: {tag: '1.1.0'}}\napi: {image: {tag: '1.1.0'}}\n");
      Path plan = Files.writeString(releaseDir.resolve("stamps.yaml"), """
          name: footprint
          app: {release: demo, namespace: apps, chart: %s, valuesFiles: [values.yaml], smokePath: /healthz}
          stamps:
            - {name: seattle, hub: seattle}
            - {name: denver, hub: denver}
          waves:
            - {name: one, stamps: [seattle]}
            - {name: two, stamps: [denver]}
          traffic: {provider: azure-traffic-manager, profile: stamp-release-app, restoreSteps: [100], bake: 100ms}
          """.formatted(CHART));
      assertThat(stamp(Duration.ofMinutes(3), "release", "--plan", plan.toString(), "--config", config, "--auto-approve", "--dns-wait", "100ms",
          "--poll", "100ms", "--timeout", "1m")).as(String.join("\n", transcript)).isZero();
      assertThat(stamp(Duration.ofMinutes(1), "report", "--json", releaseDir.resolve("release.json").toString()))
          .as(String.join("\n", transcript)).isZero();
    } finally {
      simulation.terminate();
      transcript.add("$ stamp sim … (SIGTERM)\n" + simulation.output());
    }

    // demo and the benchmarks start their own simulated hubs
    assertThat(stamp(Duration.ofMinutes(3), "demo", "--auto-approve", "--dir", work.resolve("demo").toString()))
        .as(String.join("\n", transcript)).isZero();
    // the benchmarks share one footprint (their files live in the run directory, docs/commands/bench.md): the quickest stands for
    // them, as `bench rollout` and `bench release` cost about 45 s each here
    assertThat(stamp(Duration.ofMinutes(2), "bench", "arm", "--lro", "2", "--retry-after", "1")).as(String.join("\n", transcript)).isZero();

    // Then: what is left, relative to each place
    assertThat(listing(home)).as(String.join("\n", transcript)).containsExactly(".cache", ".cache/stamp-release",
        ".cache/stamp-release/helm-java-0.0.21", ".cache/stamp-release/helm-java-0.0.21/helm-linux-amd64-8ec3ec61ca65622a.so");
    assertThat(listing(tmp)).as(String.join("\n", transcript)).containsExactlyElementsOf(new TreeSet<>(List.of("stamp-release-" + USER)));
    assertThat(listing(work)).as(String.join("\n", transcript)).containsExactlyElementsOf(new TreeSet<>(List.of(
        "azuredeploy.json", "azuredeploy.parameters.json",                               // inputs of this test
        "sim", "sim/hubs.yaml", "sim/ca.pem",                                            // stamp sim: its credentials are deleted
        "release", "release/stamps.yaml", "release/values.yaml",                         // inputs of this test
        "release/release-state.json", "release/release.json", "release/release-report.html", // stamp release, stamp report
        "demo", "demo/hubs.yaml", "demo/ca.pem", "demo/stamps.yaml", "demo/release-values.yaml", "demo/release-state.json",
        "demo/release.json", "demo/release-report.html", "demo/charts", "demo/charts/demo", "demo/charts/demo/Chart.yaml",
        "demo/charts/demo/values.yaml", "demo/charts/demo/templates", "demo/charts/demo/templates/_helpers.tpl",
        "demo/charts/demo/templates/deployment-web.yaml", "demo/charts/demo/templates/deployment-api.yaml",
        "demo/charts/demo/templates/service-web.yaml", "demo/charts/demo/templates/service-api.yaml",
        "demo/charts/demo/templates/ingress.yaml", "demo/clusters", "demo/clusters/seattle", "demo/clusters/denver", "demo/clusters/austin",
        "demo/clusters/seattle/apimodel.json", "demo/clusters/seattle/azuredeploy.json", "demo/clusters/seattle/azuredeploy.parameters.json",
        "demo/clusters/denver/apimodel.json", "demo/clusters/denver/azuredeploy.json", "demo/clusters/denver/azuredeploy.parameters.json",
        "demo/clusters/austin/apimodel.json", "demo/clusters/austin/azuredeploy.json", "demo/clusters/austin/azuredeploy.parameters.json")));
    System.out.println("[footprint] left in HOME: " + listing(home) + "\n[footprint] left in java.io.tmpdir: " + listing(tmp)
        + "\n[footprint] left in the working directory: " + listing(work) + "\n[footprint] wall time per command: " + String.join(", ", figures));
  }

  static TreeSet<String> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
