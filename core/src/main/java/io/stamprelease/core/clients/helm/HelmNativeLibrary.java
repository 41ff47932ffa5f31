package io.stamprelease.core.clients.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helm's native library, loaded from a per-user cache instead of a fresh temporary copy per JVM.
 *
 * <p>helm-java's own provider ({@code LinuxAmd64NativeLibrary}) copies the 97.9 MB {@code helm-linux-amd64.so} out of
 * its 28.5 MB jar into a new {@code helm-java*} temporary directory on every JVM start, and a killed JVM leaves it
 * there; on a Jenkins agent the copy comes through Remoting each time. This provider extracts it once per version into
 * {@code <cache>/helm-java-<version>/helm-linux-amd64-<sha256 prefix>.so}, checks the SHA-256 against the one this build
 * pins ({@code helm-native.properties}) on extraction and on every load, and loads it from there.
 * {@code <cache>} is {@code $XDG_CACHE_HOME/stamp-release}, else {@code ~/.cache/stamp-release}. A library of an older
 * version not loaded for {@link #UNUSED} is removed when a new one is extracted.
 *
 * <p>helm-java looks its provider up with {@code ServiceLoader} through the calling thread's context class loader
 * ({@code NativeLibrary.getInstance()}, on the first Helm call). {@link HelmCalls} runs every call on a thread whose
 * context class loader is {@link #providerLoader()}: the loader of this class, showing only this provider. That also
 * makes the lookup independent of whichever loader the calling thread had (Jenkins' Timer thread has core's).
 */
public final class HelmNativeLibrary implements NativeLibrary {
  /** The platform helm-java bundles for us (core depends on {@code com.marcnuri.helm-java:linux-amd64}). */
  static final String BINARY = "helm-linux-amd64.so";
  static final Duration UNUSED = Duration.ofDays(30);
  private static final String SERVICE = "META-INF/services/" + NativeLibrary.class.getName();
  private static final String PROVIDER = "io/stamprelease/core/clients/helm/native-library.provider";
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.(\\d+)\\.tmp");
  private static ClassLoader providerLoader;

  /** A timing of {@link #cached}: what it found and how long it took. */
  public record Timing(Path library, boolean extracted, Duration elapsed) {
  }

  private static Timing lastTiming;

  public HelmNativeLibrary() {
    // ServiceLoader's provider
  }

  @Override
  public String getBinaryName() {
    return BINARY;
  }

  /** Prepares Helm's private environment, then loads the cached library (extracting it first when it is not there). */
  @Override
  public HelmLib load() {
    HelmProcessEnvironment.prepare();
    HelmSignals.save(); // the JVM's SIGINT/SIGTERM/SIGQUIT handlers, before Go can take them
    Timing timing = cached(cacheDirectory());
    synchronized (HelmNativeLibrary.class) {
      lastTiming = timing;
    }
    return Native.load(timing.library().toString(), HelmLib.class);
  }

  /** How this JVM got its library (null before the first Helm call). */
  public static synchronized Timing lastTiming() {
    return lastTiming;
  }

  /**
   * {@code $XDG_CACHE_HOME/stamp-release}, else {@code $HOME/.cache/stamp-release} (the XDG base directory rule; {@code HOME}
   * as the environment says, which is what a user or CI job sets — Java's {@code user.home} comes from the password
   * database), else {@code ${user.home}/.cache/stamp-release}.
   */
  public static Path cacheDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    String home = System.getenv("HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
    return base.resolve("stamp-release");
  }

  /** The SHA-256 this build expects of {@link #BINARY}, and helm-java's version. */
  record Pin(String version, String sha256) {
    static Pin of() {
      Properties pins = new Properties();
      Properties helmJava = new Properties();
      try (InputStream in = HelmNativeLibrary.class.getResourceAsStream("helm-native.properties");
           InputStream versions = NativeLibrary.class.getResourceAsStream("/META-INF/native-libraries.properties")) {
        pins.load(in);
        if (versions != null) {
          helmJava.load(versions);
        }
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException("this build lacks helm-native.properties, the SHA-256 of Helm's native library", e);
      }
      String version = helmJava.getProperty("com.marcnuri.jkube-helm.version", "unknown");
      String sha = pins.getProperty(version + "/" + BINARY);
      if (sha == null) {
        throw new IllegalStateException("helm-native.properties pins no SHA-256 for " + BINARY + " of helm-java " + version
            + " (pinned: " + pins.keySet() + "); add the library's SHA-256 when helm-java is upgraded");
      }
      return new Pin(version, sha);
    }
  }

  /**
   * The library in {@code cacheDir}, checked by SHA-256; extracted from the classpath first when it is missing or damaged.
   * Concurrent processes each write their own temporary file and rename it into place (same bytes, atomic rename).
   */
  static Timing cached(Path cacheDir) {
    long start = System.nanoTime();
    Pin pin = Pin.of();
    Path dir = cacheDir.resolve("helm-java-" + pin.version());
    Path library = dir.resolve(BINARY.replace(".so", "-" + pin.sha256().substring(0, 16) + ".so"));
    try {
      if (Files.isRegularFile(library) && sha256(library).equals(pin.sha256())) {
        touch(library);
        return new Timing(library, false, Duration.ofNanos(System.nanoTime() - start));
      }
      createPrivate(cacheDir);
      Files.createDirectories(dir);
      sweepTemporaries(dir);
      extract(pin, library);
      removeUnused(cacheDir, library);
      return new Timing(library, true, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cache Helm's native library in " + dir, e);
    }
  }

  private static void extract(Pin pin, Path library) throws IOException {
    Path tmp = library.resolveSibling("." + library.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    URL resource = HelmNativeLibrary.class.getClassLoader().getResource(BINARY);
    if (resource == null) {
      throw new IllegalStateException(BINARY + " is not on the classpath (com.marcnuri.helm-java:linux-amd64 is missing)");
    }
    String actual;
    try (DigestInputStream in = new DigestInputStream(resource.openStream(), digest());
         OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
             StandardOpenOption.WRITE)) {
      in.transferTo(out);
      actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
    try {
      if (!actual.equals(pin.sha256())) {
        throw new IllegalStateException("the bundled " + BINARY + " has SHA-256 " + actual + ", but this build expects " + pin.sha256()
            + " for helm-java " + pin.version() + "; refusing to load it");
      }
      try (var channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temporary files of an extraction whose process is gone. */
  private static void sweepTemporaries(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path f : files) {
        Matcher m = TEMPORARY.matcher(f.getFileName().toString());
        if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Libraries of other versions that no process loaded for {@link #UNUSED}. */
  private static void removeUnused(Path cacheDir, Path keep) throws IOException {
    FileTime limit = FileTime.from(Instant.now().minus(UNUSED));
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(cacheDir, "helm-java-*")) {
      for (Path version : versions) {
        try (DirectoryStream<Path> libraries = Files.newDirectoryStream(version, "helm-*.so")) {
          for (Path lib : libraries) {
            if (!lib.equals(keep) && Files.getLastModifiedTime(lib).compareTo(limit) < 0) {
              Files.deleteIfExists(lib);
            }
          }
        }
      }
    }
  }

  private static void touch(Path library) {
    try {
      Files.setLastModifiedTime(library, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // only the clean-up of unused versions reads it
    }
  }

  private static void createPrivate(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.getParent());
    try {
      if (Files.getFileStore(dir.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException raced) {
      // another process made it
    }
  }

  static String sha256(Path file) throws IOException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The context class loader of Helm's threads: this class's loader, except that helm-java's {@code ServiceLoader} lookup
   * of {@link NativeLibrary} finds only this provider.
   */
  public static synchronized ClassLoader providerLoader() {
    if (providerLoader == null) {
      providerLoader = new ProviderLoader(HelmNativeLibrary.class.getClassLoader());
    }
    return providerLoader;
  }

  private static final class ProviderLoader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    ProviderLoader(ClassLoader parent) {
      super("stamp-release-helm", parent);
    }

    @Override
    public URL getResource(String name) {
      return SERVICE.equals(name) ? getParent().getResource(PROVIDER) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (SERVICE.equals(name)) {
        URL provider = getParent().getResource(PROVIDER);
        return provider == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(provider));
      }
      return super.getResources(name);
    }
  }
}
