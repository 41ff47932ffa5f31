package io.stamprelease.core.release;

import io.stamprelease.core.report.ReleaseRecord;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one place a running release's {@link ReleaseState} changes: every change happens under one lock and is then
 * written to the state file atomically (a temp file beside it, then a rename), so stamps running in parallel never
 * interleave half-changes and a process killed at any moment leaves the previous or the new state, never half of one.
 */
public final class ReleaseStateStore {
  private final ReleaseStateFile file;
  private final ReleaseState state;
  private final Object lock = new Object();

  public ReleaseStateStore(ReleaseStateFile file, ReleaseState state) {
    this.file = file;
    this.state = state;
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
