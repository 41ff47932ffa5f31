package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.jni.NativeLibrary;
import io.stamprelease.plugin.helm.HelmRolloutCallable;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How helm-java 0.0.21 finds Helm's native library, which decides where helmRollout can run inside Jenkins:
 * {@code NativeLibrary.getInstance()} asks {@code ServiceLoader} through the calling thread's <em>context</em> class
 * loader and, when that finds no provider, downloads a platform jar from Maven Central ({@code RemoteJarLoader}) unless
 * {@code com.marcnuri.jkube-helm.skipRemoteJar} is set (this build sets it, as an air-gapped controller would). A
 * thread whose context class loader is Jenkins core's — the {@code jenkins.util.Timer} thread a visit runs on when the
 * agent is the built-in node — cannot see the plugin's {@code linux-amd64} jar. The provider then copies
 * {@code helm-linux-amd64.so} out of its jar with {@code getResourceAsStream}: on an agent that resource comes through
 * the Remoting class loader. The figures are printed for the plugin README.
 */
@DisplayName("helm-java's native library: found only through the thread's context class loader")
class HelmNativeLibraryTest {
  @Test
  @DisplayName("a thread whose context class loader cannot see the plugin's jars finds no native library (no download when skipRemoteJar is set)")
  void coreLoaderFindsNothing() throws Exception {
    // Given: the build sets what an air-gapped controller needs (else helm-java would download from Maven Central)
    assertThat(System.getProperty("com.marcnuri.jkube-helm.skipRemoteJar")).isEqualTo("true");
    // When / Then: a loader like core's, which does not see the plugin's WEB-INF/lib
    assertThatThrownBy(() -> withContextClassLoader(ClassLoader.getPlatformClassLoader(), NativeLibrary::getInstance))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("No NativeLibrary implementation found");
  }

  @Test
  @DisplayName("the plugin's own class loader as the context class loader finds the linux-amd64 library and its .so")
  void pluginLoaderFindsIt() throws Exception {
    // Given: the class loader that loaded the plugin's classes (the plugin's on the controller, Remoting's on an agent)
    ClassLoader plugin = HelmRolloutCallable.class.getClassLoader();
    // When
    NativeLibrary library = withContextClassLoader(plugin, NativeLibrary::getInstance);
    // Then
    assertThat(library.getClass().getName()).isEqualTo("com.marcnuri.helm.jni.linux.amd64.LinuxAmd64NativeLibrary");
    assertThat(library.getBinaryName()).isEqualTo("helm-linux-amd64.so");
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    long size = 0;
    try (InputStream in = library.getClass().getResourceAsStream("/" + library.getBinaryName())) {
      assertThat(in).as("the .so inside the linux-amd64 jar").isNotNull();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
        size += n;
      }
    }
    assertThat(size).isPositive();
    System.out.printf("helm-java native library: %s, %,d bytes, sha256 %s%n", library.getBinaryName(), size, HexFormat.of().formatHex(sha256.digest()));
  }

  private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
