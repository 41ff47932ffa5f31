package io.stamprelease.core.engine;

import io.stamprelease.core.engine.EngineTest.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A step's onFailure tasks compensate a failed task, and the step still ends FAILED")
class StepOnFailureTest {
  final FakeClock clock = new FakeClock();
  final List<String> progress = new ArrayList<>();
  final List<String> ran = new ArrayList<>();
  final Engine engine = new Engine(clock, clock.sleeper(), e -> progress.add(e.line()));

  Task<Counter> task(String name, Function<Counter, TaskResult<Counter>> body) {
    return new Task<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public TaskResult<Counter> execute(Counter state, TaskContext context) {
        ran.add(name + "@" + state.value());
        return body.apply(state);
      }
    };
  }

  Task<Counter> bump(String name) {
    return task(name, s -> TaskResult.succeeded(new Counter(s.value() + 1)));
  }

  final Task<Counter> upgradeFails = task("upgrade", s -> TaskResult.failed(new Counter(s.value() + 10), "revision 2 crashed"));
  final Task<Counter> rollback = task("rollback", s -> TaskResult.succeeded(new Counter(s.value() + 100), "rolled back to 1", Map.of()));
  final Task<Counter> trackRollback = task("track-rollback", s -> TaskResult.succeeded(s, "failed and was rolled back to revision 1", Map.of()));

  @Test
  @DisplayName("Given a task that fails, when the step runs, then the onFailure tasks run in order on the failed state, the "
      + "next tasks do not, and the outcome is FAILED with the last compensation's words")
  void compensates() {
    // Given
    Step<Counter> step = new Step<>("helmRollout", List.of(bump("plan"), upgradeFails, bump("smoke")), List.of(rollback, trackRollback),
        Duration.ofMinutes(5));

    // When
    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), "seattle", new Engine.Cancellation());

    // Then
    assertThat(ran).containsExactly("plan@0", "upgrade@1", "rollback@11", "track-rollback@111");
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).isEqualTo("failed and was rolled back to revision 1");
    assertThat(outcome.state().value()).isEqualTo(111);
    assertThat(progress).contains("[helmRollout] seattle upgrade: failed; running rollback → track-rollback");
  }

  @Test
  @DisplayName("Given a checkpoint saved while compensating, when it goes through the codec and is fed back, then the "
      + "compensation continues where it stopped and the failure is remembered")
  void resumesCompensation() throws Exception {
    // Given: advanced up to the first onFailure task
    Step<Counter> step = new Step<>("s", List.of(upgradeFails), List.of(rollback, trackRollback), Duration.ofMinutes(5));
    Checkpoint<Counter> cp = engine.start(step, new Counter(0));
    cp = ((Engine.Advance.Continue<Counter>) engine.advance(step, cp, null, new Engine.Cancellation())).next();
    cp = ((Engine.Advance.Continue<Counter>) engine.advance(step, cp, null, new Engine.Cancellation())).next();
    Checkpoint<Counter> saved = CheckpointCodec.fromBytes(CheckpointCodec.toBytes(cp), Counter.class);
    ran.clear();

    // When
    Outcome<Counter> outcome = engine.run(step, saved, null, new Engine.Cancellation());

    // Then
    assertThat(saved.compensating()).isTrue();
    assertThat(saved.failure()).isEqualTo("revision 2 crashed");
    assertThat(saved.taskIndex()).isEqualTo(1);
    assertThat(ran).containsExactly("track-rollback@110");
    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
  }

  @Test
  @DisplayName("Given an onFailure task that fails too, when the step runs, then it ends FAILED saying both")
  void compensationFails() {
    Task<Counter> rollbackFails = task("rollback", s -> TaskResult.failed(s, "the good revision's chart is gone"));
    Step<Counter> step = new Step<>("s", List.of(upgradeFails), List.of(rollbackFails, trackRollback), Duration.ofMinutes(5));

    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).isEqualTo("revision 2 crashed; then rollback failed too: the good revision's chart is gone");
    assertThat(ran).containsExactly("upgrade@0", "rollback@10");
  }

  @Test
  @DisplayName("Given a task that cannot go on (TERMINAL), when the step runs, then nothing compensates: nothing was changed to undo")
  void terminalDoesNotCompensate() {
    Step<Counter> step = new Step<>("s", List.of(task("upgrade", s -> TaskResult.terminal(s, "chart does not render"))),
        List.of(rollback), Duration.ofMinutes(5));

    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.TERMINAL);
    assertThat(ran).containsExactly("upgrade@0");
  }

  @Test
  @DisplayName("Given a step past its deadline, when it times out, then the compensation gets a deadline of its own and runs")
  void timeoutCompensates() {
    Task<Counter> slow = task("track", s -> TaskResult.running(new Counter(s.value() + 1), Duration.ofSeconds(10), null));
    Step<Counter> step = new Step<>("s", List.of(slow), List.of(rollback), Duration.ofSeconds(25));

    Outcome<Counter> outcome = engine.run(step, engine.start(step, new Counter(0)), null, new Engine.Cancellation());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.message()).isEqualTo("rolled back to 1");
    assertThat(ran).endsWith("rollback@3");
  }
}
