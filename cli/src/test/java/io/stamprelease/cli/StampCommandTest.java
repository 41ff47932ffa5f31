package io.stamprelease.cli;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp: the command tree")
class StampCommandTest {

  @Test
  @DisplayName("--help lists every subcommand and the exit codes")
  void help() {
    CliRunner r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("sim", "deploy", "scale", "rollout", "shift", "release", "report", "demo")
        .contains("2   invalid input (nothing was written)");
  }

  static Stream<String> commandPaths() {
    List<String> paths = new ArrayList<>();
    collect(new CommandLine(new StampCommand()), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        String path = (prefix + " " + name).strip();
        paths.add(path);
        collect(sub, path, paths);
      }
    });
  }

  @ParameterizedTest(name = "stamp {0} --help")
  @MethodSource("commandPaths")
  @DisplayName("every command and subcommand answers --help on stdout, with nothing on stderr (a bad format in a description shows there)")
  void subcommandHelp(String path) {
    List<String> args = new ArrayList<>(List.of(path.split(" ")));
    args.add("--help");

    CliRunner r = CliRunner.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: stamp " + path);
    assertThat(r.err()).isEmpty();
  }

  @Test
  @DisplayName("a command that does not exist is invalid input: exit 2, nothing done")
  void unknownCommand() {
    CliRunner r = CliRunner.run("gate");
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("Unmatched argument at index 0: 'gate'");
  }

  @Test
  @DisplayName("an unknown option is invalid input: exit 2 with the usage")
  void unknownOption() {
    CliRunner r = CliRunner.run("sim", "--dir", "x", "--nope");
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("Unknown option: '--nope'").contains("Usage: stamp sim");
  }
}
