package io.stamprelease.core.files;

import io.stamprelease.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("One writer at a time: an OS file lock that names its holder and dies with it")
class ExclusiveLockTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("Given another process holds the lock, when this one asks for it, then it is refused at once, naming the holder's pid and host")
  void heldByAnotherProcess() throws Exception {
    Path file = dir.resolve("release-state.json.lock");
    try (ChildJvm holder = ChildJvm.start(LockHolder.class, Map.of(), file.toString())) {
      holder.awaitLine(l -> l.startsWith("held by"), Duration.ofSeconds(60));
      String recorded = Files.readString(file);

      // When / Then
      assertThatThrownBy(() -> ExclusiveLock.acquire(file, "second writer"))
          .isInstanceOfSatisfying(ExclusiveLock.HeldException.class, e -> {
            assertThat(e.holder().pid()).isEqualTo(holder.pid());
            assertThat(e.holder().host()).isEqualTo(ExclusiveLock.hostName());
            assertThat(e.holder().purpose()).isEqualTo("lock holder test");
            assertThat(e.getMessage()).contains("pid " + holder.pid(), "on host ", "lock holder test", "since ");
          });
      assertThat(file).hasContent(recorded.strip());
    }
  }

  @Test
  @DisplayName("Given the holder is killed with SIGKILL, when another process asks, then it gets the lock over the dead process's file")
  void freedBySigkill() throws Exception {
    // Given
    Path file = dir.resolve("state.lock");
    ChildJvm holder = ChildJvm.start(LockHolder.class, Map.of(), file.toString());
    holder.awaitLine(l -> l.startsWith("held by"), Duration.ofSeconds(60));
    assertThatThrownBy(() -> ExclusiveLock.acquire(file, "test")).isInstanceOf(ExclusiveLock.HeldException.class);

    // When
    holder.kill();

    // Then: the dead process's record is still there, and does not block
    assertThat(Files.readString(file)).contains("pid=" + holder.pid());
    try (ExclusiveLock lock = ExclusiveLock.acquire(file, "after the kill")) {
      assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(Files.readString(file)).contains("pid=" + ProcessHandle.current().pid(), "purpose=after the kill")
          .doesNotContain("pid=" + holder.pid());
    }
  }

  @Test
  @DisplayName("Given a lock file a crashed run left with a pid in it, when the lock is asked for, then the file does not block")
  void staleFileNeverBlocks() throws Exception {
    Path file = dir.resolve("state.lock");
    Files.writeString(file, "pid=999999\nhost=elsewhere\npurpose=stamp release\n");

    try (ExclusiveLock lock = ExclusiveLock.acquire(file, "stamp release")) {
      assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
    }
  }

  @Test
  @DisplayName("Given this JVM holds the lock, when it asks again, then it is refused naming itself, and the lock stays held")
  void heldInThisJvm() {
    Path file = dir.resolve("state.lock");
    try (ExclusiveLock first = ExclusiveLock.acquire(file, "first")) {
      assertThatThrownBy(() -> ExclusiveLock.acquire(file, "second"))
          .isInstanceOfSatisfying(ExclusiveLock.HeldException.class, e -> assertThat(e.holder()).isEqualTo(first.holder()));
      assertThat(file).exists();
    }
  }

  @Test
  @DisplayName("Given a held lock, when it is closed, then its file is gone and the lock can be taken again")
  void closeDeletesTheFile() {
    Path file = dir.resolve("sub/state.lock");
    ExclusiveLock lock = ExclusiveLock.acquire(file, "first");
    assertThat(file).exists();

    lock.close();
    lock.close();

    assertThat(file).doesNotExist();
    try (ExclusiveLock again = ExclusiveLock.acquire(file, "again")) {
      assertThat(again.holder().purpose()).isEqualTo("again");
    }
  }
}
