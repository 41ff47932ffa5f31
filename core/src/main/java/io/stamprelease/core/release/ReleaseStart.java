package io.stamprelease.core.release;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.report.ReleaseRecord;
import java.time.Instant;
import java.util.List;

/**
 * The state a release run starts from: the saved one when the state file exists (it must be of the same plan), otherwise
 * a new one with every stamp of the plan declared; {@code fromStamp} resets that stamp and every later one (and their
 * waves' gates) to pending. A state of another plan, one that does not match its checksum or fails {@link ReleaseStateCheck},
 * and an unknown stamp are invalid input: nothing is written.
 */
public final class ReleaseStart {
  private ReleaseStart() {
  }

  public static ReleaseState prepare(ReleasePlan plan, String planFile, String planDigest, ReleaseStateFile file, String requester,
      String fromStamp, String toolVersion, Instant now) {
    List<String> order = plan.waves().stream().flatMap(w -> w.stamps().stream()).toList();
    if (fromStamp != null && !order.contains(fromStamp)) {
      throw InvalidInputException.of("release", ReleaseField.FROM, "no stamp '" + fromStamp + "' in the plan (stamps: "
          + String.join(", ", order) + ")");
    }
    ReleaseState s;
    if (file.exists()) {
      s = file.read();
      if (!planDigest.equals(s.planDigest)) {
        throw InvalidInputException.of("release", ReleaseField.STATE, "'" + file.path() + "' belongs to another version of the plan ("
            + s.plan + "); continue with the plan it was started with, or give a new state file for a new release");
      }
      ReleaseStateCheck.check(plan, s, file.path());
    } else {
      s = fresh(plan, planFile, planDigest, requester, toolVersion);
    }
    if (fromStamp != null) {
      restartFrom(s, plan, fromStamp, requester, now);
    }
    return s;
  }

  private static ReleaseState fresh(ReleasePlan plan, String planFile, String planDigest, String requester, String toolVersion) {
    ReleaseState s = new ReleaseState();
    s.release = plan.name();
    s.plan = planFile;
    s.planDigest = planDigest;
    s.requester = requester;
    s.toolVersion = toolVersion;
    for (ReleasePlan.Wave w : plan.waves()) {
      s.waves.put(w.name(), wave(w));
      for (String name : w.stamps()) {
        s.stamps.put(name, stamp(plan, w, name));
        s.record.declare(name, plan.stamp(name).hub(), w.name());
      }
    }
    return s;
  }

  private static void restartFrom(ReleaseState s, ReleasePlan plan, String fromStamp, String requester, Instant now) {
    boolean reset = false;
    for (ReleasePlan.Wave w : plan.waves()) {
      for (String name : w.stamps()) {
        reset |= name.equals(fromStamp);
        if (reset) {
          s.stamps.put(name, stamp(plan, w, name));
          s.record.restart(name);
          s.waves.put(w.name(), wave(w));
          s.record.forgetGate(w.name());
        } else if (s.stamps.get(name).phase == StampPhase.PENDING) {
          StampProgress skipped = s.stamps.get(name);
          skipped.phase = StampPhase.FROZEN;
          skipped.message = "skipped: the release was started with --from " + fromStamp;
          s.record.settle(name, ReleaseRecord.Result.HALTED);
        }
      }
      if (!reset && s.waves.get(w.name()).phase != WavePhase.DONE) {
        s.waves.get(w.name()).phase = WavePhase.DONE; // waves before --from are not run again (nor gated)
      }
    }
    s.result = ReleaseRecord.Result.RUNNING;
    s.finished = null;
    s.message = null;
    s.record.note(now + ": re-run from stamp " + fromStamp + " by " + requester);
  }

  private static WaveProgress wave(ReleasePlan.Wave w) {
    WaveProgress wp = new WaveProgress();
    wp.wave = w.name();
    return wp;
  }

  private static StampProgress stamp(ReleasePlan plan, ReleasePlan.Wave w, String name) {
    StampProgress sp = new StampProgress();
    sp.stamp = name;
    sp.hub = plan.stamp(name).hub();
    sp.wave = w.name();
    return sp;
  }
}
