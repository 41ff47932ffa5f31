package io.stamprelease.plugin.offline;

import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The build log in memory. */
final class RecordingListener implements TaskListener {
  private static final long serialVersionUID = 1L;
  private final transient ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final transient PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Override
  public PrintStream getLogger() {
    return out;
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
