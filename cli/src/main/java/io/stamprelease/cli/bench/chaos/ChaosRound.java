package io.stamprelease.cli.bench.chaos;

import io.stamprelease.cli.bench.chaos.ChaosWorld.Round;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One round: {@code stamp release} started as a child process, killed with SIGKILL when the round's {@link KillPoint}
 * is reached, then run again to its end; the world is then verified. A point the release never reached is reported as
 * not hit, not as a pass.
 */
public final class ChaosRound {
  /** Far more than a release of three stamps takes on this world; a run past it is a hang, reported as such. */
  static final Duration RUN_LIMIT = Duration.ofMinutes(4);

  private ChaosRound() {
  }

  /** What a round found: whether the kill landed where it was meant to, the re-run's exit code, and every problem left. */
  public record Result(int round, KillPoint point, boolean hit, String killedAt, int rerunExit, List<String> problems, Duration took) {
    public boolean converged() {
      return rerunExit >= 0 && problems.isEmpty();
    }
  }

  /** How to start {@code stamp} in a child JVM from here. */
  public static List<String> launcher() {
    return StampProcess.launcher();
  }

  public static Result run(ChaosWorld world, Round round, List<String> launcher, Random random) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path home = Files.createDirectories(round.dir().resolve("home"));
    CountDownLatch reached = new CountDownLatch(1);
    String[] at = {null};
    Predicate<String> point = linePoint(round.point());
    StampProcess first = StampProcess.start(launcher, world.releaseArgs(round), home, round.tmp(), line -> {
      if (point.test(line) && at[0] == null) {
        at[0] = line.strip();
        reached.countDown();
      }
    });
    if (round.point() == KillPoint.HELM_WRITE) {
      watchHelmWrites(world, round, first, reached, at);
    }
    boolean hit = awaitPoint(first, reached);
    if (hit) {
      long extra = extraDelayMillis(round.point(), random);
      if (extra > 0) {
        Thread.sleep(extra); // a fixed offset into the phase the point names, not a wait for a condition
      }
      first.kill();
    } else {
      first.await(RUN_LIMIT);
    }
    int exit = StampProcess.start(launcher, world.releaseArgs(round), home, round.tmp(), line -> { }).await(RUN_LIMIT);
    List<String> problems = new ArrayList<>(world.verify(round));
    if (exit < 0) {
      problems.add("the re-run did not end within " + RUN_LIMIT.toMinutes() + " min");
    } else if (exit != (round.point().crashingStamp() ? 1 : 0)) {
      problems.add("the re-run exited " + exit);
    }
    return new Result(round.number(), round.point(), hit, at[0], exit, problems, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Waits until the point is reached or the first run ends by itself. */
  static boolean awaitPoint(StampProcess first, CountDownLatch reached) throws InterruptedException {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (reached.await(100, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (!first.alive()) {
        return reached.getCount() == 0;
      }
    }
    return false;
  }

  /** Polls the stamps' Helm records while the first run lives: a {@code pending-*} record is Helm writing. */
  private static void watchHelmWrites(ChaosWorld world, Round round, StampProcess first, CountDownLatch reached, String[] at) {
    Thread t = new Thread(() -> {
      while (first.alive() && reached.getCount() > 0) {
        if (world.helmWriting(round)) {
          at[0] = "a Helm revision pending-upgrade";
          reached.countDown();
          return;
        }
        Thread.onSpinWait();
      }
    }, "chaos-helm-watch");
    t.setDaemon(true);
    t.start();
  }

  /** The progress line that marks each point (HELM_WRITE is found in the cluster instead). */
  static Predicate<String> linePoint(KillPoint point) {
    return switch (point) {
      case DRAIN -> l -> l.contains(" DRAINING ");
      case HELM_WRITE -> l -> false;
      case TRACKING -> l -> l.contains("upgrade: helm upgrade --install created revision");
      case ROLLBACK -> l -> l.contains("failed; running rollback");
      case RESTORE, BAKE -> l -> l.contains(" RESTORING ");
      case GATE -> l -> l.contains("gate of wave canary");
      case CLUSTER_DEPLOY, SCALE_IN -> l -> false; // found in the hub's ARM journal (ClusterChaosRound)
    };
  }

  /** How far into the phase to kill: the bake follows the first restore change; the others are killed as soon as seen, or a little later. */
  static long extraDelayMillis(KillPoint point, Random random) {
    return switch (point) {
      case BAKE -> 700 + random.nextInt(300);
      case DRAIN, TRACKING, ROLLBACK, RESTORE, CLUSTER_DEPLOY -> random.nextInt(200);
      case HELM_WRITE, GATE, SCALE_IN -> 0;
    };
  }
}
