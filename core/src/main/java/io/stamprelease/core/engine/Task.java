package io.stamprelease.core.engine;

/**
 * A small, resumable unit of work over a serializable state {@code S}. Executing it again with the
 * state it returned must always be safe: it rebuilds its view from the state and the world, skips
 * what is already done, and never sleeps — it returns RUNNING with a retry-after instead.
 * Sending a change and watching it are separate tasks.
 */
public interface Task<S> {

  /** Short name shown in progress lines, e.g. {@code submit-deployment}. */
  String name();

  /**
   * Does (a slice of) the work. Throw {@link TransientException} (or let an I/O error escape) for
   * problems worth retrying, {@link TerminalException} to stop with a message for the user.
   */
  TaskResult<S> execute(S state, TaskContext context) throws Exception;

  /** How transient errors of this task are retried. */
  default RetryPolicy retryPolicy() {
    return RetryPolicy.DEFAULT;
  }
}
