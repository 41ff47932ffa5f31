package io.stamprelease.cli.support;

/** Exit codes of every `stamp` command; scripts and CI branch on them. */
public final class ExitCode {
  /** The operation succeeded. */
  public static final int OK = 0;
  /** The operation ran and failed (for example a rollout that was rolled back). */
  public static final int FAILED = 1;
  /** Invalid input: nothing was written to any hub. */
  public static final int INVALID_INPUT = 2;
  /** A hub could not be reached or authenticated to. */
  public static final int UNREACHABLE = 3;

  private ExitCode() {
  }
}
