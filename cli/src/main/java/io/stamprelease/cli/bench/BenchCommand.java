package io.stamprelease.cli.bench;

import picocli.CommandLine.Command;

/** `stamp bench`: benchmarks against simulated hubs that print figures (speed targets live here, never in tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ArmBench.class, RolloutBench.class, ReleaseBench.class, ChaosBench.class},
    description = "Benchmarks against simulated hubs; each prints its figures and the target they are judged against.")
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
