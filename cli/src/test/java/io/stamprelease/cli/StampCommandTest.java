package io.stamprelease.cli;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp: the command tree")
class StampCommandTest {

  @Test
  @DisplayName("--help lists every subcommand and the exit codes")
  void help() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("sim", "deploy", "scale", "rollout", "shift", "gate", "release", "report", "demo")
        .contains("2   invalid input (nothing was written)");
  }

  @ParameterizedTest(name = "stamp {0} --help works")
  @ValueSource(strings = {"sim", "deploy", "scale", "rollout", "shift", "gate", "release", "report", "demo"})
  @DisplayName("every subcommand answers --help")
  void subcommandHelp(String name) {
    CliRunner r = CliRunner.run(name, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: stamp " + name);
  }

  @Test
  @DisplayName("a subcommand not built yet says so, does nothing and exits 1")
  void notYet() {
    CliRunner r = CliRunner.run("gate");
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err()).contains("not implemented in this build yet; nothing was done");
  }

  @Test
  @DisplayName("an unknown option is invalid input: exit 2 with the usage")
  void unknownOption() {
    CliRunner r = CliRunner.run("sim", "--dir", "x", "--nope");
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("Unknown option: '--nope'").contains("Usage: stamp sim");
  }
}
