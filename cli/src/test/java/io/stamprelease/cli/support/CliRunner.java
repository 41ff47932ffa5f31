package io.stamprelease.cli.support;

import io.stamprelease.cli.StampCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs `stamp` in-process and captures its streams. */
public record CliRunner(int exitCode, String out, String err) {
  public static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StampCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRunner(code, out.toString(), err.toString());
  }
}
