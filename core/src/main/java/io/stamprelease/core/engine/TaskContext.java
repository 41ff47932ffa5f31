package io.stamprelease.core.engine;

import java.time.Clock;
import java.time.Instant;

/** What a task may use besides its state: the time, a progress channel, and the cancellation flag. */
public interface TaskContext {
  Clock clock();

  default Instant now() {
    return clock().instant();
  }

  /** Reports progress (e.g. {@code 3/5 nodes Ready}); front ends render it. */
  void progress(String message);

  /** True once someone asked the step to stop; long tasks check it between slices. */
  boolean cancelled();
}
