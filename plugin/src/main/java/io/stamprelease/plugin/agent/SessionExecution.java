package io.stamprelease.plugin.agent;

import hudson.FilePath;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A long step whose work holds live objects between calls (helmRollout: informers, Helm's native process): it runs
 * without pause in an <em>agent session</em> ({@link AgentSession}, {@code Engine.run} on a daemon thread of the agent's
 * JVM), which this execution polls, persisting the newest checkpoint; a poll that finds no session (the agent
 * restarted) starts one from that checkpoint. {@code stop()} cancels the session on the agent and says what is left.
 */
public abstract class SessionExecution<S extends Serializable> extends AgentExecution<S> {
  private static final long serialVersionUID = 1L;
  private final String sessionId = UUID.randomUUID().toString();

  protected SessionExecution(StepContext context, String stepName, String where) {
    super(context, stepName, where);
  }

  /** The id of this step's session on the agent. */
  public String sessionId() {
    return sessionId;
  }

  /** What the step leaves behind when stopped now (for the log line), e.g. "revision 3 of web stays as it is". */
  protected abstract String leftWhenStopped();

  @Override
  protected void cancelRunningWork(TaskListener listener) {
    String prefix = "[" + stepName() + "] " + where() + ": stopped";
    try {
      FilePath workspace = getContext().get(FilePath.class);
      if (workspace == null) {
        throw new IOException("the agent's workspace is not available");
      }
      boolean cancelled = workspace.act(new AgentSessionCallable.Cancel(sessionId));
      listener.getLogger().println(prefix + (cancelled ? "; the agent stopped the work" : "") + "; " + leftWhenStopped());
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      listener.getLogger().println(prefix + ", but the agent could not be told (" + e.getMessage() + "); the work goes on there until "
          + "its timeout; " + leftWhenStopped());
    }
  }
}
