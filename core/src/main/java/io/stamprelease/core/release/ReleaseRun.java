package io.stamprelease.core.release;

import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.stampgate.GateDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link ReleasePlan} wave by wave — the release as a front end of the steps, like the CLI and the Jenkins
 * plugin: each stamp's {@link StampProcedure} (drain → rollout → restore), up to {@code maxParallel} stamps of a wave at
 * once; after a wave, its {@link GateRound} before the next one.
 *
 * <p>Halt on failure: when {@code maxFailedStamps} stamps have failed, no further stamp starts and every later wave is
 * frozen. Resumable: every change is in the {@link ReleaseStateStore}'s file, and a new run with the same plan and state
 * file skips what ended and continues what was in flight.
 */
public final class ReleaseRun {
  private final ReleaseContext ctx;
  private final Map<String, StampTarget> targets;
  private final GateRound gates;
  private final Consumer<ReleaseRecord> recordSink;

  public ReleaseRun(ReleaseContext ctx, Map<String, StampTarget> targets, GateAnswers answers, Consumer<ReleaseRecord> recordSink) {
    this.ctx = ctx;
    this.targets = Map.copyOf(targets);
    this.gates = new GateRound(ctx, answers);
    this.recordSink = recordSink;
  }

  /** Runs (or continues) the release; returns its state, also saved. RUNNING means stopped early (cancelled, or a gate waits). */
  public ReleaseState run() {
    ctx.store().update(s -> {
      if (s.started == null) {
        s.started = ctx.clock().instant();
      }
    });
    ReleaseState state = ctx.store().read(s -> s);
    if (state.result != ReleaseRecord.Result.RUNNING) {
      ctx.listener().line("release " + state.release + " already ended " + state.result + (state.message == null ? "" : ": " + state.message)
          + " (state " + ctx.store().file().path() + "; --from STAMP runs stamps again)");
      return state;
    }
    List<ReleasePlan.Wave> waves = ctx.plan().waves();
    for (int i = 0; i < waves.size(); i++) {
      ReleasePlan.Wave wave = waves.get(i);
      WavePhase phase = ctx.store().read(s -> s.waves.get(wave.name()).phase);
      if (phase == WavePhase.DONE || phase == WavePhase.FROZEN) {
        continue;
      }
      if (ctx.cancellation().isCancelled()) {
        return stopped("stopped before wave " + wave.name());
      }
      if (phase != WavePhase.GATE) {
        ctx.store().update(s -> s.waves.get(wave.name()).phase = WavePhase.RUNNING);
        ctx.listener().line("wave " + wave.name() + ": " + String.join(", ", wave.stamps()) + " (up to " + wave.maxParallel() + " at a time)");
        runWave(wave);
        if (ctx.cancellation().isCancelled()) {
          return stopped("stopped during wave " + wave.name());
        }
        List<String> failed = failed();
        if (failed.size() >= ctx.plan().maxFailedStamps()) {
          return halt("blast-radius budget reached: " + failed.size() + " stamp(s) failed (maxFailedStamps " + ctx.plan().maxFailedStamps()
              + "): " + String.join(", ", failed) + (i < waves.size() - 1 ? "; later waves frozen" : "") + "; traffic stays on the healthy stamps");
        }
      }
      boolean last = i == waves.size() - 1;
      if (wave.gate() != null && !last) {
        GateDecision decision = gates.decide(wave);
        if (decision.status() == GateDecision.Status.PENDING) {
          String why = "gate of wave " + wave.name() + " is waiting: " + decision.message() + "; run the same command again to answer";
          ctx.store().update(s -> s.message = why);
          ctx.listener().line(why);
          publish();
          return ctx.store().read(s -> s);
        }
        if (decision.status() != GateDecision.Status.APPROVED) {
          ctx.store().update(s -> s.waves.get(wave.name()).phase = WavePhase.DONE);
          return halt("gate of wave " + wave.name() + " " + decision.message() + "; later waves frozen");
        }
      }
      ctx.store().update(s -> s.waves.get(wave.name()).phase = WavePhase.DONE);
      publish();
      ctx.listener().line("wave " + wave.name() + " done");
    }
    List<String> failed = failed();
    ctx.store().update(s -> {
      s.finished = ctx.clock().instant();
      s.result = failed.isEmpty() ? ReleaseRecord.Result.SUCCEEDED : ReleaseRecord.Result.FAILED;
      s.message = failed.isEmpty() ? "every stamp released" : "released with failed stamps: " + String.join(", ", failed);
    });
    publish();
    return ctx.store().read(s -> s);
  }

  private ReleaseState stopped(String why) {
    ctx.store().update(s -> s.message = why + "; run the same command again to continue");
    ctx.listener().line(ctx.store().read(s -> s.message));
    publish();
    return ctx.store().read(s -> s);
  }

  /** Freezes every stamp and wave not started, and ends the release HALTED. */
  private ReleaseState halt(String why) {
    List<ReleaseListener.StampStatus> frozen = new ArrayList<>();
    ctx.store().update(s -> {
      for (ReleasePlan.Wave w : ctx.plan().waves()) {
        WaveProgress wp = s.waves.get(w.name());
        if (wp.phase == WavePhase.PENDING) {
          wp.phase = WavePhase.FROZEN;
        }
        for (String name : w.stamps()) {
          StampProgress sp = s.stamps.get(name);
          if (sp.phase == StampPhase.PENDING) {
            sp.phase = StampPhase.FROZEN;
            sp.message = "frozen: the release halted";
            s.record.settle(name, ReleaseRecord.Result.HALTED);
            frozen.add(new ReleaseListener.StampStatus(sp.stamp, sp.wave, sp.phase, sp.percent, sp.message));
          }
        }
      }
      s.result = ReleaseRecord.Result.HALTED;
      s.finished = ctx.clock().instant();
      s.message = why;
    });
    frozen.forEach(ctx.listener()::stampChanged);
    ctx.listener().line("HALTED: " + why);
    publish();
    return ctx.store().read(s -> s);
  }

  private void runWave(ReleasePlan.Wave wave) {
    ExecutorService pool = Executors.newFixedThreadPool(wave.maxParallel(), r -> {
      Thread t = new Thread(r, "release-" + wave.name());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (String name : wave.stamps()) {
        running.add(pool.submit(() -> runStamp(name)));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ctx.cancellation().cancel();
        } catch (ExecutionException e) {
          ctx.listener().line("error: " + e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void runStamp(String name) {
    boolean skip = ctx.store().read(s -> {
      StampProgress sp = s.stamps.get(name);
      // ended, or the budget ran out while it waited for a slot (halt() freezes it)
      return sp.phase.ended() || sp.phase == StampPhase.PENDING && failed(s).size() >= ctx.plan().maxFailedStamps();
    });
    if (!skip && !ctx.cancellation().isCancelled()) {
      new StampProcedure(ctx, name, targets.get(name)).run();
    }
  }

  private List<String> failed() {
    return ctx.store().read(ReleaseRun::failed);
  }

  private static List<String> failed(ReleaseState s) {
    return s.stamps.values().stream().filter(sp -> sp.phase == StampPhase.FAILED).map(sp -> sp.stamp).toList();
  }

  private void publish() {
    recordSink.accept(ctx.store().record());
  }
}
