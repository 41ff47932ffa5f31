package io.stamprelease.core.clients.helm;

import com.marcnuri.helm.Helm;
import com.sun.jna.NativeLibrary;
import java.time.Duration;

/**
 * Child JVM of {@link HelmNativeLibraryTest} and {@link HelmProcessEnvironmentTest}: one Helm call, the first of the JVM,
 * through {@link HelmCalls} ({@code ours}), through it from a thread whose context class loader cannot see helm-java's jars
 * ({@code foreign-loader}: Jenkins' Timer thread on the built-in node has core's), or on a plain thread as helm-java alone
 * would make it ({@code helm-java}), then what it found.
 */
public final class HelmFirstCall {
  private HelmFirstCall() {
  }

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    if (args[0].equals("foreign-loader")) {
      Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
    }
    String version = !args[0].equals("helm-java") ? HelmCalls.call("version", Duration.ofMinutes(2), () -> Helm.version().call())
        : Helm.version().call();
    System.out.printf("first helm call %.0f ms (%s): %s%n", (System.nanoTime() - start) / 1e6, args[0], version.strip());
    HelmNativeLibrary.Timing timing = HelmNativeLibrary.lastTiming();
    System.out.println("library " + (timing == null ? "helm-java's own" : timing.library() + " extracted=" + timing.extracted()));
    System.out.println("go HOME=" + GoEnvironment.initialValue("HOME"));
    System.out.println("java HOME=" + System.getenv("HOME"));
    System.out.println("c HOME=" + NativeLibrary.getInstance("c").getFunction("getenv").invokeString(new Object[] {"HOME"}, false));
    System.out.println("problem=" + HelmProcessEnvironment.problem());
    System.out.println("done");
  }
}
