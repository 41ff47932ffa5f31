package io.stamprelease.core.clients.helm;

import io.stamprelease.testkit.ChildJvm;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Helm's native library is extracted once per version into a per-user cache, checked by SHA-256")
class HelmNativeLibraryTest {
  @TempDir
  Path tmp;

  @Test
  @DisplayName("The SHA-256 this build pins is the one of the library helm-java ships (fails when helm-java is upgraded without a new pin)")
  void pinMatchesTheBundledLibrary() throws Exception {
    HelmNativeLibrary.Pin pin = HelmNativeLibrary.Pin.of();
    try (DigestInputStream in = new DigestInputStream(HelmNativeLibrary.class.getClassLoader().getResourceAsStream(HelmNativeLibrary.BINARY),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(HexFormat.of().formatHex(in.getMessageDigest().digest())).isEqualTo(pin.sha256());
    }
    assertThat(pin.version()).isEqualTo("0.0.21");
  }

  @Test
  @DisplayName("Given an empty cache, the library is extracted once (0644 in a 0700 cache); later loads check it and leave it as it is")
  void extractedOnce() throws Exception {
    Path cache = tmp.resolve("cache");

    HelmNativeLibrary.Timing first = HelmNativeLibrary.cached(cache);
    Object inode = Files.readAttributes(first.library(), BasicFileAttributes.class).fileKey();
    HelmNativeLibrary.Timing second = HelmNativeLibrary.cached(cache);

    assertThat(first.extracted()).isTrue();
    assertThat(second.extracted()).isFalse();
    assertThat(second.library()).isEqualTo(first.library());
    assertThat(Files.readAttributes(second.library(), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    assertThat(first.library()).hasParent(cache.resolve("helm-java-0.0.21")).hasFileName("helm-linux-amd64-8ec3ec61ca65622a.so");
    assertThat(Files.size(first.library())).isEqualTo(97_911_168L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.library()))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    try (var files = Files.list(first.library().getParent())) {
      assertThat(files).containsExactly(first.library());
    }
    System.out.printf("[figures] Helm native library: extracted into the cache in %d ms; found and SHA-256-checked in %d ms%n",
        first.elapsed().toMillis(), second.elapsed().toMillis());
  }

  @Test
  @DisplayName("Given a damaged cached library and a dead extraction's temporary file, the library is extracted again and the file swept")
  void damagedCopyIsReplaced() throws Exception {
    Path cache = tmp.resolve("cache");
    Path library = HelmNativeLibrary.cached(cache).library();
    Files.write(library, new byte[] {0x7f, 'E', 'L', 'F'});
    Path deadTemporary = Files.writeString(library.resolveSibling("." + library.getFileName() + ".999999999.tmp"), "half");
    long livePid = ProcessHandle.current().parent().orElseThrow().pid(); // the build's JVM: another live process
    Path liveTemporary = Files.writeString(library.resolveSibling("." + library.getFileName() + "." + livePid + ".tmp"), "being written");

    HelmNativeLibrary.Timing again = HelmNativeLibrary.cached(cache);

    assertThat(again.extracted()).isTrue();
    assertThat(HelmNativeLibrary.sha256(library)).isEqualTo(HelmNativeLibrary.Pin.of().sha256());
    assertThat(deadTemporary).doesNotExist();
    assertThat(liveTemporary).exists();
  }

  @Test
  @DisplayName("A JVM's first Helm call loads the cached library and leaves no helm-java copy in the temporary directory; "
      + "the start-up time it saves is printed")
  void firstCallUsesTheCache() throws Exception {
    // Given: child JVMs with their own temporary directory and cache
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path cache = tmp.resolve("xdg-cache");
    List<String> jvm = childJvmOptions(javaTmp);
    Map<String, String> env = childEnvironment(cache);

    // When
    String baseline = firstCall(jvm, env, "helm-java");
    String cold = firstCall(jvm, env, "ours");
    String warm = firstCall(jvm, env, "ours");

    // Then
    assertThat(baseline).contains("helm-java's own");
    assertThat(cold).contains("extracted=true");
    assertThat(warm).contains("extracted=false", cache.resolve("stamp-release/helm-java-0.0.21").toString());
    assertThat(listing(javaTmp)).noneMatch(n -> n.startsWith("helm-java"));
    System.out.println("[figures] first Helm call of a JVM:\n  " + baseline + "\n  " + cold + "\n  " + warm);
  }

  @Test
  @DisplayName("Given a calling thread whose context class loader cannot see helm-java's jars (Jenkins' Timer thread on the built-in "
      + "node), when it makes the JVM's first Helm call, then the library is still found in the cache and nothing is downloaded")
  void foreignContextClassLoader() throws Exception {
    // Given
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path cache = tmp.resolve("xdg-cache");
    List<String> jvm = childJvmOptions(javaTmp);
    Map<String, String> env = childEnvironment(cache);

    // When
    String call = firstCall(jvm, env, "foreign-loader");

    // Then
    assertThat(call).contains("(foreign-loader)", "extracted=true", cache.resolve("stamp-release/helm-java-0.0.21").toString());
    assertThat(listing(javaTmp)).noneMatch(n -> n.startsWith("helm-java"));
  }

  /** A child JVM with its own temporary directory that never downloads helm-java's jar. */
  private static List<String> childJvmOptions(Path javaTmp) {
    return List.of("-Djava.io.tmpdir=" + javaTmp, "-Djna.tmpdir=" + javaTmp.resolve("jna"), "-Dcom.marcnuri.jkube-helm.skipRemoteJar=true");
  }

  /** Its own cache and HOME. */
  private Map<String, String> childEnvironment(Path cache) throws java.io.IOException {
    return Map.of("XDG_CACHE_HOME", cache.toString(), "HOME", Files.createDirectories(tmp.resolve("home")).toString());
  }

  private String firstCall(List<String> jvm, Map<String, String> env, String mode) throws Exception {
    try (ChildJvm child = ChildJvm.start(HelmFirstCall.class, jvm, env, mode)) {
      String line = child.awaitLine(l -> l.startsWith("first helm call"), Duration.ofMinutes(2));
      String library = child.awaitLine(l -> l.startsWith("library "), Duration.ofSeconds(30));
      assertThat(child.awaitExit(Duration.ofMinutes(1))).as(child.output()).isZero();
      return line.substring(0, line.indexOf(':')) + ", " + library;
    }
  }

  private static List<String> listing(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
