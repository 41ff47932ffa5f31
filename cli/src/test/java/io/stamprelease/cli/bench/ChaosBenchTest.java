package io.stamprelease.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("stamp bench chaos refuses bad options before it starts a world")
class ChaosBenchTest {
  @Test
  @DisplayName("Given a point that does not exist, when the bench starts, then it exits 2 naming the allowed points and creates nothing")
  void unknownPoint(@TempDir Path tmp) {
    // Given
    Path dir = tmp.resolve("chaos");
    // When
    CliRunner r = CliRunner.run("bench", "chaos", "--points", "helm-write,explode", "--dir", dir.toString());
    // Then
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("--points: unknown point 'explode' (allowed: drain, helm-write, tracking, rollback, restore, bake, gate, "
        + "cluster-deploy, scale-in)");
    assertThat(dir).doesNotExist();
  }

  @Test
  @DisplayName("Given no kill at all, when the bench starts, then it exits 2 saying how many it needs")
  void noKills(@TempDir Path tmp) {
    CliRunner r = CliRunner.run("bench", "chaos", "--kills", "0", "--dir", tmp.resolve("chaos").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("--kills: must be 1 or more (was 0)");
    assertThat(tmp.resolve("chaos")).doesNotExist();
  }
}
