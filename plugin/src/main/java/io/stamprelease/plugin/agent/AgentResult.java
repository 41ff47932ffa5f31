package io.stamprelease.plugin.agent;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.steps.StepResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one agent call returns to the controller: either the step's next {@link Checkpoint} (the only state the
 * execution persists) and when to call again, or how it ended with its typed result.
 *
 * @param task    the task the step is in (for {@code getStatus()})
 * @param visitAt when to call again (null: at the checkpoint's notBefore)
 * @param status  when done: how core's run ended
 * @param message when done: core's message, masked on the agent
 * @param result  when done: the step's typed result (null when it has none)
 */
public record AgentResult<S extends Serializable>(Checkpoint<S> checkpoint, String task, boolean done, Outcome.Status status, String message,
    StepResult result, Instant visitAt) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static <S extends Serializable> AgentResult<S> next(Checkpoint<S> checkpoint, String task) {
    return new AgentResult<>(checkpoint, task, false, null, null, null, null);
  }

  /** Still running on the agent (a session): look again at {@code visitAt}, whatever the checkpoint says. */
  public static <S extends Serializable> AgentResult<S> running(Checkpoint<S> checkpoint, String task, Instant visitAt) {
    return new AgentResult<>(checkpoint, task, false, null, null, null, visitAt);
  }

  public static <S extends Serializable> AgentResult<S> done(Checkpoint<S> last, Outcome.Status status, String message, StepResult result) {
    return new AgentResult<>(last, null, true, status, message, result, null);
  }

  public boolean succeeded() {
    return done && status == Outcome.Status.SUCCEEDED;
  }

  /** The step's return value for a Pipeline: the result's plain values, its status and message. */
  public Map<String, Object> outputs() {
    Map<String, Object> out = new LinkedHashMap<>(result == null ? Map.of() : StepInputs.plainMap(result.toPlainMap()));
    out.put("status", status == null ? null : status.name().toLowerCase(Locale.ROOT));
    if (message != null) {
      out.put("message", message);
    }
    return out;
  }

  public Instant notBefore() {
    if (visitAt != null) {
      return visitAt;
    }
    return checkpoint == null ? Instant.EPOCH : checkpoint.notBefore();
  }
}
