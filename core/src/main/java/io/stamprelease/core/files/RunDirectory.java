package io.stamprelease.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one directory a process keeps its private, short-lived files in — Helm's private home, the kubeconfig copies
 * Helm's upgrade needs, rebuilt charts — so that nothing of a run outlives it:
 * {@code <base>/run-<pid>-<process start in epoch ms>}, 0700, where {@code <base>} is
 * {@code ${java.io.tmpdir}/stamp-release-<user>} (0700, and refused unless it is the user's own).
 *
 * <ul>
 *   <li>A shutdown hook deletes it: a normal end, {@code System.exit}, SIGTERM, Ctrl-C.</li>
 *   <li>A process killed with SIGKILL cannot delete it; the next run of any Stamp Release process of the same user on
 *       this machine removes every run directory whose process is gone ({@link #sweep}): its pid runs no process, or a
 *       process that started at another time (a reused pid). Directories of live processes are never touched.</li>
 * </ul>
 *
 * One per JVM ({@link #current()}); a Jenkins agent's JVM is one run.
 */
public final class RunDirectory {
  private static final Pattern NAME = Pattern.compile("run-(\\d+)-(\\d+)");
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static RunDirectory current;

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /**
   * This process's run directory: on first use the base is checked, the directories of dead runs are swept, this run's
   * directory is created and a shutdown hook registered to delete it.
   */
  public static synchronized RunDirectory current() {
    if (current == null) {
      current = create(defaultBase());
    }
    return current;
  }

  /** {@code ${java.io.tmpdir}/stamp-release-<user>}. */
  public static Path defaultBase() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir")).resolve("stamp-release-" + user);
  }

  static RunDirectory create(Path base) {
    try {
      ensurePrivate(base);
      sweep(base);
      ProcessHandle self = ProcessHandle.current();
      Path dir = base.resolve("run-" + self.pid() + "-" + startMillis(self));
      try {
        createPrivate(dir);
      } catch (FileAlreadyExistsException e) {
        // this very process (same pid, same start) made it: a JVM creates one, so only a second class loader gets here
      }
      RunDirectory run = new RunDirectory(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "stamp-release-run-cleanup"));
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create this run's private directory under " + base, e);
    }
  }

  public Path path() {
    return path;
  }

  /** A new 0700 directory inside the run directory, e.g. one per rollout for its kubeconfig copy. */
  public Path newPrivateDirectory(String prefix) {
    try {
      Files.createDirectories(path);
      return supportsPosix(path) ? Files.createTempDirectory(path, prefix, PRIVATE_DIR) : Files.createTempDirectory(path, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private directory in " + path, e);
    }
  }

  /** A fixed 0700 sub-directory of the run directory (created if missing), e.g. Helm's private home. */
  public Path subdirectory(String name) {
    Path dir = path.resolve(name);
    try {
      if (!Files.isDirectory(dir)) {
        createPrivate(dir);
      }
      return dir;
    } catch (FileAlreadyExistsException e) {
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /**
   * Deletes the run directories under {@code base} whose process is gone; returns how many. A directory whose name is not
   * a run directory's is left alone.
   */
  public static int sweep(Path base) {
    if (!Files.isDirectory(base)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(base, "run-*")) {
      for (Path run : runs) {
        Matcher m = NAME.matcher(run.getFileName().toString());
        if (m.matches() && !alive(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
          deleteTree(run);
          removed += Files.exists(run) ? 0 : 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run directories in " + base, e);
    }
    return removed;
  }

  /** True when {@code pid} runs a process that started at {@code startMillis} (0: unknown, then the pid alone decides). */
  static boolean alive(long pid, long startMillis) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    long start = startMillis(process.get());
    return startMillis == 0 || start == 0 || start == startMillis;
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** The base is created 0700; an existing one must be a directory of this user that nobody else can enter. */
  private static void ensurePrivate(Path base) throws IOException {
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(base.getParent());
        createPrivate(base);
      } catch (FileAlreadyExistsException raced) {
        // another process created it at the same moment: checked below
      }
    }
    if (!supportsPosix(base)) {
      return;
    }
    PosixFileAttributes attributes = Files.readAttributes(base, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String me = System.getProperty("user.name");
    Set<PosixFilePermission> groupOrOthers = EnumSet.noneOf(PosixFilePermission.class);
    groupOrOthers.addAll(attributes.permissions());
    groupOrOthers.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    boolean others = !groupOrOthers.isEmpty();
    if (!attributes.isDirectory() || attributes.isSymbolicLink() || !attributes.owner().getName().equals(me) || others) {
      throw new IOException(base + " must be a directory of user " + me + " that only its owner can use (it holds credentials "
          + "while a command runs); it is " + (attributes.isDirectory() ? "owned by " + attributes.owner().getName() + " with permissions "
          + PosixFilePermissions.toString(attributes.permissions()) : "not a directory") + ": remove it, or set java.io.tmpdir to another directory");
    }
  }

  private static void createPrivate(Path dir) throws IOException {
    if (supportsPosix(dir.getParent())) {
      Files.createDirectory(dir, PRIVATE_DIR);
    } else {
      Files.createDirectory(dir);
    }
  }

  private static boolean supportsPosix(Path existing) {
    try {
      return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes a directory tree, best effort (a file that cannot be deleted is left for the next sweep). */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // left for the next sweep
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // left for the next sweep
    }
  }
}
