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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

  /** Enters {@code phase} and opens its first report lane. */
  void enter(StampPhase phase, LanePhase lane, String message, Consumer<StampProgress> also) {
    change().enter(phase, lane, message, also).write();
  }

  void startLane(LanePhase lane) {
    change().start(lane).write();
  }

  /** The stamp failed; {@code lane} (null: none open) ends FAILED with the message and the result's reasons. */
  void fail(LanePhase lane, String message, StepResult result) {
    change().fail(lane, message, result).write();
  }

  /**
   * Changes of this stamp made in one write of the state file, so that a run killed between them cannot exist: a lane
   * ended and the next phase entered, a lane ended and the stamp settled. (Written one by one, a kill between the two
   * left a stamp whose lane had ended in a phase that had not: its re-run recorded the lane twice, or found no lane to end.)
   */
  Change change() {
    return new Change();
  }

  final class Change {
    private final List<Consumer<ReleaseState>> edits = new ArrayList<>();
    private final List<Supplier<String>> lines = new ArrayList<>();
    private boolean told;
    private String released;

    /** Ends {@code lane} in the report; null: it ended before a restart, and is not recorded again. */
    Change end(LanePhase lane, Outcome.Status status, String message, StepResult result) {
      if (lane != null) {
        edits.add(s -> {
          StampProgress sp = s.stamps.get(stamp);
          s.record.add(new StepEnded(lane.step(), lane.label(), stamp, sp.hub, sp.wave, null, ctx.clock().instant(), status, message, result));
          sp.lane = null;
        });
      }
      return this;
    }

    /** Enters {@code phase} (its step's checkpoint dropped) and opens its first report lane. */
    Change enter(StampPhase phase, LanePhase lane, String message, Consumer<StampProgress> also) {
      edits.add(s -> {
        StampProgress sp = s.stamps.get(stamp);
        also.accept(sp);
        sp.phase = phase;
        sp.checkpoint = null;
        sp.message = message;
        s.record.settle(stamp, ReleaseRecord.Result.RUNNING);
      });
      told = true;
      return start(lane);
    }

    /** Opens report lane {@code lane} in the current phase. */
    Change start(LanePhase lane) {
      edits.add(s -> {
        StampProgress sp = s.stamps.get(stamp);
        sp.lane = lane;
        s.record.started(lane.label(), stamp, sp.hub, sp.wave, ctx.clock().instant());
      });
      return this;
    }

    /** Any other change of the stamp's progress, in the same write. */
    Change also(Consumer<StampProgress> change) {
      edits.add(s -> change.accept(s.stamps.get(stamp)));
      return this;
    }

    /** The stamp failed; {@code lane} (null: none open) ends FAILED with the message and the result's reasons. */
    Change fail(LanePhase lane, String message, StepResult result) {
      end(lane, Outcome.Status.FAILED, message, result);
      edits.add(s -> settle(s, StampPhase.FAILED, ReleaseRecord.Result.FAILED, message));
      lines.add(() -> stamp + " FAILED: " + message);
      told = true;
      return this;
    }

    /** The stamp is released: its revision, and the traffic it was given back. */
    Change succeed() {
      edits.add(s -> {
        StampProgress sp = s.stamps.get(stamp);
        released = "released: revision " + sp.helmRevision + ", traffic restored to " + sp.restoreTo;
        sp.percent = 100;
        settle(s, StampPhase.SUCCEEDED, ReleaseRecord.Result.SUCCEEDED, released);
      });
      lines.add(() -> stamp + ": " + released);
      told = true;
      return this;
    }

    /** The stamp ended: its phase and result, no lane or step in flight. */
    private void settle(ReleaseState s, StampPhase phase, ReleaseRecord.Result result, String message) {
      StampProgress sp = s.stamps.get(stamp);
      sp.phase = phase;
      sp.lane = null;
      sp.checkpoint = null;
      sp.message = message;
      s.record.settle(stamp, result);
    }

    /** Makes every change in one write of the state file, then tells the listener. */
    void write() {
      ctx.store().update(s -> edits.forEach(edit -> edit.accept(s)));
      if (told) {
        emit();
      }
      lines.forEach(line -> ctx.listener().line(line.get()));
    }
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
