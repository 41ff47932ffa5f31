package io.stamprelease.core.clients.helm;

import io.stamprelease.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Helm's Go runtime sees a private HOME in the run directory; the JVM's own environment is unchanged")
class HelmProcessEnvironmentTest {
  @TempDir
  Path tmp;

  @Test
  @DisplayName("Given a user HOME, when a JVM makes its first Helm call, then Go reads HOME inside the run directory, Java and C "
      + "still read the user's, and the run directory is gone when the JVM ends")
  void privateHomeForGoOnly() throws Exception {
    // Given
    Path userHome = Files.createDirectories(tmp.resolve("home"));
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    Path base = javaTmp.resolve("stamp-release-" + System.getProperty("user.name"));

    try (ChildJvm child = ChildJvm.start(HelmFirstCall.class, List.of("-Djava.io.tmpdir=" + javaTmp), Map.of("HOME", userHome.toString(),
        "XDG_CACHE_HOME", tmp.resolve("cache").toString()), "ours")) {
      // When
      String go = child.awaitLine(l -> l.startsWith("go HOME="), Duration.ofMinutes(2)).substring("go HOME=".length());
      String java = child.awaitLine(l -> l.startsWith("java HOME="), Duration.ofSeconds(30));
      String c = child.awaitLine(l -> l.startsWith("c HOME="), Duration.ofSeconds(30));
      String problem = child.awaitLine(l -> l.startsWith("problem="), Duration.ofSeconds(30));
      int exit = child.awaitExit(Duration.ofMinutes(1));

      // Then
      assertThat(exit).as(child.output()).isZero();
      assertThat(go).startsWith(base.resolve("run-" + child.pid() + "-").toString()).endsWith("/helm/home");
      assertThat(java).isEqualTo("java HOME=" + userHome);
      assertThat(c).isEqualTo("c HOME=" + userHome);
      assertThat(problem).isEqualTo("problem=null");
    }
    try (var runs = Files.list(base)) {
      assertThat(runs).as("the run directory is deleted at exit").isEmpty();
    }
    try (var left = Files.list(userHome)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  @DisplayName("Every variable that moves a Helm or client-go directory points under the private home, at its default place")
  void variables() {
    Path home = Path.of("/run/helm/home");

    Map<String, String> env = HelmProcessEnvironment.variables(home);

    assertThat(env).containsEntry("HOME", "/run/helm/home").containsEntry("KUBECACHEDIR", "/run/helm/home/.kube/cache")
        .containsEntry("HELM_CONFIG_HOME", "/run/helm/home/.config/helm").containsEntry("XDG_CACHE_HOME", "/run/helm/home/.cache");
    assertThat(env.values()).allMatch(v -> v.startsWith("/run/helm/home"));
  }
}
