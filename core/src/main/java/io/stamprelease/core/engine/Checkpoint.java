package io.stamprelease.core.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a step is: the current task, the task state, an absolute deadline, error counters, when to call
 * again, the outputs collected so far, and — once a task failed — that failure: then {@code taskIndex} counts the
 * step's onFailure tasks. It is all a front end persists (a Jenkins step's execution, the CLI's state file, the
 * release state); feeding it back into {@link Engine#advance} continues exactly there.
 *
 * @param failure the message of the task that failed, while the step's onFailure tasks run; null before
 */
public record Checkpoint<S>(int taskIndex, S state, Instant deadline, int consecutiveErrors, int conflicts, Instant notBefore,
    Map<String, Object> outputs, String failure) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Checkpoint {
    outputs = Map.copyOf(new LinkedHashMap<>(outputs));
  }

  public Checkpoint(int taskIndex, S state, Instant deadline, int consecutiveErrors, int conflicts, Instant notBefore,
      Map<String, Object> outputs) {
    this(taskIndex, state, deadline, consecutiveErrors, conflicts, notBefore, outputs, null);
  }

  /** Whether a task failed and the step's onFailure tasks are running. */
  public boolean compensating() {
    return failure != null;
  }

  Checkpoint<S> withState(S newState, Instant newNotBefore) {
    return new Checkpoint<>(taskIndex, newState, deadline, 0, conflicts, newNotBefore, outputs, failure);
  }

  Checkpoint<S> next(S newState, Map<String, Object> moreOutputs, Instant now) {
    Map<String, Object> merged = new LinkedHashMap<>(outputs);
    merged.putAll(moreOutputs);
    return new Checkpoint<>(taskIndex + 1, newState, deadline, 0, 0, now, merged, failure);
  }

  Checkpoint<S> afterError(Instant retryAt) {
    return new Checkpoint<>(taskIndex, state, deadline, consecutiveErrors + 1, conflicts, retryAt, outputs, failure);
  }

  Checkpoint<S> afterConflict(Instant now) {
    return new Checkpoint<>(taskIndex, state, deadline, consecutiveErrors, conflicts + 1, now, outputs, failure);
  }

  /** The first onFailure task, after {@code message}'s failure, with a deadline of its own (a compensation needs time too). */
  Checkpoint<S> compensate(S failedState, String message, Instant now, Instant newDeadline) {
    return new Checkpoint<>(0, failedState, newDeadline, 0, 0, now, outputs, message);
  }
}
