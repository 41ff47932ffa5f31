package io.stamprelease.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Where `stamp` writes: progress to stderr (timestamped), machine-readable results to stdout. */
final class Console {
  private final PrintWriter out;
  private final PrintWriter err;

  Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  void progress(String message) {
    err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    err.flush();
  }

  void error(String message) {
    err.println("error: " + message);
    err.flush();
  }

  void result(String text) {
    out.println(text);
    out.flush();
  }
}
