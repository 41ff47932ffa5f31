package io.stamprelease.plugin.offline;

import io.stamprelease.core.files.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a visit's secret files live on the agent (the agent JVM's run directory), and the check that none is left. */
final class PrivateDirectories {
  private PrivateDirectories() {
  }

  /** No {@code hub-*} directory of a visit is left in this JVM's run directory, and nothing in the workspace's {@code @tmp}. */
  static void assertNoneLeft(Path workspace) throws Exception {
    Path run = RunDirectory.current().path();
    try (Stream<Path> left = Files.list(run)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("private secret directories are deleted after each visit")
          .noneMatch(name -> name.startsWith("hub-"));
    }
    Path tmp = workspace.resolveSibling(workspace.getFileName() + "@tmp");
    try (Stream<Path> left = Files.exists(tmp) ? Files.list(tmp) : Stream.empty()) {
      assertThat(left).as("nothing secret is written beside the workspace").isEmpty();
    }
  }
}
