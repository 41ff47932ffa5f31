package io.stamprelease.core.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The engine runs resumable tasks")
class EngineTest {
  final FakeClock clock = new FakeClock();
  final List<String> progress = new ArrayList<>();
  final Engine engine = new Engine(clock, clock.sleeper(), e -> progress.add(e.line()));

  /** Counts up to {@code target}, one per call, asking to be called again after 10 s. */
  record Counter(int value) implements java.io.Serializable {
  }

  static Task<Counter> countTo(int target) {
    return new Task<>() {
      @Override
      public String name() {
        return "count";
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        Counter next = new Counter(state.value() + 1);
        return next.value() >= target ? TaskResult.succeeded(next, "reached " + target, Map.of("count", next.value()))
            : TaskResult.running(next, Duration.ofSeconds(10), next.value() + "/" + target);
      }
    };
  }

  static Task<Counter> failingTimes(int failures, RuntimeException error) {
    int[] calls = {0};
    return new Task<>() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        if (calls[0]++ < failures) {
          throw error;
        }
        return TaskResult.succeeded(state);
      }

      @Override
      public RetryPolicy retryPolicy() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), 4);
      }
    };
  }

  @Test
  @DisplayName("RUNNING results are called again after their retry-after; outputs of the last task are kept")
  void runsToSuccess() {
    // Given
    Step<Counter> step = new Step<>("count", List.of(countTo(3)), Duration.ofMinutes(5));
    // When
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), "seattle", new Engine.Cancellation());
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.outputs()).containsEntry("count", 3);
    assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(20));
    assertThat(progress).containsExactly("[count] seattle count: 1/3", "[count] seattle count: 2/3", "[count] seattle count: reached 3");
  }

  @Test
  @DisplayName("a running task that says the same as on its previous call is told once; what changes, or comes back after another line, is told")
  void repeatsAreToldOnce() {
    // Given a task that says "waiting" twice, "half way" twice, "waiting" again, then succeeds with the same words
    List<String> says = List.of("waiting", "waiting", "half way", "half way", "waiting", "waiting");
    Task<Counter> task = new Task<>() {
      @Override
      public String name() {
        return "watch";
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        Counter next = new Counter(state.value() + 1);
        return next.value() > says.size() - 1 ? TaskResult.succeeded(next, says.get(state.value()), Map.of())
            : TaskResult.running(next, Duration.ofSeconds(1), says.get(state.value()));
      }
    };
    Step<Counter> step = new Step<>("watch", List.of(task), Duration.ofMinutes(5));
    // When
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), "seattle", new Engine.Cancellation());
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(progress).containsExactly("[watch] seattle watch: waiting", "[watch] seattle watch: half way", "[watch] seattle watch: waiting",
        "[watch] seattle watch: waiting");
  }

  @Test
  @DisplayName("a checkpoint survives serialization and, fed back, continues where it stopped")
  void resumesFromSerializedCheckpoint() throws Exception {
    // Given a step advanced once
    Step<Counter> step = new Step<>("count", List.of(countTo(3)), Duration.ofMinutes(5));
    var first = (Engine.Advance.Continue<Counter>) engine.advance(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    // When the checkpoint goes through Java serialization (what Jenkins persists) and comes back
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(first.next());
    }
    @SuppressWarnings("unchecked")
    Checkpoint<Counter> restored = (Checkpoint<Counter>) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    Outcome<Counter> outcome = engine.run(step, restored, null, new Engine.Cancellation());
    // Then it did not start over
    assertThat(restored.state().value()).isEqualTo(1);
    assertThat(outcome.state().value()).isEqualTo(3);
  }

  @Test
  @DisplayName("transient errors are retried with exponential backoff, then the task succeeds")
  void transientErrorsBackOff() {
    Step<Counter> step = new Step<>("s", List.of(failingTimes(3, new TransientException("429 throttled"))), Duration.ofMinutes(5));
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    assertThat(outcome.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(1 + 2 + 4));
    assertThat(progress).anyMatch(l -> l.contains("transient error (1/4), retrying in 1s: 429 throttled"));
  }

  @Test
  @DisplayName("too many consecutive transient errors fail the step with the last error")
  void errorThreshold() {
    Step<Counter> step = new Step<>("s", List.of(failingTimes(10, new TransientException("503 unavailable"))), Duration.ofMinutes(5));
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).isEqualTo("flaky failed 4 times in a row; last error: 503 unavailable");
  }

  @Test
  @DisplayName("the absolute deadline stops a step that keeps running")
  void deadline() {
    Step<Counter> step = new Step<>("wait", List.of(countTo(1000)), Duration.ofSeconds(35));
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).isEqualTo("wait timed out after 35s in task count; where the time went: count 35s (last: 4/1000)");
    assertThat(outcome.state().value()).isEqualTo(4);
  }

  /** Asks to be called again after {@code retryAfter}, forever. */
  static Task<Counter> waitingEvery(Duration retryAfter) {
    return new Task<>() {
      @Override
      public String name() {
        return "wait-for-it";
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        return TaskResult.running(new Counter(state.value() + 1), retryAfter, "still waiting");
      }
    };
  }

  @Test
  @DisplayName("a Retry-After longer than the time left ends the step at its deadline, not after the wait")
  void retryAfterBoundByDeadline() {
    // Given a 15 s step whose task asks to be called again in 60 s
    Step<Counter> step = new Step<>("deploy", List.of(waitingEvery(Duration.ofSeconds(60))), Duration.ofSeconds(15));
    // When
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    // Then
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(15));
    assertThat(outcome.message()).isEqualTo("deploy timed out after 15s in task wait-for-it; where the time went: wait-for-it 15s "
        + "(last: still waiting)");
  }

  @Test
  @DisplayName("a backoff longer than the time left ends the step at its deadline, saying the last error")
  void backoffBoundByDeadline() {
    // Given a 5 s step whose task fails transiently with a 1 s, 2 s, 4 s backoff
    Step<Counter> step = new Step<>("s", List.of(failingTimes(3, new TransientException("503 unavailable"))), Duration.ofSeconds(5));
    // When
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());
    // Then the third wait (4 s, due at 7 s) is cut at 5 s
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(outcome.message()).startsWith("s timed out after 5s in task flaky; where the time went: flaky 5s (last: transient error (3/4), "
        + "retrying in 4s: 503 unavailable)");
  }

  @Test
  @DisplayName("a task sees its step's deadline (for the requests it makes); outside a task there is none")
  void deadlineVisibleToTasks() {
    // Given a task that records the deadline it runs under
    List<java.time.Instant> seen = new ArrayList<>();
    Task<Counter> looking = new Task<>() {
      @Override
      public String name() {
        return "look";
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        Deadline.current().ifPresent(d -> seen.add(d.at()));
        return TaskResult.succeeded(state);
      }
    };
    Step<Counter> step = new Step<>("s", List.of(looking), Duration.ofMinutes(2));
    Checkpoint<Counter> start = engine.start(step, new Counter(0));
    // When
    engine.run(step, start, null, new Engine.Cancellation());
    // Then
    assertThat(seen).containsExactly(start.deadline());
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  @DisplayName("terminal and unreachable errors stop at once with their message and category")
  void terminalAndUnreachable() {
    Step<Counter> terminal = new Step<>("s", List.of(failingTimes(1, new TerminalException("masters cannot be scaled"))), Duration.ofMinutes(1));
    Step<Counter> unreachable = new Step<>("s", List.of(failingTimes(1, new UnreachableException("hub seattle unreachable", null))),
        Duration.ofMinutes(1));
    assertThat(engine.run(terminal, engine.start(terminal, new Counter(0)), null, new Engine.Cancellation()))
        .extracting(Outcome::status, Outcome::message).containsExactly(Outcome.Status.TERMINAL, "masters cannot be scaled");
    Outcome<Counter> o = engine.run(unreachable, engine.start(unreachable, new Counter(0)), null, new Engine.Cancellation());
    assertThat(o.status()).isEqualTo(Outcome.Status.UNREACHABLE);
    assertThat(o.status().exitCode()).isEqualTo(3);
  }

  @Test
  @DisplayName("a conflict is re-executed immediately, a bounded number of times")
  void conflicts() {
    Step<Counter> ok = new Step<>("s", List.of(failingTimes(2, new ConflictException("412"))), Duration.ofMinutes(1));
    Step<Counter> never = new Step<>("s", List.of(failingTimes(99, new ConflictException("412"))), Duration.ofMinutes(1));
    Outcome<Counter> resolved = engine.run(ok, engine.start(ok, new Counter(0)), null, new Engine.Cancellation());
    assertThat(resolved.status()).isEqualTo(Outcome.Status.SUCCEEDED);
    assertThat(resolved.elapsed()).isZero();
    assertThat(engine.run(never, engine.start(never, new Counter(0)), null, new Engine.Cancellation()).message())
        .startsWith("flaky: gave up after 5 concurrent modifications");
  }

  @Test
  @DisplayName("a cancelled step stops before its next call")
  void cancellation() {
    Step<Counter> step = new Step<>("s", List.of(countTo(10)), Duration.ofMinutes(5));
    Engine.Cancellation cancellation = new Engine.Cancellation();
    var first = (Engine.Advance.Continue<Counter>) engine.advance(step, engine.start(step, new Counter(0)), null, cancellation);
    cancellation.cancel();
    Outcome<Counter> outcome = engine.run(step, first.next(), null, cancellation);
    assertThat(outcome.status()).isEqualTo(Outcome.Status.CANCELLED);
    assertThat(outcome.state().value()).isEqualTo(1);
  }
}
