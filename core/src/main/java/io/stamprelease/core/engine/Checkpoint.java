package io.stamprelease.core.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a step is: the current task, the task state, an absolute deadline, error counters, when to call
 * again, and the outputs collected so far. It is all a front end persists (a Jenkins step's execution, the
 * CLI's state file); feeding it back into {@link Engine#advance} continues exactly there.
 */
public record Checkpoint<S>(int taskIndex, S state, Instant deadline, int consecutiveErrors, int conflicts, Instant notBefore,
    Map<String, Object> outputs) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Checkpoint {
    outputs = Map.copyOf(new LinkedHashMap<>(outputs));
  }

  Checkpoint<S> withState(S newState, Instant newNotBefore) {
    return new Checkpoint<>(taskIndex, newState, deadline, 0, conflicts, newNotBefore, outputs);
  }

  Checkpoint<S> next(S newState, Map<String, Object> moreOutputs, Instant now) {
    Map<String, Object> merged = new LinkedHashMap<>(outputs);
    merged.putAll(moreOutputs);
    return new Checkpoint<>(taskIndex + 1, newState, deadline, 0, 0, now, merged);
  }

  Checkpoint<S> afterError(Instant retryAt) {
    return new Checkpoint<>(taskIndex, state, deadline, consecutiveErrors + 1, conflicts, retryAt, outputs);
  }

  Checkpoint<S> afterConflict(Instant now) {
    return new Checkpoint<>(taskIndex, state, deadline, consecutiveErrors, conflicts + 1, now, outputs);
  }
}
