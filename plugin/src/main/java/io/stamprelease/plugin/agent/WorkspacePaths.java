package io.stamprelease.plugin.agent;

import java.io.File;
import java.nio.file.Path;

/** Step arguments that name files: relative to the build's workspace on the agent, absolute paths as they are. */
public final class WorkspacePaths {
  private WorkspacePaths() {
  }

  /** {@code file} resolved against {@code workspace}; null for no file. On the controller ({@code workspace} null) a relative path stays relative. */
  public static Path path(File workspace, String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    Path p = Path.of(file);
    return p.isAbsolute() || workspace == null ? p : workspace.toPath().resolve(p).normalize();
  }
}
