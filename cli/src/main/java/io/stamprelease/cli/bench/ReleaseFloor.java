package io.stamprelease.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical floor of a release: what it cannot beat whatever our overhead, from its configured inputs only (never
 * from what the run measured). Per stamp: the drain's DNS wait, the rollout's pod start + readiness delay, the restore's
 * PROBE step DNS wait (when the drained endpoint is re-enabled at weight 1 first), and per restore step its DNS wait
 * plus the bake. Per wave: its slowest stamp (a wave's stamps run in parallel, maxParallel = wave size). Total: Σ
 * over waves, plus the time its gates take (0 when auto-approved).
 *
 * @param drainDnsWait   the DNS wait after the drain
 * @param podStart       simulated kubelet: pod bound → containers running
 * @param readyAfter     containers running → Ready (the release's {@code slow:} behaviour)
 * @param probeDnsWait   the DNS wait after the restore's PROBE step (zero when there is none)
 * @param restoreSteps   weight steps of the restore, each followed by {@code stepDnsWait} and {@code bake}
 */
public record ReleaseFloor(Duration drainDnsWait, Duration podStart, Duration readyAfter, Duration probeDnsWait, int restoreSteps,
    Duration stepDnsWait, Duration bake) {

  /** One stamp's inherent time. */
  public Duration stamp() {
    return drainDnsWait.plus(rollout()).plus(probeDnsWait).plus(restore());
  }

  /** The rollout's inherent time: the new pods' start and readiness (every Deployment of the chart in parallel). */
  public Duration rollout() {
    return podStart.plus(readyAfter);
  }

  /** The restore's inherent time after its PROBE step: restoreSteps × (DNS wait + bake). */
  public Duration restore() {
    return stepDnsWait.plus(bake).multipliedBy(restoreSteps);
  }

  /** Σ over waves of the wave's slowest stamp, plus the gates' time. */
  public static Duration total(List<List<Duration>> waves, Duration gates) {
    Duration sum = gates;
    for (Duration wave : perWave(waves)) {
      sum = sum.plus(wave);
    }
    return sum;
  }

  /** Each wave's floor: its slowest stamp (zero for an empty wave). */
  public static List<Duration> perWave(List<List<Duration>> waves) {
    List<Duration> out = new ArrayList<>();
    for (List<Duration> stamps : waves) {
      out.add(stamps.stream().max(Duration::compareTo).orElse(Duration.ZERO));
    }
    return out;
  }

  /** measured / floor (infinite for a zero floor). */
  public static double ratio(Duration measured, Duration floor) {
    return floor.isZero() ? Double.POSITIVE_INFINITY : (double) measured.toNanos() / floor.toNanos();
  }

  /** {@code d} × {@code scale}, to the millisecond. */
  public static Duration scaled(Duration d, double scale) {
    return Duration.ofMillis(Math.round(d.toMillis() * scale));
  }
}
