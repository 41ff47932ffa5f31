package io.stamprelease.cli.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.stamprelease.cli.release.DemoCommand;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A round for a cluster point: its own bare simulated hub (seattle, no cluster), a plan whose stamp deploys its AKS Engine
 * cluster from the sample files and wants 2 of the 3 linuxpool nodes they deploy, {@code stamp release} SIGKILLed once the
 * deployment's PUT reached ARM ({@link KillPoint#CLUSTER_DEPLOY}) or once the scale-in deleted its first VM
 * ({@link KillPoint#SCALE_IN}), then run again to its end. Checked through the simulator: one deployment PUT, the pool at
 * 2 with no orphan VM, NIC, disk or Node, the app's one deployed revision, the stamp in rotation, release.json agreeing,
 * nothing left behind.
 */
public final class ClusterChaosRound {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCE_GROUP = "stamp-seattle";
  private static final String DEPLOYMENT_PUT = "/deployments/";
  private static final String VM_DELETE = "/Microsoft.Compute/virtualMachines/";

  private ClusterChaosRound() {
  }

  public static ChaosRound.Result run(Path work, int number, KillPoint point, List<String> launcher, Random random)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path dir = Files.createDirectories(work.resolve("round-" + number));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path home = Files.createDirectories(dir.resolve("home"));
    try (SimulatedCloud cloud = SimulatedCloud.startBare(1, HubSettings.fast())) {
      cloud.createTrafficRouting(false);
      SimConfigFiles files = cloud.writeConfig(Files.createDirectories(dir.resolve("sim")));
      SimulatedHub seattle = cloud.hub("seattle");
      List<String> args = releaseArgs(dir, plan(dir, "clusters-" + number), files.hubsYaml());

      CountDownLatch reached = new CountDownLatch(1);
      String[] at = {null};
      StampProcess first = StampProcess.start(launcher, args, home, tmp, line -> { });
      Predicate<JournalEntry> mark = point == KillPoint.SCALE_IN ? e -> e.method().equals("DELETE") && e.path().contains(VM_DELETE)
          : e -> e.method().equals("PUT") && e.path().contains(DEPLOYMENT_PUT);
      watchArm(seattle, first, mark, reached, at, point == KillPoint.SCALE_IN ? "a VM deleted by the scale-in" : "the cluster deployment's PUT");
      boolean hit = ChaosRound.awaitPoint(first, reached);
      if (hit) {
        long extra = ChaosRound.extraDelayMillis(point, random);
        if (extra > 0) {
          Thread.sleep(extra); // a fixed offset into the phase the point names, not a wait for a condition
        }
        first.kill();
      } else {
        first.await(ChaosRound.RUN_LIMIT);
      }
      int exit = StampProcess.start(launcher, args, home, tmp, line -> { }).await(ChaosRound.RUN_LIMIT);
      List<String> problems = new ArrayList<>(verify(seattle, dir));
      problems.addAll(inRotation(cloud, "seattle"));
      problems.addAll(ChaosWorld.leftovers(dir, tmp));
      if (exit < 0) {
        problems.add("the re-run did not end within " + ChaosRound.RUN_LIMIT.toMinutes() + " min");
      } else if (exit != 0) {
        problems.add("the re-run exited " + exit);
      }
      return new ChaosRound.Result(number, point, hit, at[0], exit, problems, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Writes release {@code name}'s plan into {@code dir}, with the sample cluster files and the demo chart extracted beside it:
   * seattle deploys its AKS Engine cluster (3 linuxpool nodes) and the plan wants 2 of them, so a scale-in follows.
   */
  public static Path plan(Path dir, String name) throws IOException {
    Path clusters = dir.resolve("clusters");
    DemoCommand.extractClusters(clusters);
    DemoCommand.extractChart(dir.resolve("charts").resolve("demo"));
    Path seattle = clusters.resolve("seattle");
    return Files.writeString(dir.resolve("stamps.yaml"), """
        name: %s
        app: {release: demo, namespace: demo, chart: %s, smokePath: /healthz}
        stamps:
          - name: seattle
            cluster:
              template: %s
              parameters: %s
              apimodel: %s
              nodes: {linuxpool: 2}
        waves:
          - {name: one, stamps: [seattle]}
        traffic: {provider: azure-traffic-manager, profile: %s, restoreSteps: [50, 100], bake: 200ms}
        """.formatted(name, dir.resolve("charts").resolve("demo"), seattle.resolve("azuredeploy.json"),
        seattle.resolve("azuredeploy.parameters.json"), seattle.resolve("apimodel.json"), SimulatedCloud.TRAFFIC_PROFILE));
  }

  /** {@code stamp release} of {@code plan}, its state and report in {@code dir}, approved, with quick polls and a 2-minute step timeout. */
  public static List<String> releaseArgs(Path dir, Path plan, Path hubsYaml) {
    return List.of("release", "--plan", plan.toString(), "--config", hubsYaml.toString(), "--state", dir.resolve("release-state.json").toString(),
        "--out", dir.toString(), "--auto-approve", "--dns-wait", "100ms", "--poll", "100ms", "--cluster-poll", "200ms", "--timeout", "2m");
  }

  /** Polls the hub's ARM journal while the first run lives: the first entry {@code mark} accepts is the point. */
  private static void watchArm(SimulatedHub hub, StampProcess first, Predicate<JournalEntry> mark, CountDownLatch reached, String[] at,
                               String label) {
    Thread t = new Thread(() -> {
      while (first.alive() && reached.getCount() > 0) {
        if (hub.arm().journal().entries().stream().anyMatch(mark)) {
          at[0] = label;
          reached.countDown();
          return;
        }
        Thread.onSpinWait();
      }
    }, "chaos-arm-watch");
    t.setDaemon(true);
    t.start();
  }

  /** What is wrong with seattle after the re-run; empty when its cluster and release converged truthfully. */
  static List<String> verify(SimulatedHub seattle, Path dir) throws IOException {
    List<String> problems = new ArrayList<>();
    long puts = requests(seattle, "PUT", DEPLOYMENT_PUT);
    if (puts != 1) {
      problems.add(puts + " cluster deployment PUTs, expected 1");
    }
    List<String> vms = names(seattle.resources(RESOURCE_GROUP, "Microsoft.Compute/virtualMachines"));
    long pool = vms.stream().filter(n -> n.startsWith("k8s-linuxpool-")).count();
    if (pool != 2) {
      problems.add("linuxpool has " + pool + " VMs " + vms + ", expected 2");
    }
    int nics = seattle.resources(RESOURCE_GROUP, "Microsoft.Network/networkInterfaces").size();
    int disks = seattle.resources(RESOURCE_GROUP, "Microsoft.Compute/disks").size();
    if (nics != vms.size() || disks != vms.size()) {
      problems.add("orphans: " + vms.size() + " VMs, " + nics + " NICs, " + disks + " disks");
    }
    List<String> nodes = seattle.cluster().client().nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    if (!nodes.equals(vms.stream().sorted().toList())) {
      problems.add("Nodes " + nodes + " are not the VMs " + vms);
    }
    List<String> statuses = seattle.cluster().client().secrets().inNamespace("demo").withLabels(Map.of("owner", "helm", "name", "demo")).list()
        .getItems().stream().map(Secret::getMetadata).map(m -> m.getLabels().get("version") + ":" + m.getLabels().get("status")).sorted().toList();
    if (statuses.stream().filter(s -> s.endsWith(":deployed")).count() != 1 || statuses.stream().anyMatch(s -> s.contains(":pending-"))) {
      problems.add("the app's Helm revisions are " + statuses + ", expected one deployed and none pending");
    }
    Path record = dir.resolve("release.json");
    if (!Files.exists(record)) {
      problems.add("release.json was not written");
    } else {
      JsonNode json = JSON.readTree(record.toFile());
      if (!json.path("result").asText().equals("SUCCEEDED")) {
        problems.add("release.json says " + json.path("result").asText());
      }
    }
    return problems;
  }

  /** The stamp's Traffic Manager endpoint is Enabled: the release brought the new cluster into rotation (it started Disabled). */
  static List<String> inRotation(SimulatedCloud cloud, String stamp) {
    List<String> states = cloud.publicRegion().trafficManager().all().stream().flatMap(p -> p.at("/properties/endpoints").valueStream())
        .filter(e -> e.path("name").asText().equals(stamp)).map(e -> e.at("/properties/endpointStatus").asText()).toList();
    return states.equals(List.of("Enabled")) ? List.of() : List.of(stamp + "'s Traffic Manager endpoint is " + states + ", expected Enabled");
  }

  /** How many {@code method} requests whose path contains {@code pathPart} the hub's ARM has answered. */
  public static long requests(SimulatedHub hub, String method, String pathPart) {
    return hub.arm().journal().entries().stream().filter(e -> e.method().equals(method) && e.path().contains(pathPart)).count();
  }

  private static List<String> names(List<JsonNode> resources) {
    return resources.stream().map(r -> r.path("name").asText()).toList();
  }
}
