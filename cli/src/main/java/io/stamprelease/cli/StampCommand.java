package io.stamprelease.cli;

import io.stamprelease.cli.release.DemoCommand;
import io.stamprelease.cli.release.ReleaseCommand;
import io.stamprelease.cli.release.ReportCommand;
import io.stamprelease.cli.sim.SimCommand;
import io.stamprelease.cli.steps.DeployCommand;
import io.stamprelease.cli.steps.RolloutCommand;
import io.stamprelease.cli.steps.ScaleCommand;
import io.stamprelease.cli.steps.ShiftCommand;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.report.ToolVersion;
import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** `stamp`: release an application stamp by stamp across AKS Engine clusters on Azure Stack Hub. */
@Command(name = "stamp", mixinStandardHelpOptions = true, versionProvider = StampCommand.Version.class,
    description = "Release an application stamp by stamp across AKS Engine clusters on Azure Stack Hub.",
    subcommands = {SimCommand.class, DemoCommand.class, DeployCommand.class, ScaleCommand.class, RolloutCommand.class,
        ShiftCommand.class, ReleaseCommand.class, ReportCommand.class,
        io.stamprelease.cli.bench.BenchCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the operation failed (e.g. rolled back)", "2:invalid input (nothing was written)",
        "3:cannot reach or authenticate to a hub"})
public final class StampCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (see `stamp --help`)");
  }

  public static void main(String[] args) {
    quietLibraryLogging();
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs `stamp` with the given streams (tests run it in-process) and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new StampCommand());
    cli.setOut(out).setErr(err);
    cli.setExitCodeExceptionMapper(e -> e instanceof io.stamprelease.core.input.InvalidInputException ? ExitCode.INVALID_INPUT : ExitCode.FAILED);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("error: " + ex.getMessage());
      ex.getCommandLine().usage(err);
      return ExitCode.INVALID_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      err.println("error: " + ex.getMessage());
      return commandLine.getExitCodeExceptionMapper().getExitCode(ex);
    });
    return cli.execute(args);
  }

  /** fabric8's mock server and Vert.x log through java.util.logging to stderr; a CLI must not. */
  static void quietLibraryLogging() {
    LogManager.getLogManager().reset();
    Logger.getLogger("").setLevel(Level.OFF);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {ToolVersion.of("stamp")};
    }
  }
}
