package io.stamprelease.core.release;

import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a saved release state whole against its plan before anything runs: every stamp and wave of the plan present
 * once and nothing else, no empty entries, every saved checkpoint readable as its step's, and phases that agree with
 * each other and with the gates. Every fault is named with its path in the file; nothing is written when one is found.
 */
final class ReleaseStateCheck {
  /** The step whose checkpoint a stamp keeps in each phase (no other phase keeps one). */
  private static final Map<StampPhase, Class<?>> CHECKPOINT_OF = Map.of(StampPhase.CONVERGING, AkseDeployState.class,
      StampPhase.SCALING, ScaleState.class, StampPhase.DRAINING, TrafficShiftState.class, StampPhase.ROLLING_OUT, HelmRolloutState.class, StampPhase.RESTORING, TrafficShiftState.class);
  /** Phases of a stamp's cluster: only a stamp whose plan has a {@code cluster:} enters them. */
  private static final Set<StampPhase> CLUSTER = EnumSet.of(StampPhase.CONVERGING, StampPhase.SCALING);
  /** Phases after the drain read the weight to go back to. */
  private static final Set<StampPhase> DRAINED = EnumSet.of(StampPhase.DRAINING, StampPhase.ROLLING_OUT, StampPhase.RESTORING);

  private final ReleasePlan plan;
  private final ReleaseState s;
  private final Problems problems = new Problems("release state");

  private ReleaseStateCheck(ReleasePlan plan, ReleaseState state) {
    this.plan = plan;
    this.s = state;
  }

  /** A state that cannot be continued: the message names the file and every fault by its path. */
  static final class DamagedStateException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private final String file;

    DamagedStateException(Path file, List<Problem> problems) {
      super("release state", problems);
      this.file = file.toString();
    }

