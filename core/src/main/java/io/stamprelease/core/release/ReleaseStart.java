package io.stamprelease.core.release;

import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

  /**
   * Judges where the release will write before anything is: the state file must be a file (or creatable as one) and the
   * report directory a directory (or creatable as one). Found only at the first write, either would stop a release after
   * its first stamp was drained.
   */
  public static void checkWhereItWrites(Path stateFile, Path reportDir) {
    Problems p = new Problems("release");
    if (Files.exists(stateFile)) {
      p.check(Files.isRegularFile(stateFile) && Files.isWritable(stateFile), ReleaseField.STATE, "'" + stateFile
          + "' is not a writable file (allowed: a state file this build wrote, or a path where none exists yet)");
    } else {
      blockedBy(stateFile.toAbsolutePath().getParent()).ifPresent(m -> p.add(ReleaseField.STATE, "cannot be created: " + m));
    }
    if (Files.exists(reportDir)) {
      p.check(Files.isDirectory(reportDir) && Files.isWritable(reportDir), ReleaseField.OUT, "'" + reportDir + "' is not a writable "
          + "directory (allowed: a directory for " + ReleaseReports.JSON_FILE + " and " + ReleaseReports.HTML_FILE + ", created if missing)");
    } else {
      blockedBy(reportDir.toAbsolutePath().getParent()).ifPresent(m -> p.add(ReleaseField.OUT, "cannot be created: " + m));
    }
    p.throwIfAny();
  }

  /** Why a file or directory cannot be created under {@code dir}: the nearest existing ancestor is no writable directory. */
  private static Optional<String> blockedBy(Path dir) {
    Path at = dir;
    while (at != null && !Files.exists(at)) {
      at = at.getParent();
    }
    if (at == null || Files.isDirectory(at) && Files.isWritable(at)) {
      return Optional.empty();
    }
    return Optional.of("'" + at + "' is " + (Files.isDirectory(at) ? "a directory we cannot write to" : "a file, not a directory"));
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
