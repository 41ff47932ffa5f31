package io.stamprelease.cli.bench;

import io.stamprelease.cli.bench.chaos.ChaosRound;
import io.stamprelease.cli.bench.chaos.ChaosWorld;
import io.stamprelease.cli.bench.chaos.ClusterChaosRound;
import io.stamprelease.cli.bench.chaos.KillPoint;
import io.stamprelease.cli.support.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp bench chaos`: kill -9 a real `stamp release` at random points, run it again, and check the world converged truthfully. */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs `stamp release` as a child process against simulated hubs, kills it with SIGKILL at a point chosen by the seed "
        + "(drain, Helm write, tracking, rollback of a crashing stamp, restore, bake, gate; and, from a bare hub, the cluster deployment "
        + "and the scale-in), runs it again to its end and checks, through the simulator: one deployed Helm revision per stamp with the "
        + "intended image, no pending revision, the failed one failed, traffic as before (a failed stamp drained), one cluster deployment "
        + "and no orphan VM, NIC, disk or Node, release.json agreeing with what is live, nothing left behind.",
        "Prints each kill and the totals; exits 0 only when every round converged."})
public final class ChaosBench implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--kills", defaultValue = "7", paramLabel = "N", description = "How many rounds (one kill each). Default: ${DEFAULT-VALUE}.")
  int kills;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the points and offsets; the same seed repeats a run. Default: random (printed).")
  Long seed;

  @Option(names = "--points", split = ",", paramLabel = "P[,P…]", description = "The points the seed chooses among. Default: all of "
      + "drain, helm-write, tracking, rollback, restore, bake, gate, cluster-deploy, scale-in.")
  List<String> points;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where rounds keep their plans, states and reports. Default: a new temporary directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (kills < 1) {
      spec.commandLine().getErr().println("--kills: must be 1 or more (was " + kills + ")");
      return ExitCode.INVALID_INPUT;
    }
    List<KillPoint> choice = new ArrayList<>();
    for (String label : points == null ? List.<String>of() : points) {
      Optional<KillPoint> point = KillPoint.of(label.trim());
      if (point.isEmpty()) {
        spec.commandLine().getErr().println("--points: unknown point '" + label.trim() + "' (allowed: " + KillPoint.labels() + ")");
        return ExitCode.INVALID_INPUT;
      }
      choice.add(point.get());
    }
    if (choice.isEmpty()) {
      choice.addAll(List.of(KillPoint.values()));
    }
    long s = seed != null ? seed : new Random().nextLong();
    Random random = new Random(s);
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("stamp-bench-chaos-");
    out.printf("stamp bench chaos: %d kill(s), seed %d, in %s%n", kills, s, work);
    out.flush();
    List<ChaosRound.Result> results = new ArrayList<>();
    try (ChaosWorld world = ChaosWorld.start(work)) {
      for (int i = 1; i <= kills; i++) {
        KillPoint point = choice.get(random.nextInt(choice.size()));
        ChaosRound.Result r = point.clusterRound() ? ClusterChaosRound.run(work, i, point, ChaosRound.launcher(), random)
            : ChaosRound.run(world, world.prepare(i, point), ChaosRound.launcher(), random);
        results.add(r);
        out.printf("kill %d/%d at %-14s %s; re-run exit %d; %s (%.0f s)%n", i, kills, point.label(),
            r.hit() ? "hit (" + r.killedAt() + ")" : "not reached", r.rerunExit(), r.converged() ? "converged" : "NOT converged: "
                + String.join("; ", r.problems()), r.took().toMillis() / 1000.0);
        out.flush();
      }
    }
    return summary(out, results);
  }

  static int summary(PrintWriter out, List<ChaosRound.Result> results) {
    Map<KillPoint, Integer> hits = new EnumMap<>(KillPoint.class);
    results.stream().filter(ChaosRound.Result::hit).forEach(r -> hits.merge(r.point(), 1, Integer::sum));
    long converged = results.stream().filter(ChaosRound.Result::converged).count();
    out.printf("kills %d, points hit %d (%s), converged %d, failures %d%n", results.size(), hits.values().stream().mapToInt(i -> i).sum(),
        String.join(", ", hits.entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue()).toList()), converged,
        results.size() - converged);
    out.println("target: every round converged — " + (converged == results.size() ? "met" : "missed"));
    out.flush();
    return converged == results.size() ? 0 : 1;
  }
}
