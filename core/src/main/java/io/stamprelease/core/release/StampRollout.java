package io.stamprelease.core.release;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import java.util.function.Consumer;

/** How a stamp's rollout runs: {@link #HELM}, core's {@code helmRollout} against the stamp's cluster (a seam: tests run a fake). */
@FunctionalInterface
public interface StampRollout {
  /**
   * Runs the rollout of {@code request} to its end on {@code engine}, from {@code from} when it was journaled before (null:
   * from the start), handing every checkpoint to {@code journal} — the first one too.
   */
  Outcome<HelmRolloutState> run(HelmRolloutRequest request, Engine engine, Checkpoint<HelmRolloutState> from, String stamp,
      Engine.Cancellation cancellation, Consumer<Checkpoint<HelmRolloutState>> journal);

  StampRollout HELM = (request, engine, from, stamp, cancellation, journal) -> {
    try (HelmRollout rollout = new HelmRollout(request)) {
      Step<HelmRolloutState> step = rollout.step();
      Checkpoint<HelmRolloutState> start = from != null ? from : engine.start(step, rollout.initialState());
      journal.accept(start);
      return engine.run(step, start, stamp, cancellation, journal);
    }
  };
}
