package io.stamprelease.plugin.agent;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.plugin.hubs.AgentHub;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import jenkins.MasterToSlaveFileCallable;

/**
 * One visit of a long step on the hub's agent: validate through core, open the hub, then {@link Engine#advance}
 * until the step must wait (or ends), and hand back the new {@link Checkpoint}. Nothing is kept on the agent between
 * visits, so a restarted controller or a reconnected agent continues from the checkpoint alone. Secrets are written
 * to 0600 files in a private 0700 directory beside the workspace ({@code <ws>@tmp}) and deleted before returning.
 *
 * @param <S> the core step's serializable state
 */
public abstract class AgentStepCallable<S extends Serializable> extends MasterToSlaveFileCallable<AgentResult<S>> {
  private static final long serialVersionUID = 1L;
  /** Advances per visit at most, so one visit never holds the controller's timer thread for long. */
  static final int MAX_ADVANCES = 50;

  private final String stepName;
  private final AgentHub hub;
  private final Checkpoint<S> checkpoint;
  private final TaskListener listener;

  protected AgentStepCallable(String stepName, AgentHub hub, Checkpoint<S> checkpoint, TaskListener listener) {
    this.stepName = stepName;
    this.hub = hub;
    this.checkpoint = checkpoint;
    this.listener = listener;
  }

  /** The validated core step for this workspace; throws {@link InvalidInputException} for bad input. */
  protected abstract Prepared<S> prepare(File workspace, HubSpec hub, AgentConsole console) throws IOException;

  /**
   * The core step, its initial state (computed only on the first visit), the stamp it works on, how its typed result is
   * made from core's outcome, and what to close after the visit (clients). A null {@code step} means the plan found
   * nothing to do: the step ends at once with the result made from no outcome.
   */
  public record Prepared<S>(Step<S> step, Supplier<S> initialState, String stamp,
      Function<Outcome<S>, StepResult> result, AutoCloseable resources, String doneMessage) {

    public Prepared(Step<S> step, Supplier<S> initialState, String stamp,
        Function<Outcome<S>, StepResult> result, AutoCloseable resources) {
      this(step, initialState, stamp, result, resources, null);
    }

    /** Nothing to run: the step ends at once with {@code result} (and {@code message}, or none). */
    public static <S> Prepared<S> nothingToDo(String stamp, StepResult result, String message, AutoCloseable resources) {
      return new Prepared<>(null, () -> null, stamp, o -> result, resources, message);
    }
  }

  /** The values the console must mask: the hub's secrets; a step holding its own credentials adds theirs. */
  protected List<String> secrets() {
    return hub == null ? List.of() : hub.secrets();
  }

  /**
   * Writes the step's own secret material (beyond the hub's) into the visit's private directory, before {@link #prepare};
   * that directory may not exist yet (no hub) and is deleted after the visit like the hub's files. Nothing by default.
   */
  protected void materialize(Path privateDir) throws IOException {
  }

  /** True on the first visit: no checkpoint yet, so the step still has to be planned. */
  protected boolean firstVisit() {
    return checkpoint == null;
  }

  /** The checkpoint this visit continues from; null on the first visit. */
  protected Checkpoint<S> from() {
    return checkpoint;
  }

  @Override
  public AgentResult<S> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
    AgentConsole console = new AgentConsole(listener, secrets());
    Path privateDir = AgentHub.newPrivateDir();
    try {
      HubSpec spec = hub == null ? null : hub.materialize(privateDir);
      materialize(privateDir);
      Prepared<S> prepared = prepare(workspace, spec, console);
      try (AutoCloseable resources = prepared.resources()) {
        if (prepared.step() == null) {
          return nothingToDo(prepared, checkpoint);
        }
        return advance(prepared, console);
      }
    } catch (InvalidInputException e) {
      throw StepInputs.abort(stepName, e);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // anything else is not the user's input: a JDK or library IllegalArgumentException here is a bug, shown as one
      throw e;
    } catch (Exception e) {
      throw new IOException("[" + stepName + "] closing the visit's clients failed: " + e.getMessage(), e);
    } finally {
      AgentHub.deletePrivate(privateDir);
    }
  }

  private AgentResult<S> advance(Prepared<S> prepared, AgentConsole console) {
    Engine engine = new Engine(Clock.systemUTC(), (until, cancelled) -> { }, e -> console.println(e.line()));
    Checkpoint<S> current = checkpoint != null ? checkpoint : engine.start(prepared.step(), prepared.initialState().get());
    Engine.Cancellation cancellation = new Engine.Cancellation();
    for (int i = 0; i < MAX_ADVANCES; i++) {
      Engine.Advance<S> advance = engine.advance(prepared.step(), current, prepared.stamp(), cancellation);
      if (advance instanceof Engine.Advance.Done<S> done) {
        return finish(prepared, current, done.outcome(), console);
      }
      current = ((Engine.Advance.Continue<S>) advance).next();
      if (current.notBefore().isAfter(Instant.now())) {
        break;
      }
    }
    return AgentResult.next(current, prepared.step().taskAt(current).name());
  }

  /** The step ended at once: the plan found nothing to do (a dry run, a scale already at its target). */
  static <S extends Serializable> AgentResult<S> nothingToDo(Prepared<S> prepared, Checkpoint<S> checkpoint) {
    return AgentResult.done(checkpoint, Outcome.Status.SUCCEEDED, prepared.doneMessage(), prepared.result().apply(null));
  }

  /** How the step ended: core's status, its message masked, and the typed result made from the outcome. */
  static <S extends Serializable> AgentResult<S> finish(Prepared<S> prepared, Checkpoint<S> last, Outcome<S> outcome, AgentConsole console) {
    String message = outcome.message() == null ? null : console.mask(outcome.message());
    return AgentResult.done(last, outcome.status(), message, outcome.state() == null ? null : prepared.result().apply(outcome));
  }
}
