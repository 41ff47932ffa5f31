package io.stamprelease.core.engine;

import java.time.Duration;
import java.util.List;

/**
 * A step's plan: its tasks in order (a step only declares its task graph), the tasks that run when one of them fails
 * ({@code onFailure}: a compensation such as a rollback, Orca's {@code onFailureStages} in small), and its overall
 * timeout. A step whose task failed ends FAILED whatever its onFailure tasks achieve: they are work done because it
 * failed, not a way to turn the failure into success.
 */
public record Step<S>(String name, List<Task<S>> tasks, List<Task<S>> onFailure, Duration timeout) {
  public Step {
    tasks = List.copyOf(tasks);
    onFailure = List.copyOf(onFailure);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one task");
    }
  }

  /** A step with no compensation. */
  public Step(String name, List<Task<S>> tasks, Duration timeout) {
    this(name, tasks, List.of(), timeout);
  }

  /** The task {@code checkpoint} is at: one of {@link #tasks()}, or of {@link #onFailure()} once a task failed. */
  public Task<S> taskAt(Checkpoint<?> checkpoint) {
    return (checkpoint.compensating() ? onFailure : tasks).get(checkpoint.taskIndex());
  }

  /** How many tasks the part {@code checkpoint} is in has (for "task 2 of 4"). */
  public int tasksIn(Checkpoint<?> checkpoint) {
    return (checkpoint.compensating() ? onFailure : tasks).size();
  }
}
