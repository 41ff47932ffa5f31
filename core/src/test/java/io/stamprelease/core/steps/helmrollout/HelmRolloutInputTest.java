package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.input.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("helmRollout's input")
class HelmRolloutInputTest {
  static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n";

  @TempDir
  Path dir;

  HelmRolloutInput input() throws Exception {
    Path chart = Files.createDirectories(dir.resolve("chart"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 1.0.0\n");
    return new HelmRolloutInput().kubeconfigContents(KUBECONFIG).release("app").namespace("apps").chart(chart.toString());
  }

  @Test
  @DisplayName("a kubeconfig file that is no kubeconfig is refused by name, before Helm is called, without its contents")
  void kubeconfigFileShape() throws Exception {
    // Given
    Path notOne = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: ConfigMap\ndata: {token: s3cret}\n");
    Path notYaml = Files.writeString(dir.resolve("kubeconfig.broken"), "clusters: [\n");
    // When / Then
    assertThatThrownBy(() -> input().kubeconfigContents(null).kubeconfig(notOne).validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kubeconfig: '" + notOne + "' is not a kubeconfig (no 'clusters:' list)").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> input().kubeconfigContents(null).kubeconfig(notYaml).validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kubeconfig: '" + notYaml + "' is not a kubeconfig (not YAML at line");
  }

  @Test
  @DisplayName("kubeconfig contents that are no kubeconfig are refused without being shown")
  void kubeconfigContentsShape() throws Exception {
    assertThatThrownBy(() -> input().kubeconfigContents("token: s3cret").validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kubeconfig: the kubeconfig contents is not a kubeconfig (no 'clusters:' list)").hasMessageNotContaining("s3cret");
  }

  @Test
  @DisplayName("a probe interval of 0s is refused: it would pass and the upgrade be written before the probe ran")
  void probeIntervalZero() throws Exception {
    assertThatThrownBy(() -> input().probeUrl("http://127.0.0.1:1/healthz").probeInterval("0s").validate())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("probeInterval: must be a positive duration such as 2s (was 0s)");
  }

  @Test
  @DisplayName("probe settings are judged even when no probe is asked for")
  void probeSettingsWithoutProbe() throws Exception {
    assertThatThrownBy(() -> input().probeStatus(700).probeAttempts(0).probeInterval("0s").validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("probeStatus: must be an HTTP status 100..599 (was 700)")
        .hasMessageContaining("probeAttempts: must be 1 or more (was 0)")
        .hasMessageContaining("probeInterval: must be a positive duration");
  }

  @Test
  @DisplayName("a kubeconfig and probe settings within the rules pass")
  void valid() throws Exception {
    // When
    HelmRolloutRequest request = input().probeUrl("http://127.0.0.1:1/healthz").probeInterval("1s").probeAttempts(2).validate();
    // Then
    assertThat(request.kubeconfig()).isEqualTo(KUBECONFIG);
    assertThat(request.smokeProbe()).isNotNull();
  }
}
