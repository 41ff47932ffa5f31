package io.stamprelease.core.release;

import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.ProgressListener;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.traffic.TrafficProvider;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every part of a running release shares, by name: the plan (and the folder its files are relative to), the
 * traffic provider and profile, the run's options, the state store, who listens, the clock and how to wait (one clock for
 * every engine: tests pass a fake), the cancellation, and the three seams to the clusters and their hubs.
 */
public record ReleaseContext(ReleasePlan plan, Path planDir, TrafficProvider traffic, String profile, ReleaseOptions options,
    ReleaseStateStore store, ReleaseListener listener, Clock clock, Sleeper sleeper, Engine.Cancellation cancellation, StampRollout rollouts,
    NodeCounter nodes, StampCluster clusters) {

  /** A release whose plan has no {@code cluster:} (its stamps' cluster phases never run). */
  public ReleaseContext(ReleasePlan plan, Path planDir, TrafficProvider traffic, String profile, ReleaseOptions options,
      ReleaseStateStore store, ReleaseListener listener, Clock clock, Sleeper sleeper, Engine.Cancellation cancellation, StampRollout rollouts,
      NodeCounter nodes) {
    this(plan, planDir, traffic, profile, options, store, listener, clock, sleeper, cancellation, rollouts, nodes, StampCluster.NONE);
  }

  /** An engine on the release's clock whose progress events go to {@code progress}. */
  Engine engine(ProgressListener progress) {
    return new Engine(clock, sleeper, progress);
  }
}
