package io.stamprelease.cli.bench;

import io.stamprelease.cli.bench.chaos.ChaosRound;
import io.stamprelease.cli.bench.chaos.ChaosWorld;
import io.stamprelease.cli.bench.chaos.KillPoint;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash promise with real processes: {@code stamp release} in a child JVM, killed with SIGKILL at each point, then
 * run again to its end, must leave the world as if it had never been killed.
 */
@DisplayName("stamp release killed with SIGKILL and run again converges truthfully")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosReleaseTest {
  ChaosWorld world;
  int round;

  @BeforeAll
  void startWorld(@TempDir Path work) throws Exception {
    world = ChaosWorld.start(work);
  }

  @AfterAll
  void stopWorld() {
    world.close();
  }

  /**
   * The two points where Helm's own lock is held (a revision {@code pending-upgrade} or {@code pending-rollback}): the
   * kills that broke the promise before. Every point, over many rounds, is {@code stamp bench chaos}'s (about 40 s a round).
   */
  @ParameterizedTest(name = "killed at {0}")
  @EnumSource(value = KillPoint.class, names = {"HELM_WRITE", "ROLLBACK"})
  @DisplayName("Given a release killed at a point, when it is run again, then one deployed revision per stamp with the intended "
      + "image, history true, traffic as before, release.json agreeing, nothing left behind")
  void killedAndRunAgain(KillPoint point) throws Exception {
    // Given / When
    ChaosRound.Result r = ChaosRound.run(world, world.prepare(++round, point), ChaosRound.launcher(), new Random(point.ordinal()));
    System.out.printf("chaos %s: hit=%s at %s, re-run exit %d, %.0f s, problems %s%n", point.label(), r.hit(), r.killedAt(), r.rerunExit(),
        r.took().toMillis() / 1000.0, r.problems());

    // Then
    assertThat(r.hit()).as("the kill landed at " + point.label()).isTrue();
    assertThat(r.problems()).as("what the re-run left").isEmpty();
    assertThat(r.converged()).isTrue();
  }
}
