package io.stamprelease.plugin.agent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.MasterToSlaveFileCallable;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What the two ways of running a core step on an agent share ({@link VisitingExecution}, {@link SessionExecution}):
 * SleepStep's shape — {@code start()} returns false and the agent calls are scheduled on {@link Timer} — with the core
 * {@link Checkpoint} as the whole persisted state: no listener, workspace, client or secret is kept, so after a
 * controller restart {@link #onResume()} simply calls the agent again from it. A call that cannot reach the agent
 * keeps the checkpoint and tries again until the step's own deadline has passed. The step's end is published once,
 * as a {@link StepEnded}, to every {@link StepEndListener} (the build's report is one).
 *
 * <p>One writer per stamp and step: before each agent call the step holds its target's key in the controller's
 * {@link OneWriter} registry ({@link #admit()}); while another step holds it, it looks again every
 * {@link #WRITER_RECHECK} on the same timer ({@code concurrent: 'wait'}) or fails naming that build
 * ({@code concurrent: 'fail'}). The key is given back when the step ends, fails or is stopped.
 */
public abstract class AgentExecution<S extends Serializable> extends StepExecution {
  private static final long serialVersionUID = 1L;
  static final Duration AGENT_RETRY = Duration.ofSeconds(15);
  /** How often a step waiting for its target's writer looks again. */
  public static final Duration WRITER_RECHECK = Duration.ofSeconds(10);

  private final String stepName;
  private final String hubName;
  private Checkpoint<S> checkpoint;
  private String task;
  private WriterSlot writer = new WriterSlot(OneWriter.Mode.WAIT);
  private transient volatile boolean finished;
  private transient volatile ScheduledFuture<?> nextVisit;

  protected AgentExecution(StepContext context, String stepName, String hubName) {
    super(context);
    this.stepName = stepName;
    this.hubName = hubName;
  }

  /** Checks on the controller before anything runs (the hub or the credentials exist and resolve). */
  protected abstract void checkOnController(Run<?, ?> run) throws IOException;

  /** What to run on the agent next, from the newest checkpoint. */
  protected abstract MasterToSlaveFileCallable<AgentResult<S>> agentCall(Run<?, ?> run, TaskListener listener) throws IOException;

  /**
   * Called by {@link #stop} before the step fails: cancel what is still running elsewhere (the agent) and say in the
   * log what could not be cancelled. Nothing by default: a visit is short and the next one is simply not made.
   */
  protected void cancelRunningWork(TaskListener listener) {
  }

  /** What the step works on, for log lines and the status: {@code hub seattle} by default. */
  protected String where() {
    return "hub " + hubName;
  }

  /** The stamp the release report files this step under: the hub by default. */
  protected String reportedStamp() {
    return hubName;
  }

  /** What the step writes (labels only; the key and the wait/fail decision are {@link OneWriter}'s). */
  protected abstract OneWriter.Target writes();

  /** What to do while another build's same step holds the target ({@code concurrent:}, already validated). */
  public final AgentExecution<S> concurrent(OneWriter.Mode mode) {
    this.writer = new WriterSlot(mode);
    return this;
  }

  /** A short description of the state for {@link #getStatus()} (ids and phases, never secrets). */
  protected abstract String describe(S state);

  @Override
  public boolean start() throws Exception {
    // Fail fast on the controller: unknown hub, missing or wrong-type credentials
    checkOnController(getContext().get(Run.class));
    getContext().get(TaskListener.class).getLogger().println("[" + stepName + "] " + where() + ": starting on the agent");
    schedule(Duration.ZERO);
    return false;
  }

  @Override
  public void onResume() {
    if (!finished) {
      try {
        writer.resumed(writes(), getContext().get(Run.class), getContext().get(TaskListener.class).getLogger());
      } catch (IOException | InterruptedException e) {
        // the first visit asks again through admit()
      }
      schedule(Duration.ZERO);
    }
  }

  /**
   * Before each agent call: whether this step holds its target's key (taken now if free), or waits for another
   * build's step; with {@code concurrent: 'fail'} an {@link AbortException} names that build and nothing runs.
   */
  public WriterSlot.Admission admit() throws IOException, InterruptedException {
    return writer.admit(writes(), getContext().get(Run.class), getContext().get(TaskListener.class).getLogger(), getContext()::saveState);
  }

  @Override
  public void stop(Throwable cause) throws Exception {
    finished = true;
    writer.release(writes());
    ScheduledFuture<?> f = nextVisit;
    if (f != null) {
      f.cancel(false);
    }
    try {
      cancelRunningWork(getContext().get(TaskListener.class));
    } finally {
      ended(Outcome.Status.FAILED, message(cause), null);
      getContext().onFailure(cause);
    }
  }

  @Override
  public String getStatus() {
    if (checkpoint == null) {
      String other = writer.waitingFor();
      return stepName + " on " + where() + ": " + (other == null ? "starting" : "waiting for " + other + " (one writer per stamp and step)");
    }
    return stepName + " on " + where() + ": task " + (checkpoint.taskIndex() + 1) + (task == null ? "" : " (" + task + ")") + ", "
        + describe(checkpoint.state()) + (finished ? "" : ", next look at " + checkpoint.notBefore());
  }

  public Checkpoint<S> checkpoint() {
    return checkpoint;
  }

  private void schedule(Duration delay) {
    nextVisit = Timer.get().schedule(this::visit, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void visit() {
    if (finished) {
      return;
    }
    TaskListener listener = null;
    try {
      StepContext context = getContext();
      listener = context.get(TaskListener.class);
      if (admit() == WriterSlot.Admission.WAITING) {
        schedule(WRITER_RECHECK);
        return;
      }
      FilePath workspace = context.get(FilePath.class);
      if (workspace == null) {
        throw new IOException("the agent's workspace is not available");
      }
      accept(workspace.act(agentCall(context.get(Run.class), listener))).ifPresent(this::schedule);
    } catch (AbortException e) {
      fail(e);
    } catch (IOException e) {
      if (checkpoint != null && Instant.now().isAfter(checkpoint.deadline())) {
        fail(new AbortException("[" + stepName + "] " + where() + ": the agent was unreachable past the step's deadline (" + e.getMessage() + ")"));
      } else {
        if (listener != null) {
          listener.getLogger().println("[" + stepName + "] " + where() + ": agent unavailable (" + e.getMessage() + "); trying again in "
              + AGENT_RETRY.toSeconds() + "s from " + getStatus());
        }
        schedule(AGENT_RETRY);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(e);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Takes one visit's result: keeps the new checkpoint (and saves the program) and says when to visit again, or
   * completes the step — its result map on success, an {@link AbortException} with core's message otherwise.
   */
  public Optional<Duration> accept(AgentResult<S> result) {
    if (finished) {
      return Optional.empty(); // stopped while the agent call was under way: the step has already ended
    }
    if (result.checkpoint() != null) {
      checkpoint = result.checkpoint();
    }
    task = result.task();
    if (result.done()) {
      finished = true;
      writer.release(writes());
      ended(result.status(), result.message(), result.result());
      if (result.succeeded()) {
        getContext().onSuccess(result.outputs());
      } else {
        getContext().onFailure(new AbortException("[" + stepName + "] " + where() + ": " + result.status().name().toLowerCase(Locale.ROOT) + ": "
            + result.message()));
      }
      return Optional.empty();
    }
    getContext().saveState();
    Duration wait = Duration.between(Instant.now(), result.notBefore());
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  private void fail(Throwable t) {
    finished = true;
    writer.release(writes());
    ended(Outcome.Status.FAILED, message(t), null);
    getContext().onFailure(t);
  }

  /** Tells every {@link StepEndListener} how the step ended: its stamp is the hub (or stamp) it ran on. */
  private void ended(Outcome.Status status, String message, StepResult result) {
    StepKind kind = StepKind.of(stepName).orElseThrow(() -> new IllegalStateException("not a step of this plugin: " + stepName));
    StepEndListener.publish(getContext(), started -> StepEnded.of(kind, reportedStamp(), reportedStamp(), started, Instant.now(), status,
        message, result));
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  public String stepName() {
    return stepName;
  }

  public String hubName() {
    return hubName;
  }
}
