package io.stamprelease.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs `stamp` in-process and captures its streams. */
record CliRunner(int exitCode, String out, String err) {
  static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StampCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRunner(code, out.toString(), err.toString());
  }
}
