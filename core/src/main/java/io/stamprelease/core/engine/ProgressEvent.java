package io.stamprelease.core.engine;

import java.time.Instant;

/** A progress report every front end renders: console lines, the CLI display, the report timeline. */
public record ProgressEvent(Instant time, String step, String stamp, String phase, String message) {

  /** {@code [akseDeploy] seattle wait-for-nodes: 3/6 nodes Ready}. */
  public String line() {
    return "[" + step + "]" + (stamp == null ? "" : " " + stamp) + " " + phase + ": " + message;
  }
}
