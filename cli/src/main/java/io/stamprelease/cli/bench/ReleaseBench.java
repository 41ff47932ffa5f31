package io.stamprelease.cli.bench;

import io.stamprelease.cli.release.DemoCommand;
import io.stamprelease.cli.release.PromptGate;
import io.stamprelease.cli.release.ReleaseCommand;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.DurationConverter;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.release.ReleaseListener;
import io.stamprelease.core.release.ReleaseOptions;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.release.ReleaseState;
import io.stamprelease.core.release.ReleaseStateFile;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.Weights;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `stamp bench release`: a whole release (the CLI's {@link ReleaseCommand#run} path, in-process, gates auto-approved)
 * of the demo chart over 10 stamps in 3 waves on simulated hubs whose inherent durations are known — pods Ready a fixed
 * time after they start, a fixed bake and a fixed DNS wait. Its wall time is compared with the physical floor computed
 * from those inputs alone ({@link ReleaseFloor}): Σ over waves of the slowest stamp's inherent time. Target: wall /
 * floor ≤ 1.05. Starting the hubs and installing the production version are not measured.
 *
 * <p>It lives in this package, not in {@code cli.bench}, because it runs the package-private release path of the CLI.
 */
@Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Wall time of a release (stamp release, gates auto-approved; by default 10 stamps in 3 waves) against its physical floor, on simulated hubs.",
        "Floor = sum over waves of the slowest stamp's inherent time (drain DNS wait + pod start and readiness + probe DNS wait "
            + "+ restore steps x (DNS wait + bake)); gates cost 0 when auto-approved. Target: wall / floor <= 1.05.",
        "--scale multiplies the inherent durations (readiness, bake, DNS wait), so that they, not our fixed overheads, dominate."})
public final class ReleaseBench implements Callable<Integer> {
  static final double TARGET = 1.05;
  static final int MAX_HUBS = 12;

  @Spec
  CommandSpec spec;

  @Option(names = "--waves", split = ",", defaultValue = "1,3,6", paramLabel = "N",
      description = "Stamps per wave (maxParallel = wave size; at most " + MAX_HUBS + " stamps in all). Default: ${DEFAULT-VALUE}.")
  List<Integer> waves;

  @Option(names = "--scale", defaultValue = "10", paramLabel = "FACTOR", description = {"Multiply the inherent durations below (not the pod start) by this. Default: ${DEFAULT-VALUE}",
      "(10 s readiness, 10 s bake, 5 s DNS wait: about 4 minutes; at 1 the fixed cost of each Helm call is as large as the waits)."})
  double scale;

  @Option(names = "--ready-after", converter = DurationConverter.class, defaultValue = "1s", paramLabel = "DURATION",
      description = "New pods turn Ready this long after they start (simulator behaviour slow:<d>), before --scale. Default: ${DEFAULT-VALUE}.")
  Duration readyAfter;

  @Option(names = "--bake", converter = DurationConverter.class, defaultValue = "1s", paramLabel = "DURATION",
      description = "traffic.bake of the plan, before --scale. Default: ${DEFAULT-VALUE}.")
  Duration bake;

  @Option(names = "--dns-wait", converter = DurationConverter.class, defaultValue = "500ms", paramLabel = "DURATION",
      description = "The DNS wait after every traffic change (stamp release --dns-wait), before --scale. Default: ${DEFAULT-VALUE}.")
  Duration dnsWait;

