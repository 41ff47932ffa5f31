package io.stamprelease.plugin.agent;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.engine.Outcome;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A step that runs without pause on the agent — helmRollout's informers and Helm's process are live objects, so
 * its work cannot be cut into short visits. The session runs core's {@link Engine#run} on its own daemon thread
 * in the agent's JVM; the controller polls it ({@link AgentSessionCallable}), collecting the log lines written
 * since the last poll, the newest {@link Checkpoint} (which it persists) and, at the end, the result. When the
 * agent's JVM restarted, the session is gone and the next poll starts a new one from the persisted checkpoint.
 *
 * @param <S> the core step's serializable state
 */
public final class AgentSession<S extends Serializable> {
  /** Sessions of this JVM by the id the controller persisted. */
  private static final Map<String, AgentSession<?>> SESSIONS = new ConcurrentHashMap<>();
  /** An ended session whose result nobody collected (the build was killed) is dropped after this long. */
  static final Duration UNCOLLECTED = Duration.ofMinutes(30);

  private final String id;
  private final Engine.Cancellation cancellation = new Engine.Cancellation();
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<AgentResult<S>> result = new CompletableFuture<>();
  private final Step<S> step;
  private volatile Checkpoint<S> latest;
  private volatile Instant endedAt;

  private AgentSession(String id, Step<S> step) {
    this.id = id;
    this.step = step;
  }

  /** The session with this id if this JVM runs (or ran) it. */
  @SuppressWarnings("unchecked")
  static <S extends Serializable> Optional<AgentSession<S>> find(String id) {
    dropUncollected();
    return Optional.ofNullable((AgentSession<S>) SESSIONS.get(id));
  }

  /**
   * Starts the step's engine on a new thread from {@code from} (or from the start when null) and registers it.
   * {@code console} masks each line before it is queued; {@code prepared.resources()} is closed when the run ends.
   */
  static <S extends Serializable> AgentSession<S> start(String id, String stepName, AgentStepCallable.Prepared<S> prepared, Checkpoint<S> from,
      AgentConsole console) {
    AgentSession<S> session = new AgentSession<>(id, prepared.step());
    Engine engine = Engine.system(e -> session.lines.add(console.mask(e.line())));
    Checkpoint<S> first = from != null ? from : engine.start(prepared.step(), prepared.initialState().get());
    session.latest = first;
    Thread thread = new Thread(() -> {
      try (AutoCloseable resources = prepared.resources()) {
        Outcome<S> outcome = engine.run(prepared.step(), first, prepared.stamp(), session.cancellation, cp -> session.latest = cp);
        session.result.complete(AgentStepCallable.finish(prepared, session.latest, outcome, console));
      } catch (Throwable t) {
        session.result.completeExceptionally(t);
      } finally {
        session.endedAt = Instant.now();
      }
    }, "stamp-release " + stepName + " " + id);
    thread.setDaemon(true);
    SESSIONS.put(id, session);
    thread.start();
    return session;
  }

  /** Cancels the session's engine (it stops before its next task call); false when this JVM has no such session. */
  static boolean cancel(String id) {
    AgentSession<?> session = SESSIONS.get(id);
    if (session == null) {
      return false;
    }
    session.cancellation.cancel();
    return true;
  }

  /**
   * Waits up to {@code wait} for the end, then hands over the lines written so far. The ended session's result is
   * returned (and the session forgotten) once; before that, empty.
   */
  Optional<AgentResult<S>> poll(Duration wait, List<String> out) throws InterruptedException, ExecutionException {
    try {
      result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // still running
    }
    for (String line; (line = lines.poll()) != null; ) {
      out.add(line);
    }
    if (!result.isDone()) {
      return Optional.empty();
    }
    SESSIONS.remove(id, this);
    return Optional.of(result.get());
  }

  Checkpoint<S> latest() {
    return latest;
  }

  /** The task the engine is in (null once past the last). */
  String task() {
    Checkpoint<S> at = latest;
    return at.taskIndex() < step.tasksIn(at) ? step.taskAt(at).name() : null;
  }

  /** How many sessions this JVM holds (running or uncollected). */
  static int count() {
    return SESSIONS.size();
  }

  private static void dropUncollected() {
    Instant limit = Instant.now().minus(UNCOLLECTED);
    List<String> stale = new ArrayList<>();
    SESSIONS.forEach((k, s) -> {
      Instant ended = s.endedAt;
      if (ended != null && ended.isBefore(limit)) {
        stale.add(k);
      }
    });
    stale.forEach(SESSIONS::remove);
  }
}
