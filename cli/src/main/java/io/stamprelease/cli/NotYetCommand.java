package io.stamprelease.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A subcommand whose behaviour arrives with a later issue: it says so and writes nothing. */
abstract class NotYetCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: `stamp " + spec.name() + "` is not implemented in this build yet; nothing was done.");
    return ExitCode.FAILED;
  }
}
