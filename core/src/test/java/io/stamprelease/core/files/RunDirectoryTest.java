package io.stamprelease.core.files;

import io.stamprelease.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A run's private files live in one run directory: deleted on exit and SIGTERM, swept after SIGKILL")
class RunDirectoryTest {
  @TempDir
  Path tmp;

  ChildJvm holder() throws Exception {
    return ChildJvm.start(RunDirectoryHolder.class, List.of("-Djava.io.tmpdir=" + tmp), Map.of());
  }

  static Path runOf(ChildJvm child) throws Exception {
    return Path.of(child.awaitLine(l -> l.startsWith("run "), Duration.ofSeconds(60)).substring(4));
  }

  @Test
  @DisplayName("Given a run killed with SIGKILL, when the next run sweeps, then the dead run's directory and its credentials are gone "
      + "and a live run's directory stays")
  void sweptAfterSigkill() throws Exception {
    // Given
    Path base = tmp.resolve("stamp-release-" + System.getProperty("user.name"));
    Path dead;
    try (ChildJvm killed = holder(); ChildJvm live = holder()) {
      dead = runOf(killed);
      Path alive = runOf(live);
      assertThat(dead.getParent()).isEqualTo(base);
      assertThat(dead.getFileName().toString()).startsWith("run-" + killed.pid() + "-");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dead))).isEqualTo("rwx------");
      killed.kill();
      assertThat(dead).as("SIGKILL runs no shutdown hook").isDirectory();

      // When
      int removed = RunDirectory.sweep(base);

      // Then
      assertThat(removed).isEqualTo(1);
      assertThat(dead).doesNotExist();
      assertThat(alive).isDirectory();
      try (var files = Files.walk(alive)) {
        assertThat(files.filter(p -> p.getFileName().toString().equals("kubeconfig"))).hasSize(1);
      }
    }
  }

  @Test
  @DisplayName("Given a run terminated with SIGTERM (Ctrl-C, a CI abort), then its shutdown hook has deleted its directory")
  void deletedOnSigterm() throws Exception {
    try (ChildJvm child = holder()) {
      Path run = runOf(child);
      assertThat(run).isDirectory();

      child.terminate();

      assertThat(run).doesNotExist();
    }
  }

  @Test
  @DisplayName("Given run directories of a live process, of a reused pid and a stranger's directory, then only the reused pid's is swept")
  void onlyDeadRunsAreSwept() throws Exception {
    Path base = Files.createDirectory(tmp.resolve("base"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().orElseThrow().toEpochMilli();
    Path mine = Files.createDirectory(base.resolve("run-" + self.pid() + "-" + start));
    Path reused = Files.createDirectory(base.resolve("run-" + self.pid() + "-" + (start - 86_400_000L)));
    Files.writeString(reused.resolve("kubeconfig"), "token: x\n");
    Path stranger = Files.createDirectory(base.resolve("run-notes"));

    int removed = RunDirectory.sweep(base);

    assertThat(removed).isEqualTo(1);
    assertThat(reused).doesNotExist();
    assertThat(mine).isDirectory();
    assertThat(stranger).isDirectory();
  }

  @Test
  @DisplayName("Given a base directory others can enter, when a run starts, then it is refused naming the directory and its permissions")
  void refusesASharedBase() throws Exception {
    Path base = Files.createDirectory(tmp.resolve("shared"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> RunDirectory.create(base)).hasMessageContaining("cannot create this run's private directory under " + base)
        .hasRootCauseMessage(base + " must be a directory of user " + System.getProperty("user.name") + " that only its owner can use (it holds "
            + "credentials while a command runs); it is owned by " + System.getProperty("user.name") + " with permissions rwxrwxrwx: remove it, "
            + "or set java.io.tmpdir to another directory");
  }
}
