package io.stamprelease.plugin;

import io.stamprelease.core.engine.Checkpoint;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * What one agent call returns to the controller: either the step's next {@link Checkpoint} (the only state the
 * execution persists) and when to call again, or how it ended with its result as plain values.
 *
 * @param task    the task the step is in (for {@code getStatus()})
 * @param visitAt when to call again (null: at the checkpoint's notBefore)
 * @param status  when done: succeeded, failed, terminal, unreachable or cancelled
 * @param outputs when done: the step's result (plain Map/List/String/Integer values)
 */
public record AgentResult<S extends Serializable>(Checkpoint<S> checkpoint, String task, boolean done, String status, String message,
    Map<String, Object> outputs, Instant visitAt) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static <S extends Serializable> AgentResult<S> next(Checkpoint<S> checkpoint, String task) {
    return new AgentResult<>(checkpoint, task, false, null, null, Map.of(), null);
  }

  /** Still running on the agent (a session): look again at {@code visitAt}, whatever the checkpoint says. */
  public static <S extends Serializable> AgentResult<S> running(Checkpoint<S> checkpoint, String task, Instant visitAt) {
    return new AgentResult<>(checkpoint, task, false, null, null, Map.of(), visitAt);
  }

  public static <S extends Serializable> AgentResult<S> done(Checkpoint<S> last, String status, String message, Map<String, Object> outputs) {
    return new AgentResult<>(last, null, true, status, message, outputs, null);
  }

  public boolean succeeded() {
    return done && "succeeded".equals(status);
  }

  public Instant notBefore() {
    if (visitAt != null) {
      return visitAt;
    }
    return checkpoint == null ? Instant.EPOCH : checkpoint.notBefore();
  }
}
