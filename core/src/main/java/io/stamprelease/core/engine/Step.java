package io.stamprelease.core.engine;

import java.time.Duration;
import java.util.List;

/** A step's plan: its tasks in order (a stage only declares its task graph) and its overall timeout. */
public record Step<S>(String name, List<Task<S>> tasks, Duration timeout) {
  public Step {
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one task");
    }
  }
}
