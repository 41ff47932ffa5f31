package io.stamprelease.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The arithmetic of the benchmarks' figures (percentiles, ratios, durations as printed); pure, so it is unit-tested. */
final class BenchStats {
  private BenchStats() {
  }

  /**
   * Nearest-rank percentile: the smallest sample with at least {@code p} % of the samples at or below it
   * (p50 of 20 samples is the 10th smallest, p95 the 19th).
   */
  static Duration percentile(List<Duration> samples, double p) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    List<Duration> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  static Duration max(List<Duration> samples) {
    return Collections.max(samples);
  }

  /**
   * How many times longer {@code slow} took than {@code fast}. A {@code fast} figure below one millisecond (our
   * watch and the step's informers see the same API server, so it can even be a hair negative) counts as 1 ms,
   * which keeps the ratio finite and on the modest side.
   */
  static double ratio(Duration slow, Duration fast) {
    double fastMillis = Math.max(1.0, fast.toNanos() / 1e6);
    return slow.toNanos() / 1e6 / fastMillis;
  }

  /** {@code 87 ms}, {@code 1.24 s}, {@code 300.1 s}. */
  static String human(Duration d) {
    long nanos = d.toNanos();
    double ms = nanos / 1e6;
    if (Math.abs(ms) < 1000) {
      return String.format("%d ms", Math.round(ms));
    }
    double s = ms / 1000;
    return Math.abs(s) < 100 ? String.format("%.2f s", s) : String.format("%.1f s", s);
  }
}
