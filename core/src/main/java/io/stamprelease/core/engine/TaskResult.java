package io.stamprelease.core.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One execution's result: the status, the (new) state to persist, when to call again, a user-facing
 * message, and outputs that later tasks and the step's result may read.
 */
public record TaskResult<S>(TaskStatus status, S state, Duration retryAfter, String message, Map<String, Object> outputs) {

  public TaskResult {
    Objects.requireNonNull(status, "status");
    retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    outputs = outputs == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(outputs));
  }

  public static <S> TaskResult<S> running(S state, Duration retryAfter, String message) {
    return new TaskResult<>(TaskStatus.RUNNING, state, retryAfter, message, Map.of());
  }

  public static <S> TaskResult<S> succeeded(S state) {
    return new TaskResult<>(TaskStatus.SUCCEEDED, state, Duration.ZERO, null, Map.of());
  }

  public static <S> TaskResult<S> succeeded(S state, String message, Map<String, Object> outputs) {
    return new TaskResult<>(TaskStatus.SUCCEEDED, state, Duration.ZERO, message, outputs);
  }

  public static <S> TaskResult<S> failed(S state, String message) {
    return new TaskResult<>(TaskStatus.FAILED, state, Duration.ZERO, message, Map.of());
  }

  public static <S> TaskResult<S> terminal(S state, String message) {
    return new TaskResult<>(TaskStatus.TERMINAL, state, Duration.ZERO, message, Map.of());
  }
}
