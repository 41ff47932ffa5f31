package io.stamprelease.core.release;

import io.stamprelease.core.files.AtomicFile;
import io.stamprelease.core.files.ExclusiveLock;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.report.ReleaseRecord;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one place a running release's {@link ReleaseState} changes: every change happens under one lock and is then
 * written to the state file atomically (a temp file beside it, then a rename), so stamps running in parallel never
 * interleave half-changes and a process killed at any moment leaves the previous or the new state, never half of one.
 * Across processes a release has one writer: {@link #lock} before the state is read.
 */
public final class ReleaseStateStore {
  private final ReleaseStateFile file;
  private final ReleaseState state;
  private final Object lock = new Object();

  public ReleaseStateStore(ReleaseStateFile file, ReleaseState state) {
    this.file = file;
    this.state = state;
  }

  /**
   * Makes this process the release's one writer, before its state is read: an exclusive OS lock on {@code <state>.lock}
   * beside the state file ({@link ExclusiveLock}), held until the returned lock is closed and by the OS no longer than the
   * process lives, so a killed run never blocks the next one. Holding it, the temporary files a killed writer left beside
   * the state are removed. When another process runs the release, this is invalid input naming that process (pid, host,
   * since when): nothing was read or written.
   *
   * @param purpose what this process runs, recorded for the process that would be refused ({@code stamp release})
   */
  public static ExclusiveLock lock(ReleaseStateFile file, String purpose) {
    ExclusiveLock lock;
    try {
      lock = ExclusiveLock.acquire(lockFile(file.path()), purpose);
    } catch (ExclusiveLock.HeldException e) {
      throw InvalidInputException.of("release", ReleaseField.STATE, "'" + file.path() + "' is in use by another run of this release: "
          + e.holder().describe() + "; a release has one writer: wait for that run to end or stop it, then run this command again");
    }
    try {
      AtomicFile.sweepTemporaries(file.path());
      return lock;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** {@code release-state.json.lock} beside {@code release-state.json}. */
  public static Path lockFile(Path stateFile) {
    Path state = stateFile.toAbsolutePath();
    return state.resolveSibling(state.getFileName() + ".lock");
  }

  /** Applies {@code change} and writes the state file. */
  public void update(Consumer<ReleaseState> change) {
    synchronized (lock) {
      change.accept(state);
      file.write(state);
    }
  }

  /** Reads a consistent view of the state. */
  public <T> T read(Function<ReleaseState, T> view) {
    synchronized (lock) {
      return view.apply(state);
    }
  }

  /** The record as of now (release.json). */
  public ReleaseRecord record() {
    return read(ReleaseState::toRecord);
  }

  public ReleaseStateFile file() {
    return file;
  }
}
