package io.stamprelease.plugin.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.input.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import jenkins.MasterToSlaveFileCallable;

/**
 * One poll of an {@link AgentSession} on the agent: start the session when this JVM has none with the id (the first
 * poll, or the agent restarted — then from the controller's checkpoint), wait briefly for progress, and bring back
 * the lines written since the last poll, the newest checkpoint and, at the end, the result.
 *
 * @param <S> the core step's serializable state
 */
public abstract class AgentSessionCallable<S extends Serializable> extends MasterToSlaveFileCallable<AgentResult<S>> {
  private static final long serialVersionUID = 1L;
  /** How long one poll waits on the agent for the end before it reports progress. */
  static final Duration POLL_WAIT = Duration.ofSeconds(1);
  /** The pause between polls: with {@link #POLL_WAIT}, log lines reach the build log within about two seconds. */
  static final Duration POLL_EVERY = Duration.ofSeconds(1);

  private final String stepName;
  private final String sessionId;
  private final Checkpoint<S> checkpoint;
  private final TaskListener listener;

  protected AgentSessionCallable(String stepName, String sessionId, Checkpoint<S> checkpoint, TaskListener listener) {
    this.stepName = stepName;
    this.sessionId = sessionId;
    this.checkpoint = checkpoint;
    this.listener = listener;
  }

  /** The validated core step for this workspace; throws {@link InvalidInputException} for bad input. */
  protected abstract AgentStepCallable.Prepared<S> prepare(File workspace, AgentConsole console) throws IOException;

  /** Values the console masks (tokens, keys) — read on the agent, so they may come from a workspace file. */
  protected abstract List<String> secrets(File workspace);

  /** True on the first poll ever: no checkpoint yet, the step starts from its initial state. */
  protected boolean firstVisit() {
    return checkpoint == null;
  }

  @Override
  public AgentResult<S> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
    AgentConsole console = new AgentConsole(listener, secrets(workspace));
    AgentSession<S> session;
    synchronized (AgentSession.class) {
      Optional<AgentSession<S>> running = AgentSession.find(sessionId);
      if (running.isPresent()) {
        session = running.get();
      } else {
        AgentStepCallable.Prepared<S> prepared = prepared(workspace, console);
        if (prepared.step() == null) {
          close(prepared);
          return AgentStepCallable.nothingToDo(prepared, checkpoint);
        }
        if (checkpoint != null) {
          console.println("[" + stepName + "] this agent has no running " + stepName + " " + sessionId
              + " (it was restarted); continuing from the saved state at task " + (checkpoint.taskIndex() + 1));
        }
        session = AgentSession.start(sessionId, stepName, prepared, checkpoint, console);
      }
    }
    List<String> lines = new ArrayList<>();
    try {
      Optional<AgentResult<S>> result = session.poll(POLL_WAIT, lines);
      lines.forEach(console::println);
      return result.orElseGet(() -> AgentResult.running(session.latest(), session.task(), Instant.now().plus(POLL_EVERY)));
    } catch (ExecutionException e) {
      lines.forEach(console::println);
      Throwable cause = e.getCause();
      throw new AbortException(console.mask("[" + stepName + "] stopped by an unexpected error on the agent: " + cause));
    }
  }

  private AgentStepCallable.Prepared<S> prepared(File workspace, AgentConsole console) throws IOException {
    try {
      return prepare(workspace, console);
    } catch (InvalidInputException e) {
      throw StepInputs.abort(stepName, e);
    }
  }

  private static void close(AgentStepCallable.Prepared<?> prepared) throws IOException {
    try {
      prepared.resources().close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Cancels the session on the agent; true when one was running there. */
  public static final class Cancel extends MasterToSlaveFileCallable<Boolean> {
    private static final long serialVersionUID = 1L;
    private final String sessionId;

    public Cancel(String sessionId) {
      this.sessionId = sessionId;
    }

    @Override
    public Boolean invoke(File workspace, VirtualChannel channel) {
      return AgentSession.cancel(sessionId);
    }
  }
}