    @Override
    public String render(FieldLabels labels) {
      return "cannot continue from " + file + ": " + describe(labels) + "; nothing was written (restore the file, or move it away to start "
          + "the release afresh)";
    }
  }

  /** @throws DamagedStateException naming every fault */
  static void check(ReleasePlan plan, ReleaseState state, Path file) {
    ReleaseStateCheck c = new ReleaseStateCheck(plan, state);
    c.run();
    if (!c.problems.isEmpty()) {
      throw new DamagedStateException(file, c.problems.list());
    }
  }

  private void problem(String at, String message) {
    problems.addAt(ReleaseField.STATE, at, message);
  }

  private void run() {
    for (String[] f : new String[][] {{"release", s.release}, {"plan", s.plan}, {"planDigest", s.planDigest}}) {
      if (f[1] == null) {
        problem(f[0], "is missing");
      }
    }
    if (s.result == null) {
      problem("result", "is missing");
    }
    if (s.record == null) {
      problem("record", "is missing (the release's report events)");
    }
    if (s.stamps == null || s.waves == null) {
      if (s.stamps == null) {
        problem("stamps", "is missing (every stamp of the plan has its entry)");
      }
      if (s.waves == null) {
        problem("waves", "is missing (every wave of the plan has its entry)");
      }
      return;
    }
    sameNames("stamps", s.stamps.keySet(), plan.stamps().stream().map(ReleasePlan.Stamp::name).toList());
    sameNames("waves", s.waves.keySet(), plan.waves().stream().map(ReleasePlan.Wave::name).toList());
    boolean earlierDone = true;
    for (ReleasePlan.Wave w : plan.waves()) {
      WaveProgress wp = s.waves.get(w.name());
      boolean waveOk = wave(w, wp);
      if (wp == null && s.waves.containsKey(w.name())) {
        problem("waves." + w.name(), "is empty");
      }
      for (String name : w.stamps()) {
        StampProgress sp = s.stamps.get(name);
        if (sp == null && s.stamps.containsKey(name)) {
          problem("stamps." + name, "is empty");
        }
        if (sp != null) {
          stamp(name, w, sp);
          if (sp.phase != null && waveOk) {
            agree(w, wp, name, sp);
          }
        }
      }
      if (waveOk && wp.phase != WavePhase.PENDING && wp.phase != WavePhase.FROZEN && !earlierDone) {
        problem("waves." + w.name() + ".phase", "is " + wp.phase + " while an earlier wave has not ended");
      }
      earlierDone &= waveOk && wp.phase == WavePhase.DONE;
    }
    if (s.result == ReleaseRecord.Result.SUCCEEDED && s.stamps.values().stream().anyMatch(sp -> sp == null || sp.phase != StampPhase.SUCCEEDED)) {
      problem("result", "is SUCCEEDED while not every stamp succeeded");
    }
  }

  private void sameNames(String what, Set<String> saved, List<String> planned) {
    planned.stream().filter(n -> !saved.contains(n)).forEach(n -> problem(what + "." + n, "is missing (it is in the plan)"));
    saved.stream().filter(n -> !planned.contains(n)).forEach(n -> problem(what + "." + n, "is not in the plan"));
  }

  private boolean wave(ReleasePlan.Wave w, WaveProgress wp) {
    String at = "waves." + w.name();
    if (wp == null) {
      return false; // reported by sameNames, or an explicit null
    }
    boolean ok = true;
    if (!w.name().equals(wp.wave)) {
      problem(at + ".wave", "is '" + wp.wave + "', not '" + w.name() + "'");
      ok = false;
    }
    if (wp.phase == null) {
      problem(at + ".phase", "is missing");
      ok = false;
    }
    if (wp.answers == null || wp.answers.contains(null)) {
      problem(at + ".answers", wp.answers == null ? "is missing" : "holds an empty answer");
      ok = false;
    }
    if (wp.gateDecision != null && wp.gateClosed == null || wp.gateClosed != null && wp.gateOpened == null) {
      problem(at, "has a gate closed or decided that was never opened");
      ok = false;
    }
    return ok;
  }

  private void stamp(String name, ReleasePlan.Wave w, StampProgress sp) {
    String at = "stamps." + name;
    if (!name.equals(sp.stamp)) {
      problem(at + ".stamp", "is '" + sp.stamp + "', not '" + name + "'");
    }
    if (!plan.stamp(name).hub().equals(sp.hub)) {
      problem(at + ".hub", "is '" + sp.hub + "'; the plan runs " + name + " on hub " + plan.stamp(name).hub());
    }
    if (!w.name().equals(sp.wave)) {
      problem(at + ".wave", "is '" + sp.wave + "'; the plan has " + name + " in wave " + w.name());
    }
    if (sp.phase == null) {
      problem(at + ".phase", "is missing");
      return;
    }
    Class<?> stateType = CHECKPOINT_OF.get(sp.phase);
    if (sp.checkpoint != null && stateType == null) {
      problem(at + ".checkpoint", "is set while the stamp is " + sp.phase + " (only a step in flight has one)");
    } else if (sp.checkpoint != null) {
      try {
        CheckpointCodec.fromText(sp.checkpoint, stateType);
      } catch (CheckpointCodec.UnreadableCheckpointException e) {
        problem(at + ".checkpoint", "cannot be continued from: " + e.getMessage());
      }
    }
    if (CLUSTER.contains(sp.phase) && plan.stamp(name).cluster() == null) {
      problem(at + ".phase", "is " + sp.phase + " but the plan gives " + name + " no cluster: to converge");
    }
    if (DRAINED.contains(sp.phase) && sp.restoreTo == null) {
      problem(at + ".restoreTo", "is missing while the stamp is " + sp.phase + " (the weight it goes back to)");
    }
  }

  private void agree(ReleasePlan.Wave w, WaveProgress wp, String name, StampProgress sp) {
    String at = "stamps." + name + ".phase";
    if (wp.phase == WavePhase.PENDING && sp.phase != StampPhase.PENDING) {
      problem(at, "is " + sp.phase + " while its wave " + w.name() + " has not started");
    }
    if ((wp.phase == WavePhase.GATE || wp.phase == WavePhase.DONE) && !sp.phase.ended()) {
      problem(at, "is " + sp.phase + " while its wave " + w.name() + " is " + wp.phase);
    }
  }
}
