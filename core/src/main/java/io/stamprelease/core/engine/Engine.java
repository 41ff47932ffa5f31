package io.stamprelease.core.engine;

import io.stamprelease.core.input.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a step's tasks over a {@link Checkpoint}: applies the absolute deadline, backs off on transient
 * errors up to each task's threshold, re-executes on conflicts (bounded), honours cancellation, and
 * emits progress. {@link #advance} executes once and never blocks (the Jenkins adapter schedules the
 * next call on a timer); {@link #run} loops and waits (the CLI).
 */
public final class Engine {
  static final int MAX_CONFLICTS = 5;

  private final Clock clock;
  private final Sleeper sleeper;
  private final ProgressListener listener;

  public Engine(Clock clock, Sleeper sleeper, ProgressListener listener) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  public static Engine system(ProgressListener listener) {
    Clock clock = Clock.systemUTC();
    return new Engine(clock, Sleeper.system(clock), listener);
  }

  /** The result of one {@link #advance}: either go on from {@code next} (not before its notBefore) or done. */
  public sealed interface Advance<S> {
    record Continue<S>(Checkpoint<S> next) implements Advance<S> {
    }

    record Done<S>(Outcome<S> outcome) implements Advance<S> {
    }
  }

  /** A cancellation flag shared between the runner and whoever may stop it. */
  public static final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
      cancelled.set(true);
    }

    public boolean isCancelled() {
      return cancelled.get();
    }
  }

  public <S> Checkpoint<S> start(Step<S> step, S initialState) {
    Instant now = clock.instant();
    return new Checkpoint<>(0, initialState, now.plus(step.timeout()), 0, 0, now, Map.of());
  }

  /** Runs to the end, waiting between calls as the tasks ask. */
  public <S> Outcome<S> run(Step<S> step, Checkpoint<S> checkpoint, String stamp, Cancellation cancellation) {
    return run(step, checkpoint, stamp, cancellation, next -> { });
  }

  /** As {@link #run(Step, Checkpoint, String, Cancellation)}, handing every new checkpoint to {@code journal} (the CLI's state file). */
  public <S> Outcome<S> run(Step<S> step, Checkpoint<S> checkpoint, String stamp, Cancellation cancellation,
                            Consumer<Checkpoint<S>> journal) {
    Instant started = clock.instant();
    Checkpoint<S> current = checkpoint;
    Ledger ledger = new Ledger();
    Instant mark = started;
    while (true) {
      String task = step.taskAt(current).name();
      try {
        // never past the deadline: a Retry-After or a backoff longer than the time left ends in "timed out", not later
        Instant wake = current.notBefore().isAfter(current.deadline()) ? current.deadline() : current.notBefore();
        sleeper.sleepUntil(wake, cancellation::isCancelled);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancellation.cancel();
      }
      mark = ledger.spend(task, mark, clock.instant());
      Advance<S> advance = advance(step, current, stamp, cancellation, ledger);
      mark = ledger.spend(task, mark, clock.instant());
      if (advance instanceof Advance.Done<S> done) {
        Outcome<S> o = done.outcome();
        return new Outcome<>(o.status(), o.state(), o.message(), o.outputs(), Duration.between(started, clock.instant()));
      }
      current = ((Advance.Continue<S>) advance).next();
      journal.accept(current);
    }
  }

  /** Executes the current task once. */
  public <S> Advance<S> advance(Step<S> step, Checkpoint<S> cp, String stamp, Cancellation cancellation) {
    return advance(step, cp, stamp, cancellation, null);
  }

  private <S> Advance<S> advance(Step<S> step, Checkpoint<S> cp, String stamp, Cancellation cancellation, Ledger ledger) {
    Instant now = clock.instant();
    Task<S> task = step.taskAt(cp);
    if (cancellation.isCancelled()) {
      return done(Outcome.Status.CANCELLED, cp, "cancelled before " + task.name());
    }
    if (!now.isBefore(cp.deadline())) {
      return failed(step, cp, stamp, now, step.name() + " timed out after " + Durations.human(step.timeout()) + " in task " + task.name()
          + (ledger == null ? "" : "; where the time went: " + ledger.describe()));
    }
    TaskContext context = new Context(step.name(), stamp, task.name(), cancellation, ledger);
    try (Deadline.Scope bound = Deadline.enter(cp.deadline(), clock)) {
      TaskResult<S> result = task.execute(cp.state(), context);
      // a task still running that says the same as on its previous call ("running for 0s" twice within a second) is not told again
      if (result.message() != null && !(result.status() == TaskStatus.RUNNING && ledger != null && ledger.saidLast(task.name(), result.message()))) {
        emit(step.name(), stamp, task.name(), result.message(), ledger);
      }
      return switch (result.status()) {
        case RUNNING -> new Advance.Continue<>(cp.withState(result.state(), now.plus(result.retryAfter())));
        case SUCCEEDED -> {
          Checkpoint<S> next = cp.next(result.state(), result.outputs(), now);
          if (next.taskIndex() < step.tasksIn(next)) {
            yield new Advance.Continue<>(next);
          }
          // the last task: a step that compensated still failed, told by its last compensation (what it undid) if it says
          yield next.compensating()
              ? done(Outcome.Status.FAILED, next, result.message() != null ? result.message() : next.failure())
              : new Advance.Done<>(new Outcome<>(Outcome.Status.SUCCEEDED, next.state(), result.message(), next.outputs(), Duration.ZERO));
        }
        case FAILED -> failed(step, cp.withState(result.state(), now), stamp, now, result.message());
        case TERMINAL -> done(Outcome.Status.TERMINAL, cp.withState(result.state(), now), during(cp, result.message()));
      };
    } catch (CancelledException e) {
      return done(Outcome.Status.CANCELLED, cp, e.getMessage());
    } catch (UnreachableException e) {
      return done(Outcome.Status.UNREACHABLE, cp, during(cp, e.getMessage()));
    } catch (TerminalException e) {
      return done(Outcome.Status.TERMINAL, cp, during(cp, e.getMessage()));
    } catch (ConflictException e) {
      if (cp.conflicts() + 1 > MAX_CONFLICTS) {
        return failed(step, cp, stamp, now, task.name() + ": gave up after " + MAX_CONFLICTS + " concurrent modifications: " + e.getMessage());
      }
      emit(step.name(), stamp, task.name(), "concurrent change detected, re-reading: " + e.getMessage(), ledger);
      return new Advance.Continue<>(cp.afterConflict(now));
    } catch (TransientException | IOException | UncheckedIOException e) {
      RetryPolicy policy = task.retryPolicy();
      int errors = cp.consecutiveErrors() + 1;
      if (errors >= policy.maxConsecutiveErrors()) {
        return failed(step, cp, stamp, now, task.name() + " failed " + errors + " times in a row; last error: " + e.getMessage());
      }
      Duration delay = policy.delayFor(errors);
      emit(step.name(), stamp, task.name(), "transient error (" + errors + "/" + policy.maxConsecutiveErrors() + "), retrying in "
          + Durations.human(delay) + ": " + e.getMessage(), ledger);
      return new Advance.Continue<>(cp.afterError(now.plus(delay)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done(Outcome.Status.CANCELLED, cp, "interrupted in " + task.name());
    } catch (Exception e) {
      return done(Outcome.Status.TERMINAL, cp, during(cp, task.name() + ": unexpected error: " + e));
    }
  }

  /**
   * A task failed: the step's onFailure tasks start, from the state as it failed and with a deadline of their own (the
   * step's timeout again: a rollback after a rollout that used all of its time still needs time); with none, or when
   * an onFailure task itself failed, the step ends FAILED saying both.
   */
  private <S> Advance<S> failed(Step<S> step, Checkpoint<S> cp, String stamp, Instant now, String message) {
    if (cp.compensating()) {
      return done(Outcome.Status.FAILED, cp, during(cp, step.taskAt(cp).name() + " failed too: " + message));
    }
    if (step.onFailure().isEmpty()) {
      return done(Outcome.Status.FAILED, cp, message);
    }
    emit(step.name(), stamp, step.taskAt(cp).name(), "failed; running " + String.join(" → ", step.onFailure().stream().map(Task::name).toList()),
        null);
    return new Advance.Continue<>(cp.compensate(cp.state(), message, now, now.plus(step.timeout())));
  }

  /** A message of an onFailure task is told after the failure it was compensating. */
  private static String during(Checkpoint<?> cp, String message) {
    return cp.compensating() ? cp.failure() + "; then " + message : message;
  }

  private static <S> Advance<S> done(Outcome.Status status, Checkpoint<S> cp, String message) {
    return new Advance.Done<>(new Outcome<>(status, cp.state(), message, cp.outputs(), Duration.ZERO));
  }

  private void emit(String step, String stamp, String phase, String message, Ledger ledger) {
    if (ledger != null) {
      ledger.said(phase, message);
    }
    listener.onProgress(new ProgressEvent(clock.instant(), step, stamp, phase, message));
  }

  /** Where a blocking run's time went, per task, with what each task said last: told when the step times out. */
  private static final class Ledger {
    private final Map<String, Duration> spent = new LinkedHashMap<>();
    private final Map<String, String> lastSaid = new HashMap<>();
    private String lastTask;
    private String lastMessage;

    /** Books {@code from}–{@code to} to {@code task}; returns {@code to}, the next interval's start. */
    Instant spend(String task, Instant from, Instant to) {
      if (to.isAfter(from)) {
        spent.merge(task, Duration.between(from, to), Duration::plus);
      }
      return to;
    }

    void said(String task, String message) {
      lastSaid.put(task, message.lines().findFirst().orElse(""));
      lastTask = task;
      lastMessage = message;
    }

    /** Whether the run's last message was this one, from this task. */
    boolean saidLast(String task, String message) {
      return task.equals(lastTask) && message.equals(lastMessage);
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      spent.forEach((task, d) -> parts.add(task + " " + Durations.human(d.truncatedTo(ChronoUnit.MILLIS))
          + (lastSaid.containsKey(task) ? " (last: " + lastSaid.get(task) + ")" : "")));
      return parts.isEmpty() ? "nothing ran" : String.join(", ", parts);
    }
  }


  private final class Context implements TaskContext {
    private final String step;
    private final String stamp;
    private final String phase;
    private final Cancellation cancellation;
    private final Ledger ledger;

    Context(String step, String stamp, String phase, Cancellation cancellation, Ledger ledger) {
      this.step = step;
      this.stamp = stamp;
      this.phase = phase;
      this.cancellation = cancellation;
      this.ledger = ledger;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public void progress(String message) {
      emit(step, stamp, phase, message, ledger);
    }

    @Override
    public boolean cancelled() {
      return cancellation.isCancelled();
    }
  }
}
