package io.stamprelease.core.release;

import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("release state file")
class ReleaseStateTest {
  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  static final ReleasePlan PLAN = ReleasePlanFile.load(Path.of("..", "samples", "stamps.yaml"), Set.of("seattle", "denver", "austin"), Set.of());

  @Test
  @DisplayName("a new state has every stamp and wave pending, and survives a write and read unchanged")
  void roundTrip(@TempDir Path dir) {
    // Given
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    ReleaseState s = ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test", NOW);
    s.stamps.get("seattle").restoreTo = EndpointSetting.enabled(500);
    s.record.started("drain", "seattle", "seattle", "canary", NOW);

    // When
    file.write(s);
    ReleaseState read = file.read();

    // Then
    assertThat(read.stamps).containsOnlyKeys("seattle", "denver", "austin");
    assertThat(read.stamps.get("seattle").restoreTo).isEqualTo(EndpointSetting.enabled(500));
    assertThat(read.toRecord()).isEqualTo(s.toRecord());
    assertThat(read.toRecord().stamps()).extracting(ReleaseRecord.StampRecord::stamp).containsExactly("seattle", "denver", "austin");
    assertThat(read.toRecord().stamps().get(0).phases()).singleElement().satisfies(p -> assertThat(p.phase()).isEqualTo("drain"));
    assertThat(read.waves.values()).extracting(w -> w.phase).containsOnly(WavePhase.PENDING);
    assertThat(read.toRecord().startedBy()).isEqualTo("carol");
    assertThat(dir.toFile().list()).containsExactly("release-state.json"); // no temp file left behind
  }

  @Test
  @DisplayName("a state file of another plan is refused as invalid input")
  void otherPlan(@TempDir Path dir) {
    // Given
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    file.write(ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test", NOW));

    // When / Then
    assertThatThrownBy(() -> ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:2", file, "carol", null, "test", NOW))
        .isInstanceOf(io.stamprelease.core.input.InvalidInputException.class).hasMessageContaining("belongs to another version of the plan");
  }

  @Test
  @DisplayName("--from denver starts denver and every later stamp over, keeps seattle and its wave, and reopens the release")
  void fromStamp(@TempDir Path dir) {
    // Given: seattle released, denver failed, austin frozen, the release halted
    ReleaseStateFile file = new ReleaseStateFile(dir.resolve("release-state.json"));
    ReleaseState s = ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "carol", null, "test", NOW);
    s.stamps.get("seattle").phase = StampPhase.SUCCEEDED;
    s.stamps.get("denver").phase = StampPhase.FAILED;
    s.stamps.get("austin").phase = StampPhase.FROZEN;
    s.waves.get("canary").phase = WavePhase.DONE;
    s.waves.get("rest").phase = WavePhase.RUNNING;
    s.result = ReleaseRecord.Result.HALTED;
    file.write(s);

    // When
    ReleaseState again = ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", file, "dave", "denver", "test", NOW);

    // Then
    assertThat(again.stamps.get("seattle").phase).isEqualTo(StampPhase.SUCCEEDED);
    assertThat(again.stamps.get("denver").phase).isEqualTo(StampPhase.PENDING);
    assertThat(again.stamps.get("austin").phase).isEqualTo(StampPhase.PENDING);
    assertThat(again.waves.get("canary").phase).isEqualTo(WavePhase.DONE);
    assertThat(again.waves.get("rest").phase).isEqualTo(WavePhase.PENDING);
    assertThat(again.result).isEqualTo(ReleaseRecord.Result.RUNNING);
    assertThat(again.toRecord().notes()).anySatisfy(n -> assertThat(n).contains("re-run from stamp denver by dave"));
  }

  @Test
  @DisplayName("--from an unknown stamp is invalid input")
  void fromUnknown(@TempDir Path dir) {
    assertThatThrownBy(() -> ReleaseStart.prepare(PLAN, "stamps.yaml", "sha256:1", new ReleaseStateFile(dir.resolve("s.json")),
        "carol", "paris", null, NOW)).isInstanceOf(io.stamprelease.core.input.InvalidInputException.class).hasMessageContaining("no stamp 'paris'");
  }

  @Test
  @DisplayName("a report directory that is a file, or a state file under a file, is invalid input before anything is written")
  void whereItWrites(@TempDir Path dir) throws Exception {
    // Given
    Path aFile = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
    // When / Then
    assertThatThrownBy(() -> ReleaseStart.checkWhereItWrites(dir.resolve("state.json"), aFile))
        .isInstanceOf(io.stamprelease.core.input.InvalidInputException.class)
        .hasMessageContaining("out: '" + aFile + "' is not a writable directory (allowed: a directory for release.json and release-report.html");
    assertThatThrownBy(() -> ReleaseStart.checkWhereItWrites(aFile.resolve("sub").resolve("state.json"), dir.resolve("reports")))
        .isInstanceOf(io.stamprelease.core.input.InvalidInputException.class)
        .hasMessageContaining("state: cannot be created: '" + aFile + "' is a file, not a directory").hasMessageNotContaining("out:");
    assertThatThrownBy(() -> ReleaseStart.checkWhereItWrites(dir, dir.resolve("reports")))
        .isInstanceOf(io.stamprelease.core.input.InvalidInputException.class).hasMessageContaining("state: '" + dir + "' is not a writable file");
    // a new state file and report directory, however deep, are fine
    ReleaseStart.checkWhereItWrites(dir.resolve("new/state.json"), dir.resolve("new/reports"));
    assertThat(java.nio.file.Files.exists(dir.resolve("new"))).as("judging writes nothing").isFalse();
  }
}
