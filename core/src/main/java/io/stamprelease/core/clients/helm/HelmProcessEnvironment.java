package io.stamprelease.core.clients.helm;

import io.stamprelease.core.files.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives Helm a private home inside this run's directory ({@link RunDirectory}: deleted at exit and on SIGTERM, swept by
 * the next run after a SIGKILL), before Helm's library loads — {@link HelmNativeLibrary#load()} calls {@link #prepare()}
 * itself, so no Helm call can come first.
 *
 * <p>Helm reads {@code HOME}: client-go caches API discovery under {@code $HOME/.kube/cache} (hundreds of files per
 * cluster) and Helm keeps repositories, registry logins and its cache under {@code $HOME/.config/helm},
 * {@code $HOME/.cache/helm} and {@code $HOME/.local/share/helm} unless {@code XDG_*}, {@code HELM_*_HOME} or
 * {@code KUBECACHEDIR} say otherwise. All of those that are set, and {@code HOME}, are pointed into
 * {@code <run>/helm/home} in the environment Helm's Go runtime reads ({@link GoEnvironment}: the process's initial
 * environment, not what {@code setenv} changes). The JVM's own environment — {@code System.getenv()}, child processes,
 * other native code — is not changed. JNA unpacks its small native stub into {@code <run>/jna} unless
 * {@code jna.tmpdir} is set.
 */
public final class HelmProcessEnvironment {
  private static Path dir;
  private static GoEnvironment.Result goEnvironment;

  private HelmProcessEnvironment() {
  }

  /** Idempotent: the first call creates the directories and sets Helm's environment; later calls return the directory. */
  public static synchronized Path prepare() {
    if (dir != null) {
      return dir;
    }
    RunDirectory run = RunDirectory.current();
    Path helm = run.subdirectory("helm");
    Path home = helm.resolve("home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Helm's private home in " + helm, e);
    }
    // JNA unpacks its own native stub into jna.tmpdir on its first use (by default ~/.cache/JNA)
    if (System.getProperty("jna.tmpdir") == null) {
      System.setProperty("jna.tmpdir", run.subdirectory("jna").toString());
    }
    if (System.getProperty("com.marcnuri.jkube-helm.skipRemoteJar") == null) {
      System.setProperty("com.marcnuri.jkube-helm.skipRemoteJar", "true");
    }
    goEnvironment = GoEnvironment.replace(variables(home), helm.toString());
    dir = helm;
    return dir;
  }

  /** HOME and every variable that would move one of Helm's or client-go's directories, each at its default under {@code home}. */
  static Map<String, String> variables(Path home) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("HELM_CACHE_HOME", home.resolve(".cache/helm").toString());
    env.put("HELM_CONFIG_HOME", home.resolve(".config/helm").toString());
    env.put("HELM_DATA_HOME", home.resolve(".local/share/helm").toString());
    env.put("HELM_REPOSITORY_CACHE", home.resolve(".cache/helm/repository").toString());
    env.put("HELM_REPOSITORY_CONFIG", home.resolve(".config/helm/repositories.yaml").toString());
    env.put("HELM_REGISTRY_CONFIG", home.resolve(".config/helm/registry/config.json").toString());
    env.put("KUBECACHEDIR", home.resolve(".kube/cache").toString());
    return env;
  }

  /**
   * Null when Helm will run with its private home; otherwise why not (then Helm uses the user's {@code HOME}, as the Helm
   * CLI would). Null before {@link #prepare()}.
   */
  public static synchronized String problem() {
    return goEnvironment == null || goEnvironment.inEffect() ? null
        : "Helm will use your HOME for its caches (~/.kube/cache, ~/.cache/helm): its private home could not be set ("
        + goEnvironment.problem() + ")";
  }
}
