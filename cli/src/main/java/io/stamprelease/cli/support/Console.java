package io.stamprelease.cli.support;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Where `stamp` writes: progress to stderr (timestamped), machine-readable results to stdout. */
public final class Console {
  private final PrintWriter out;
  private final PrintWriter err;

  public Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public void progress(String message) {
    err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    err.flush();
  }

  public void error(String message) {
    err.println("error: " + message);
    err.flush();
  }

  public void result(String text) {
    out.println(text);
    out.flush();
  }
}