  @Option(names = "--poll", converter = DurationConverter.class, defaultValue = "100ms", paramLabel = "DURATION",
      description = "How often the health gate reads Traffic Manager (stamp release --poll). Default: ${DEFAULT-VALUE}.")
  Duration poll;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the plan, state and release.json go (kept; the simulated hubs' "
      + "credentials are deleted at the end). Default: a private directory of this run, deleted when it ends.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int stamps = waves.stream().mapToInt(Integer::intValue).sum();
    if (waves.isEmpty() || waves.stream().anyMatch(n -> n < 1) || stamps > MAX_HUBS || !(scale > 0)) {
      err.println("error: --waves needs sizes of 1 or more, " + MAX_HUBS + " stamps at most in all; --scale must be above 0");
      return 2;
    }
    Duration ready = ReleaseFloor.scaled(readyAfter, scale);
    Duration bakeTime = ReleaseFloor.scaled(bake, scale);
    Duration dns = ReleaseFloor.scaled(dnsWait, scale);
    Console console = new Console(out, err);
    HelmProcessEnvironment.prepare(); // before the first Helm call
    Path work = dir != null ? Files.createDirectories(dir) : RunDirectory.current().newPrivateDirectory("bench-release-");
    HubSettings settings = HubSettings.fast();
    long setupStart = System.nanoTime();
    List<Path> credentials = List.of();
    try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(stamps, settings, s -> { })) {
      credentials = DemoCommand.credentialFiles(work, cloud);
      SimConfigFiles files = cloud.writeConfig(work);
      DemoCommand.extractChart(work.resolve("charts").resolve("demo"));
      List<List<String>> plan = waves(cloud.hubs());
      Path planFile = writePlan(work, plan, ready, bakeTime);
      ReleaseSetup setup = ReleaseSetup.load(planFile, HubsFile.load(files.hubsYaml(), System.getenv()), console::progress);
      installProduction(cloud, setup);
      DemoCommand.awaitServing(setup, console);
      Map<String, Integer> weights = new LinkedHashMap<>();
      for (EndpointState e : setup.traffic().read().endpoints()) {
        weights.put(e.name(), e.weight());
      }
      out.printf("stamp bench release: %d stamps in waves %s on simulated hubs (set-up %.1f s, not measured), scale %s%n", stamps, waves,
          (System.nanoTime() - setupStart) / 1e9, fmt(scale));
      out.printf("  inputs: pods Ready %s after start (+ pod start %s), bake %s, DNS wait %s, restore steps %s, poll %s, gates auto-approved%n",
          human(ready), human(settings.kubelet().podStartDelay()), human(bakeTime), human(dns), setup.plan().traffic().restoreSteps(), human(poll));
      out.flush();

      Path stateFile = work.resolve("release-state.json");
      long start = System.nanoTime();
      CommandResult r = ReleaseCommand.run(console, ReleaseListener.NONE, setup, stateFile, work, GateAnswers.AUTO_APPROVE,
          PromptGate.currentUser(), null, new ReleaseOptions(dns.toString(), poll.toString(), "5m", 10, "200ms"),
          new Engine.Cancellation());
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      ReleaseState state = new ReleaseStateFile(stateFile).read();
      if (r.exitCode() != ExitCode.OK) {
        out.println(r.summary());
        out.println("verdict: the release did not succeed; nothing to judge");
        out.flush();
        return 1;
      }
      return report(out, state, plan, weights, settings, ready, bakeTime, dns, wall);
    } finally {
      DemoCommand.deleteCredentials(credentials); // the simulated hubs are gone; their kubeconfigs and secrets too
    }
  }

  private List<List<String>> waves(List<SimulatedHub> hubs) {
    List<List<String>> out = new ArrayList<>();
    int next = 0;
    for (int size : waves) {
      List<String> wave = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        wave.add(hubs.get(next++).name());
      }
      out.add(wave);
    }
    return out;
  }

  /** The floor's inputs for one stamp whose endpoint had {@code weight} before its drain (as the orchestrator's restore plan). */
  ReleaseFloor floorOf(int weight, List<Integer> restoreSteps, HubSettings settings, Duration ready, Duration bakeTime, Duration dns) {
    return new ReleaseFloor(dns, settings.kubelet().podStartDelay(), ready, dns, restoreWeightSteps(weight, restoreSteps), dns, bakeTime);
  }

  /** How many WEIGHTS steps the restore plan has after its PROBE step (weight 1): steps at or below the weight so far are skipped. */
  static int restoreWeightSteps(int weight, List<Integer> restoreSteps) {
    int count = 0;
    int current = Weights.MIN_WEIGHT;
    for (int percent : restoreSteps) {
      int w = percent == 100 ? weight : Math.max(Weights.MIN_WEIGHT, (int) Math.round(weight * percent / 100.0));
      if (w <= current && percent != 100) {
        continue;
      }
      count++;
      current = w;
    }
    return count;
  }

  private int report(PrintWriter out, ReleaseState state, List<List<String>> plan, Map<String, Integer> weights, HubSettings settings,
      Duration ready, Duration bakeTime, Duration dns, Duration wall) {
    List<Integer> restoreSteps = List.of(10, 50, 100);
    List<List<Duration>> floors = new ArrayList<>();
    ReleaseFloor example = null;
    for (List<String> wave : plan) {
      List<Duration> stampFloors = new ArrayList<>();
      for (String stamp : wave) {
        ReleaseFloor f = floorOf(weights.get(stamp), restoreSteps, settings, ready, bakeTime, dns);
        example = example == null ? f : example;
        stampFloors.add(f.stamp());
      }
      floors.add(stampFloors);
    }
    Duration floor = ReleaseFloor.total(floors, Duration.ZERO);
    List<Duration> waveFloors = ReleaseFloor.perWave(floors);
    double ratio = ReleaseFloor.ratio(wall, floor);

    out.println();
    out.printf("per stamp floor %s = drain DNS wait %s + pod start %s + Ready after %s + probe DNS wait %s + %d restore steps x (DNS wait %s + bake %s)%n",
        human(example.stamp()), human(example.drainDnsWait()), human(example.podStart()), human(example.readyAfter()),
        human(example.probeDnsWait()), example.restoreSteps(), human(example.stepDnsWait()), human(example.bake()));
    out.printf("%-8s %-6s %10s %10s %10s %7s%n", "wave", "stamps", "floor", "measured", "overhead", "ratio");
    Map<String, List<ReleaseRecord.PhaseRecord>> phases = new LinkedHashMap<>();
    state.toRecord().stamps().forEach(r -> phases.put(r.stamp(), r.phases()));
    int i = 0;
    for (ReleaseState.WaveProgress w : state.waves.values()) {
      List<String> names = plan.get(i);
      Instant first = null;
      Instant last = null;
      for (String s : names) {
        for (ReleaseRecord.PhaseRecord p : phases.get(s)) {
          first = first == null || p.start().isBefore(first) ? p.start() : first;
          last = p.end() != null && (last == null || p.end().isAfter(last)) ? p.end() : last;
        }
      }
      Duration measured = first == null || last == null ? Duration.ZERO : Duration.between(first, last);
      out.printf("%-8s %-6d %10s %10s %10s %7.3f%n", w.wave, names.size(), human(waveFloors.get(i)), human(measured),
          human(measured.minus(waveFloors.get(i))), ReleaseFloor.ratio(measured, waveFloors.get(i)));
      i++;
    }
    out.println("(a wave's measured time: its first stamp's first phase start to its last phase end, from release-state.json)");
    out.println();
    out.printf("%-28s %10s %10s %10s%n", "phase (mean over stamps)", "inherent", "measured", "overhead");
    Map<String, List<Duration>> byPhase = new LinkedHashMap<>();
    for (List<ReleaseRecord.PhaseRecord> stampPhases : phases.values()) {
      for (ReleaseRecord.PhaseRecord p : stampPhases) {
        if (p.end() != null) {
          byPhase.computeIfAbsent(p.phase(), k -> new ArrayList<>()).add(Duration.between(p.start(), p.end()));
        }
      }
    }
    Map<String, Duration> inherent = Map.of("drain", example.drainDnsWait(), "rollout", example.rollout(),
        "restore", example.probeDnsWait().plus(example.restore()));
    for (Map.Entry<String, List<Duration>> e : byPhase.entrySet()) {
      Duration mean = Duration.ofNanos((long) e.getValue().stream().mapToLong(Duration::toNanos).average().orElse(0));
      Duration in = inherent.getOrDefault(e.getKey(), Duration.ZERO);
      out.printf("%-28s %10s %10s %10s%n", e.getKey(), human(in), human(mean), human(mean.minus(in)));
    }
    Duration gates = Duration.ZERO;
    for (ReleaseState.WaveProgress w : state.waves.values()) {
      if (w.gateOpened != null && w.gateClosed != null) {
        gates = gates.plus(Duration.between(w.gateOpened, w.gateClosed));
      }
    }
    out.printf("%-28s %10s %10s%n", "gates (auto-approved)", human(Duration.ZERO), human(gates));
    out.println();
    boolean met = ratio <= TARGET;
    out.printf("wall %s   floor %s   ratio %.3f   target <= %.2f: %s   (scale %s)%n", human(wall), human(floor), ratio, TARGET,
        met ? "met" : "MISSED", fmt(scale));
    out.println("verdict: " + (met ? "target met" : "target missed"));
    out.flush();
    return met ? 0 : 1;
  }

  /** A plan over the hubs' stamps in the given waves: gates auto-approved, fixed bake, pods Ready {@code ready} after start. */
  static Path writePlan(Path work, List<List<String>> waves, Duration ready, Duration bake) throws IOException {
    Files.writeString(work.resolve("release-values.yaml"), "# the release: version 1.1.0, one replica, pods Ready a known time after start\n"
        + "replicas: 1\nbehavior: \"slow:" + ready.toMillis() + "ms\"\nweb:\n  image:\n    tag: \"1.1.0\"\napi:\n  image:\n    tag: \"1.1.0\"\n");
    StringBuilder y = new StringBuilder("# written by stamp bench release\nname: bench-release\napp:\n  release: demo\n  namespace: demo\n"
        + "  chart: charts/demo\n  version: 1.1.0\n  valuesFiles: [release-values.yaml]\n  smokePath: /healthz\nstamps:\n");
    for (List<String> wave : waves) {
      for (String s : wave) {
        y.append("  - name: ").append(s).append("\n    hub: ").append(s).append('\n');
      }
    }
    y.append("waves:\n");
    String user = PromptGate.currentUser();
    for (int i = 0; i < waves.size(); i++) {
      y.append("  - name: wave").append(i + 1).append("\n    stamps: [").append(String.join(", ", waves.get(i))).append("]\n    maxParallel: ")
          .append(waves.get(i).size()).append('\n');
      if (i < waves.size() - 1) {
        y.append("    gate:\n      approvers: [\"").append(user).append("\"]\n      minApprovals: 1\n      allowRequester: true\n      timeout: 1h\n");
      }
    }
    y.append("traffic:\n  provider: azure-traffic-manager\n  profile: ").append(SimulatedCloud.TRAFFIC_PROFILE)
        .append("\n  restoreSteps: [10, 50, 100]\n  bake: ").append(bake.toMillis()).append("ms\nmaxFailedStamps: 1\n");
    Path file = work.resolve("stamps.yaml");
    Files.writeString(file, y.toString());
    return file;
  }

  /** The plan's chart at its defaults (1.0.0), one replica, on every stamp before the release (Traffic Manager needs a healthy app for Online). */
  public static void installProduction(SimulatedCloud cloud, ReleaseSetup setup) {
    String chart = setup.planFile().toAbsolutePath().resolveSibling(setup.plan().app().chart()).toString();
    cloud.hubs().parallelStream().forEach(hub -> {
      var target = setup.targets().get(hub.name());
      HelmRolloutRequest request = new HelmRolloutInput().kubeconfigContents(target.kubeconfig()).release(setup.plan().app().release())
          .namespace(setup.plan().app().namespace()).chart(chart).createNamespace(true)
          .set(List.of("host=" + hub.appHost(SimulatedCloud.APP), "replicas=1")).timeout("2m").validate();
      try (HelmRollout rollout = new HelmRollout(request)) {
        Engine engine = Engine.system(e -> { });
        Outcome<HelmRolloutState> o = engine.run(rollout.step(), engine.start(rollout.step(), rollout.initialState()), hub.name(),
            new Engine.Cancellation());
        if (!o.succeeded()) {
          throw new IllegalStateException("installing 1.0.0 on " + hub.name() + " failed: " + o.message());
        }
      }
    });
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return Math.abs(ms) < 1000 ? ms + " ms" : String.format("%.2f s", ms / 1000.0);
  }
}
