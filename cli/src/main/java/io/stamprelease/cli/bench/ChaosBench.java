package io.stamprelease.cli.bench;

import io.stamprelease.cli.bench.chaos.ChaosRound;
import io.stamprelease.cli.bench.chaos.ChaosWorld;
import io.stamprelease.cli.bench.chaos.KillPoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp bench chaos`: kill -9 a real `stamp release` at random points, run it again, and check the world converged truthfully. */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs `stamp release` as a child process against simulated hubs, kills it with SIGKILL at a point chosen by the seed "
        + "(drain, Helm write, tracking, rollback of a crashing stamp, restore, bake, gate), runs it again to its end and checks, through "
        + "the simulator: one deployed Helm revision per stamp with the intended image, no pending revision, the failed one failed, "
        + "traffic as before (a failed stamp drained), release.json agreeing with what is live, nothing left behind.",
        "Prints each kill and the totals; exits 0 only when every round converged."})
public final class ChaosBench implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--kills", defaultValue = "7", paramLabel = "N", description = "How many rounds (one kill each). Default: ${DEFAULT-VALUE}.")
  int kills;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the points and offsets; the same seed repeats a run. Default: random (printed).")
  Long seed;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where rounds keep their plans, states and reports. Default: a new temporary directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (kills < 1) {
      spec.commandLine().getErr().println("error: --kills must be 1 or more (was " + kills + ")");
      return 2;
    }
    long s = seed != null ? seed : new Random().nextLong();
    Random random = new Random(s);
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("stamp-bench-chaos-");
    out.printf("stamp bench chaos: %d kill(s), seed %d, in %s%n", kills, s, work);
    out.flush();
    List<ChaosRound.Result> results = new ArrayList<>();
    try (ChaosWorld world = ChaosWorld.start(work)) {
      KillPoint[] points = KillPoint.values();
      for (int i = 1; i <= kills; i++) {
        KillPoint point = points[random.nextInt(points.length)];
        ChaosRound.Result r = ChaosRound.run(world, world.prepare(i, point), ChaosRound.launcher(), random);
        results.add(r);
        out.printf("kill %d/%d at %-10s %s; re-run exit %d; %s (%.0f s)%n", i, kills, point.label(),
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
