package io.stamprelease.core.clients.helm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives Helm a private home for a process that runs it (the CLI; tests get the same from surefire's settings).
 *
 * <p>Why at run time and through libc: helm-java runs Helm as a Go shared library, and the Go runtime takes its
 * copy of the process environment from the C environment, not from Java's {@code System.getenv()} (which cannot be
 * changed). Helm then reads {@code HOME} (client-go caches discovery under {@code $HOME/.kube/cache} for 10 minutes,
 * stale across clusters), {@code HELM_CACHE_HOME}, {@code HELM_CONFIG_HOME} (repositories, registry logins) and
 * {@code HELM_DATA_HOME}. So, before the first Helm call, {@code setenv(3)} points them at a private 0700 directory,
 * and {@code java.io.tmpdir}/{@code jna.tmpdir} (where helm-java unpacks its ~98 MB {@code .so} and JNA its stub)
 * move there too, so nothing lands in the user's home or a shared /tmp. The directory is deleted at exit.
 */
public final class HelmProcessEnvironment {
  private static Path home;

  private HelmProcessEnvironment() {
  }

  /** The C library's setenv; JNA binds it by name. */
  interface LibC extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /** Idempotent: the first call creates the directory and sets the environment; later calls return it. */
  public static synchronized Path prepare() {
    if (home != null) {
      return home;
    }
    try {
      Path dir = Files.createTempDirectory("stamp-helm-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      for (String sub : new String[] {"home", "cache", "config", "data", "tmp", "jna"}) {
        Files.createDirectories(dir.resolve(sub));
      }
      // JNA unpacks its own native stub into jna.tmpdir on first use, so set it before loading libc
      System.setProperty("jna.tmpdir", dir.resolve("jna").toString());
      System.setProperty("java.io.tmpdir", dir.resolve("tmp").toString());
      System.setProperty("com.marcnuri.jkube-helm.skipRemoteJar", "true");
      LibC libc = Native.load("c", LibC.class);
      Map<String, Path> env = Map.of("HOME", dir.resolve("home"), "HELM_CACHE_HOME", dir.resolve("cache"),
          "HELM_CONFIG_HOME", dir.resolve("config"), "HELM_DATA_HOME", dir.resolve("data"));
      env.forEach((name, value) -> {
        if (libc.setenv(name, value.toString(), 1) != 0) {
          throw new IllegalStateException("setenv " + name + " failed");
        }
      });
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "stamp-helm-cleanup"));
      home = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private directory for Helm", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort at exit
    }
  }
}
