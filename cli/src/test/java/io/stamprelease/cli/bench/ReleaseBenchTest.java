package io.stamprelease.cli.bench;

import io.stamprelease.core.release.ReleasePlan;
import io.stamprelease.core.release.ReleasePlanFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp bench release: the physical floor from the configured inputs (arithmetic only, nothing timed)")
class ReleaseBenchTest {

  static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  @Test
  @DisplayName("a stamp's floor: drain DNS wait + pod start + readiness + probe DNS wait + steps x (DNS wait + bake)")
  void stampFloor() {
    // Given the defaults of the benchmark at scale 1
    ReleaseFloor f = new ReleaseFloor(ms(500), ms(100), ms(1000), ms(500), 3, ms(500), ms(1000));

    // Then
    assertThat(f.rollout()).isEqualTo(ms(1100));
    assertThat(f.restore()).isEqualTo(ms(4500));
    assertThat(f.stamp()).isEqualTo(ms(500 + 1100 + 500 + 4500));
  }

  @Test
  @DisplayName("the total is the sum over waves of each wave's slowest stamp, plus the gates")
  void totalOverWaves() {
    // Given three waves of 1, 3 and 2 stamps with different floors
    List<List<Duration>> waves = List.of(List.of(ms(6600)), List.of(ms(6000), ms(7000), ms(6500)), List.of(ms(100), ms(200)));

    // Then
    assertThat(ReleaseFloor.perWave(waves)).containsExactly(ms(6600), ms(7000), ms(200));
    assertThat(ReleaseFloor.total(waves, Duration.ZERO)).isEqualTo(ms(13_800));
    assertThat(ReleaseFloor.total(waves, ms(1200))).isEqualTo(ms(15_000));
    assertThat(ReleaseFloor.ratio(ms(14_490), ms(13_800))).isEqualTo(1.05, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(ReleaseFloor.ratio(ms(1), Duration.ZERO)).isInfinite();
  }

  @Test
  @DisplayName("--scale multiplies a duration to the millisecond")
  void scaled() {
    assertThat(ReleaseFloor.scaled(ms(500), 10)).isEqualTo(ms(5000));
    assertThat(ReleaseFloor.scaled(ms(1000), 2.5)).isEqualTo(ms(2500));
    assertThat(ReleaseFloor.scaled(ms(3), 0.5)).isEqualTo(ms(2));
  }

  @Test
  @DisplayName("restore steps counted as the orchestrator plans them: steps at or below the weight so far are skipped, 100 % never")
  void restoreWeightSteps() {
    assertThat(ReleaseBench.restoreWeightSteps(100, List.of(10, 50, 100))).isEqualTo(3);
    // 10 % of 5 is 1 (the PROBE step's weight): skipped
    assertThat(ReleaseBench.restoreWeightSteps(5, List.of(10, 50, 100))).isEqualTo(2);
    assertThat(ReleaseBench.restoreWeightSteps(1, List.of(10, 50, 100))).isEqualTo(1);
  }

  @Test
  @DisplayName("the written plan has the waves with maxParallel = wave size, the bake, and gates on all but the last wave")
  void writtenPlan(@TempDir Path work) throws Exception {
    // Given
    Files.createDirectories(work.resolve("charts/demo"));
    List<List<String>> waves = List.of(List.of("seattle"), List.of("denver", "austin", "boston"));

    // When
    Path file = ReleaseBench.writePlan(work, waves, ms(1500), ms(10_000));
    ReleasePlan plan = ReleasePlanFile.load(file, Set.of("seattle", "denver", "austin", "boston"), Set.of("seattle", "denver", "austin", "boston"));

    // Then
    assertThat(plan.waves()).extracting(ReleasePlan.Wave::maxParallel).containsExactly(1, 3);
    assertThat(plan.waves().get(0).gate()).isNotNull();
    assertThat(plan.waves().get(1).gate()).isNull();
    assertThat(plan.traffic().bake()).isEqualTo(ms(10_000));
    assertThat(plan.traffic().restoreSteps()).containsExactly(10, 50, 100);
    assertThat(Files.readString(work.resolve("release-values.yaml"))).contains("behavior: \"slow:1500ms\"").contains("replicas: 1");
  }
}
