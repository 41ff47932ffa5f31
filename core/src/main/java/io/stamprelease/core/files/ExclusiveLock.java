package io.stamprelease.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One writer at a time: an exclusive OS file lock ({@link FileChannel#tryLock()}, {@code fcntl} on Linux) on a lock file,
 * held while this object is open. The operating system holds such a lock no longer than the process lives, so a
 * process killed with SIGKILL frees it, and a lock file a dead process left behind is only a file: the next process
 * takes the lock and rewrites it. The file records who holds it (pid, host, process start, what it runs), which is what
 * a refused process reports; it is deleted when the holder closes the lock, before the lock is released.
 *
 * <p>Inside one JVM a file is held once: a second {@link #acquire} of it is refused like another process's, without
 * opening the file — POSIX locks belong to the process, and closing any channel of a locked file would release them.
 * For the same reason the holder never opens its lock file a second time.
 */
public final class ExclusiveLock implements AutoCloseable {
  private static final Map<Path, ExclusiveLock> HELD = new HashMap<>();
  private static final int ATTEMPTS = 10;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Holder holder;

  private ExclusiveLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /** Who holds a lock: as recorded in its file (any field may be unknown: the holder may not have written it yet). */
  public record Holder(Long pid, String host, Instant processStart, Instant since, String purpose) {
    static Holder current(String purpose, Instant now) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(self.pid(), hostName(), self.info().startInstant().orElse(null), now, purpose);
    }

    /** {@code pid 4711 on host build-7 (stamp release, since 2025-05-01T10:00:00Z)}. */
    public String describe() {
      if (pid == null) {
        return "another process (it has not recorded itself yet)";
      }
      StringBuilder s = new StringBuilder("pid ").append(pid);
      if (host != null) {
        s.append(" on host ").append(host);
      }
      StringBuilder detail = new StringBuilder();
      if (purpose != null) {
        detail.append(purpose);
      }
      if (since != null) {
        detail.append(detail.length() == 0 ? "" : ", ").append("since ").append(since);
      }
      return detail.length() == 0 ? s.toString() : s.append(" (").append(detail).append(')').toString();
    }

    String text() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("pid", pid);
      fields.put("host", host);
      fields.put("processStart", processStart);
      fields.put("since", since);
      fields.put("purpose", purpose);
      StringBuilder s = new StringBuilder();
      fields.forEach((k, v) -> {
        if (v != null) {
          s.append(k).append('=').append(String.valueOf(v).replace('\n', ' ')).append('\n');
        }
      });
      return s.toString();
    }

    static Holder parse(String text) {
      Map<String, String> fields = new HashMap<>();
      text.lines().forEach(line -> {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      });
      return new Holder(parseLong(fields.get("pid")), fields.get("host"), parseInstant(fields.get("processStart")),
          parseInstant(fields.get("since")), fields.get("purpose"));
    }

    private static Long parseLong(String s) {
      try {
        return s == null ? null : Long.valueOf(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static Instant parseInstant(String s) {
      try {
        return s == null ? null : Instant.parse(s);
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** The lock is held by another process, or by another part of this one; nothing was changed. */
  public static final class HeldException extends RuntimeException {
    private final transient Path file;
    private final transient Holder holder;

    HeldException(Path file, Holder holder) {
      super(file + " is held by " + holder.describe());
      this.file = file;
      this.holder = holder;
    }

    public Path file() {
      return file;
    }

    public Holder holder() {
      return holder;
    }
  }

  /**
   * Takes the lock of {@code lockFile} (created if needed) for {@code purpose} (e.g. {@code stamp release}), or throws
   * {@link HeldException} naming the holder at once: this never waits.
   */
  public static ExclusiveLock acquire(Path lockFile, String purpose) {
    Path file = lockFile.toAbsolutePath().normalize();
    synchronized (HELD) {
      ExclusiveLock mine = HELD.get(file);
      if (mine != null) {
        throw new HeldException(file, mine.holder);
      }
      try {
        Files.createDirectories(file.getParent());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
          ExclusiveLock taken = tryOnce(file, purpose);
          if (taken != null) {
            HELD.put(file, taken);
            return taken;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + file, e);
      }
      throw new UncheckedIOException(new IOException("cannot lock " + file + ": it was replaced " + ATTEMPTS + " times while being locked"));
    }
  }

  /** The lock, or null when the file at the path changed while it was being locked (its holder deleted it): try again. */
  private static ExclusiveLock tryOnce(Path file, String purpose) throws IOException {
    Object before = fileKey(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    boolean keep = false;
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new HeldException(file, Holder.parse(read(channel)));
      }
      // A holder deletes the file before it releases the lock, so the locked file may be one no longer at the path. Once a
      // lock file is unlinked it never comes back, so the same file key at the path before the open and after the lock
      // means the path named the locked file all along. (A stat, not an open: opening it again would release the lock.)
      if (before == null || !before.equals(fileKey(file))) {
        lock.release();
        return null;
      }
      Holder holder = Holder.current(purpose, Instant.now());
      channel.truncate(0);
      ByteBuffer record = ByteBuffer.wrap(holder.text().getBytes(StandardCharsets.UTF_8));
      while (record.hasRemaining()) {
        channel.write(record, record.position());
      }
      channel.force(false);
      keep = true;
      return new ExclusiveLock(file, channel, lock, holder);
    } finally {
      if (!keep) {
        channel.close();
      }
    }
  }

  private static Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read the whole (small) record
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /** The kernel's host name where there is one to read (no DNS lookup, which can hang), else the JDK's. */
  static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException notLinux) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        return "unknown";
      }
    }
  }

  /** What this process recorded in the lock file. */
  public Holder holder() {
    return holder;
  }

  public Path file() {
    return file;
  }

  /** Deletes the lock file, then releases the lock (in that order: see {@link #tryOnce}). Idempotent. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (HELD.get(file) != this) {
        return;
      }
      HELD.remove(file);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a lock file left behind never blocks: the next process takes the lock and rewrites it
      } finally {
        try {
          channel.close(); // releases the lock
        } catch (IOException e) {
          // the process's end releases it anyway
        }
      }
    }
  }
}
