package io.stamprelease.cli.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.stamprelease.cli.bench.ReleaseBench;
import io.stamprelease.cli.release.DemoCommand;
import io.stamprelease.cli.release.PromptGate;
import io.stamprelease.cli.support.Console;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Three simulated stamps (seattle in a canary wave behind a gate, then denver and austin), the demo chart's 1.0.0 in
 * production, and a release to 1.1.0 per round in its own namespace — the world a chaos round kills a release in. After
 * the re-run, {@link #verify} checks through the simulator's own interfaces what a user would: Helm's history, the
 * workloads, Traffic Manager, release.json and the files left behind.
 */
public final class ChaosWorld implements AutoCloseable {
  static final String CRASHING = "austin";
  static final int WEIGHT = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatedCloud cloud;
  private final SimConfigFiles files;
  private final Path work;

  private ChaosWorld(SimulatedCloud cloud, SimConfigFiles files, Path work) {
    this.cloud = cloud;
    this.files = files;
    this.work = work;
  }

  public static ChaosWorld start(Path work) throws IOException {
    HelmProcessEnvironment.prepare();
    SimulatedCloud cloud = SimulatedCloud.startWithClusters(3, HubSettings.fast(), s -> { });
    try {
      SimConfigFiles files = cloud.writeConfig(Files.createDirectories(work.resolve("sim")));
      DemoCommand.extractChart(work.resolve("charts").resolve("demo"));
      return new ChaosWorld(cloud, files, work);
    } catch (IOException | RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  public Path hubsYaml() {
    return files.hubsYaml();
  }

  public Path work() {
    return work;
  }

  /** One round's release: its own directory and namespace, production installed there, every endpoint enabled and Online. */
  public record Round(int number, KillPoint point, Path dir, String namespace, Path plan, ReleaseSetup setup) {
    public Path stateFile() {
      return dir.resolve("release-state.json");
    }

    /** The child JVM's temporary directory: what Helm and the CLI leave there is counted. */
    public Path tmp() {
      return dir.resolve("tmp");
    }
  }

  public Round prepare(int number, KillPoint point) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("round-" + number));
    Files.createDirectories(dir.resolve("tmp"));
    String ns = "chaos-" + number;
    Files.writeString(dir.resolve("release-values.yaml"), "replicas: 1\nweb: {image: {tag: \"1.1.0\"}}\napi: {image: {tag: \"1.1.0\"}}\n");
    String user = PromptGate.currentUser();
    Path plan = Files.writeString(dir.resolve("stamps.yaml"), """
        name: chaos-%d
        app:
          release: demo
          namespace: %s
          chart: %s
          valuesFiles: [release-values.yaml]
          stampValues: {%s}
          smokePath: /healthz
        stamps:
          - {name: seattle, hub: seattle}
          - {name: denver, hub: denver}
          - {name: austin, hub: austin}
        waves:
          - name: canary
            stamps: [seattle]
            gate: {approvers: ["%s"], minApprovals: 1, allowRequester: true, timeout: 1h}
          - {name: rest, stamps: [denver, austin], maxParallel: 2}
        traffic:
          provider: azure-traffic-manager
          profile: %s
          restoreSteps: [10, 50, 100]
          bake: 1s
        maxFailedStamps: 1
        """.formatted(number, ns, work.resolve("charts").resolve("demo"), point.crashingStamp() ? CRASHING + ": {crash: 'true'}" : "", user,
        SimulatedCloud.TRAFFIC_PROFILE));
    ReleaseSetup setup = ReleaseSetup.load(plan, HubsFile.load(files.hubsYaml(), Map.of()), w -> { });
    ReleaseBench.installProduction(cloud, setup);
    TrafficState now = setup.traffic().read();
    Map<String, EndpointSetting> all = new LinkedHashMap<>();
    now.endpoints().forEach(e -> all.put(e.name(), EndpointSetting.enabled(WEIGHT)));
    setup.traffic().apply(now, TrafficChange.of(all, "chaos", "round " + number + ": every stamp serving"));
    DemoCommand.awaitServing(setup, new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    return new Round(number, point, dir, ns, plan, setup);
  }

  /** The release's arguments for the CLI. */
  public List<String> releaseArgs(Round round) {
    return List.of("release", "--plan", round.plan().toString(), "--config", files.hubsYaml().toString(), "--state", round.stateFile().toString(),
        "--out", round.dir().toString(), "--auto-approve", "--dns-wait", "100ms", "--poll", "100ms", "--timeout", "2m");
  }

  /** Whether Helm is writing a revision of the round's release right now on any stamp (its record is {@code pending-*}). */
  public boolean helmWriting(Round round) {
    return cloud.hubs().stream().anyMatch(h -> helmRecords(h.name(), round.namespace()).stream()
        .anyMatch(s -> s.getMetadata().getLabels().getOrDefault("status", "").startsWith("pending-")));
  }

  List<Secret> helmRecords(String stamp, String ns) {
    return cloud.hub(stamp).cluster().client().secrets().inNamespace(ns).withLabels(Map.of("owner", "helm", "name", "demo")).list().getItems();
  }

  /** What is wrong with the world after the round's re-run; empty when the release converged truthfully. */
  public List<String> verify(Round round) throws IOException {
    List<String> problems = new ArrayList<>();
    boolean crash = round.point().crashingStamp();
    TrafficState traffic = round.setup().traffic().read();
    for (String stamp : List.of("seattle", "denver", "austin")) {
      boolean failed = crash && stamp.equals(CRASHING);
      List<String> statuses = helmRecords(stamp, round.namespace()).stream()
          .sorted((a, b) -> Integer.compare(version(a), version(b))).map(s -> version(s) + ":" + s.getMetadata().getLabels().get("status")).toList();
      if (statuses.stream().anyMatch(s -> s.contains(":pending-"))) {
        problems.add(stamp + ": a Helm revision is still pending " + statuses);
      }
      if (statuses.stream().filter(s -> s.endsWith(":deployed")).count() != 1) {
        problems.add(stamp + ": not exactly one deployed Helm revision " + statuses);
      }
      if (failed && statuses.stream().noneMatch(s -> s.endsWith(":failed"))) {
        problems.add(stamp + ": the crashing revision is not marked failed " + statuses);
      }
      String image = image(stamp, round.namespace());
      String want = "registry.local/demo-web:" + (failed ? "1.0.0" : "1.1.0");
      if (!want.equals(image)) {
        problems.add(stamp + ": web runs " + image + ", expected " + want);
      }
      EndpointState e = traffic.endpoint(stamp).orElse(null);
      if (e == null || e.enabled() == failed || !failed && e.weight() != WEIGHT) {
        problems.add(stamp + ": traffic is " + (e == null ? "missing" : e.setting()) + ", expected "
            + (failed ? "drained (the stamp failed)" : EndpointSetting.enabled(WEIGHT)));
      }
    }
    problems.addAll(recordAgrees(round, crash));
    problems.addAll(leftovers(round.dir(), round.tmp()));
    return problems;
  }

  private List<String> recordAgrees(Round round, boolean crash) throws IOException {
    Path file = round.dir().resolve("release.json");
    if (!Files.exists(file)) {
      return List.of("release.json was not written");
    }
    JsonNode record = JSON.readTree(file.toFile());
    List<String> problems = new ArrayList<>();
    String result = record.path("result").asText();
    if (crash ? result.equals("SUCCEEDED") : !result.equals("SUCCEEDED")) {
      problems.add("release.json says " + result);
    }
    for (JsonNode s : record.path("stamps")) {
      String want = crash && s.path("stamp").asText().equals(CRASHING) ? "FAILED" : "SUCCEEDED";
      if (!s.path("result").asText().equals(want)) {
        problems.add("release.json says " + s.path("stamp").asText() + " " + s.path("result").asText() + ", expected " + want);
      }
    }
    return problems;
  }

  /** Temporary files of the release (state writes, in {@code dir}) and of Helm (private directories, kubeconfig copies, in {@code tmp}) left. */
  static List<String> leftovers(Path dir, Path tmp) throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> problems.add("left behind: " + p));
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      files.filter(p -> p.getFileName().toString().startsWith("stamp-helm-") || p.getFileName().toString().equals("kubeconfig"))
          .forEach(p -> problems.add("left behind: " + p));
    }
    return problems;
  }

  private String image(String stamp, String ns) {
    var d = cloud.hub(stamp).cluster().client().apps().deployments().inNamespace(ns).withName("web").get();
    return d == null ? "nothing" : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static int version(Secret s) {
    return Integer.parseInt(s.getMetadata().getLabels().getOrDefault("version", "0"));
  }

  @Override
  public void close() {
    cloud.close();
  }
}
