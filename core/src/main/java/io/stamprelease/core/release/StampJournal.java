package io.stamprelease.core.release;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepResult;
import java.util.function.Consumer;

/**
 * One stamp's entry in the journaled release state, and its report lanes: every change a {@link StampProcedure} makes
 * goes through here, is written to the state file before the next action, and is told to the listener.
 */
final class StampJournal {
  private final ReleaseContext ctx;
  private final String stamp;

  StampJournal(ReleaseContext ctx, String stamp) {
    this.ctx = ctx;
    this.stamp = stamp;
  }

  StampPhase phase() {
    return ctx.store().read(s -> s.stamps.get(stamp).phase);
  }

  LanePhase lane() {
    return ctx.store().read(s -> s.stamps.get(stamp).lane);
  }

  /** Whether a step of this stamp was journaled and has not ended. */
  boolean inFlight() {
    return ctx.store().read(s -> s.stamps.get(stamp).checkpoint) != null;
  }

  /** The checkpoint of the step in flight, as journaled; null before the step's first. */
  <S> Checkpoint<S> checkpoint(Class<S> stateType) {
    String saved = ctx.store().read(s -> s.stamps.get(stamp).checkpoint);
    try {
      return saved == null ? null : CheckpointCodec.fromText(saved, stateType);
    } catch (CheckpointCodec.UnreadableCheckpointException e) {
      throw InvalidInputException.of("release state", ReleaseField.STATE, "stamps." + stamp + ".checkpoint cannot be continued from: "
          + e.getMessage());
    }
  }

  /** The step in flight ended: its checkpoint is dropped (the phase's next step starts from a fresh plan). */
  void stepEnded() {
    ctx.store().update(s -> s.stamps.get(stamp).checkpoint = null);
  }

  /** Saves the step's checkpoint, so a run killed after this continues from it. */
  void save(Checkpoint<?> cp, int percent) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.checkpoint = CheckpointCodec.toText(cp);
      sp.percent = Math.max(sp.percent, percent);
    });
    emit();
  }

  void update(Consumer<StampProgress> change) {
    ctx.store().update(s -> change.accept(s.stamps.get(stamp)));
  }

  /** Enters {@code phase} and opens its first report lane. */
  void enter(StampPhase phase, LanePhase lane, String message, Consumer<StampProgress> also) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      also.accept(sp);
      sp.phase = phase;
      sp.checkpoint = null;
      sp.message = message;
      sp.lane = lane;
      s.record.settle(stamp, ReleaseRecord.Result.RUNNING);
      s.record.started(lane.label(), stamp, sp.hub, sp.wave, ctx.clock().instant());
    });
    emit();
  }

  void startLane(LanePhase lane) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.lane = lane;
      s.record.started(lane.label(), stamp, sp.hub, sp.wave, ctx.clock().instant());
    });
  }

  void end(LanePhase lane, Outcome.Status status, String message, StepResult result) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      s.record.add(new StepEnded(lane.step(), lane.label(), stamp, sp.hub, sp.wave, null, ctx.clock().instant(), status, message, result));
      sp.lane = null;
    });
  }

  /** The stamp failed; {@code lane} (null: none open) ends FAILED with the message and the result's reasons. */
  void fail(LanePhase lane, String message, StepResult result) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      if (lane != null) {
        s.record.add(new StepEnded(lane.step(), lane.label(), stamp, sp.hub, sp.wave, null, ctx.clock().instant(), Outcome.Status.FAILED,
            message, result));
      }
      sp.phase = StampPhase.FAILED;
      sp.lane = null;
      sp.checkpoint = null;
      sp.message = message;
      s.record.settle(stamp, ReleaseRecord.Result.FAILED);
    });
    emit();
    ctx.listener().line(stamp + " FAILED: " + message);
  }

  void succeed() {
    String message = ctx.store().read(s -> "released: revision " + s.stamps.get(stamp).helmRevision + ", traffic restored to "
        + s.stamps.get(stamp).restoreTo);
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.phase = StampPhase.SUCCEEDED;
      sp.percent = 100;
      sp.checkpoint = null;
      sp.lane = null;
      sp.message = message;
      s.record.settle(stamp, ReleaseRecord.Result.SUCCEEDED);
    });
    emit();
    ctx.listener().line(stamp + ": " + message);
  }

  /** A step's progress line becomes the stamp's message. */
  void progress(ProgressEvent event) {
    ctx.store().update(s -> s.stamps.get(stamp).message = event.phase() + ": " + event.message());
    emit();
  }

  private void emit() {
    ReleaseListener.StampStatus status = ctx.store().read(s -> {
      StampProgress sp = s.stamps.get(stamp);
      return new ReleaseListener.StampStatus(sp.stamp, sp.wave, sp.phase, sp.percent, sp.message);
    });
    ctx.listener().stampChanged(status);
  }
}
