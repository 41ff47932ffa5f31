package io.stamprelease.core.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Files are replaced whole: a temporary sibling, forced, renamed")
class AtomicFileTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("Given no file and no directory, when it is written, then both exist, the file readable as usual, and nothing else is left")
  void newFile() throws Exception {
    Path file = dir.resolve("reports/release.json");

    AtomicFile.write(file, "{}\n");

    assertThat(file).hasContent("{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  @DisplayName("Given a private file, when it is replaced, then it keeps its permissions")
  void keepsPermissions() throws Exception {
    Path file = dir.resolve("release-state.json");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    AtomicFile.write(file, "new");

    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  @DisplayName("Given the temporary files of a killed writer, when they are swept, then only they go")
  void sweep() throws Exception {
    Path file = dir.resolve("release-state.json");
    AtomicFile.write(file, "whole");
    Files.writeString(dir.resolve(".release-state.json.8812345.tmp"), "half");
    Files.writeString(dir.resolve(".release-state.json.77.tmp"), "half");
    Files.writeString(dir.resolve(".release.json.1.tmp"), "another file's");

    int removed = AtomicFile.sweepTemporaries(file);

    assertThat(removed).isEqualTo(2);
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("release-state.json", ".release.json.1.tmp");
    }
    assertThat(file).hasContent("whole");
  }
}
