package io.stamprelease.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one way Stamp Release replaces a file: the content goes to a temporary sibling (created 0600 where the file system
 * has POSIX permissions, so nobody reads it half-written), is forced to disk, given the permissions the file had (a new
 * file: {@code rw-r--r--}, what a plain write gives under the usual umask) and renamed over the file atomically; the
 * directory is then forced too where the platform allows it. A reader — or the next run after a kill — sees the old file or the new one, never half of
 * one. A writer killed between the two leaves only its temporary sibling, named {@code .<file>.<random>.tmp}, which
 * {@link #sweepTemporaries(Path)} removes.
 */
public final class AtomicFile {
  private AtomicFile() {
  }

  /** Replaces {@code file} with {@code text} (UTF-8), creating its directory if needed. */
  public static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code file} with {@code content}, creating its directory if needed. */
  public static void write(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, prefix(target), ".tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      keepPermissions(target, tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the sweep of the next run removes it
        }
      }
    }
  }

  /**
   * Removes the temporary siblings of {@code file} that a killed writer left behind; returns how many. Call it only
   * while holding the file's lock: a live writer's temporary file looks the same.
   */
  public static int sweepTemporaries(Path file) {
    Path target = file.toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(), prefix(target) + "*.tmp")) {
      for (Path p : leftovers) {
        if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary files left beside " + file, e);
    }
    return removed;
  }

  private static void keepPermissions(Path target, Path tmp) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.exists(target) ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, permissions);
  }

  private static String prefix(Path target) {
    return "." + target.getFileName() + ".";
  }

  /** Makes the rename itself durable; not every platform can open a directory (Windows cannot), and then the rename is all we have. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // best effort: the file's own content was forced before the rename
    }
  }
}
