package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp rollout")
class RolloutCommandTest {
  static final String CHART = Path.of("..", "core", "src", "test", "resources", "charts", "demo").toAbsolutePath().normalize().toString();

  @Test
  @DisplayName("bad input is refused with exit 2, naming every bad option, before any cluster is contacted")
  void badInput(@TempDir Path dir) throws Exception {
    // Given
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    Path values = Files.writeString(dir.resolve("values.yaml"), "replicas: [3\n");

    // When
    CliRunner r = CliRunner.run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "Bad_Name", "-n", "apps",
        "--chart", dir.resolve("missing").toString(), "-f", values.toString(), "--set", "replicas", "--on-first-install-failure", "keep");

    // Then
    assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("release: 'Bad_Name' is not a valid Helm release name").contains("chart: no chart at")
        .contains("values: '" + values + "' is not valid YAML").contains("set: 'replicas' is not key=value")
        .contains("on-first-install-failure: 'keep' (allowed: uninstall, leave)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @DisplayName("installs from hubs.yaml, then catches a crashing upgrade and rolls it back, and a dry run writes nothing")
  void installCrashRollbackDryRun(@TempDir Path dir) throws Exception {
    try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { })) {
      // Given
      SimConfigFiles files = cloud.writeConfig(dir);
      String[] common = {"rollout", "--config", files.hubsYaml().toString(), "--hub", "seattle", "--release", "app", "-n", "apps",
          "--create-namespace", "--chart", CHART, "--timeout", "2m", "--output", "json"};
      ObjectMapper json = new ObjectMapper();

      // When
      CliRunner install = CliRunner.run(concat(common, "--probe-path", "/", "--probe-body", "registry.local/web:1.0.0"));

      // Then
      assertThat(install.exitCode()).as(install.err()).isEqualTo(ExitCode.OK);
      JsonNode installed = json.readTree(install.out());
      assertThat(installed.path("revision").asInt()).isEqualTo(1);
      assertThat(installed.path("chart").asText() + "-" + installed.path("chartVersion").asText()).isEqualTo("demo-1.0.0");
      assertThat(installed.path("images").toString()).contains("registry.local/web:1.0.0");
      assertThat(install.err()).contains("track: web: ").contains("smoke probe passed");

      // When
      CliRunner crash = CliRunner.run(concat(common, "--set", "image.tag=crash-2.0.0"));

      // Then
      assertThat(crash.exitCode()).as(crash.err()).isEqualTo(ExitCode.FAILED);
      JsonNode failed = json.readTree(crash.out());
      assertThat(failed.path("status").asText()).isEqualTo("FAILED");
      assertThat(failed.path("revision").asInt()).isEqualTo(2);
      assertThat(failed.path("rolledBackToRevision").asInt()).isEqualTo(1);
      assertThat(failed.path("rollbackRevision").asInt()).isEqualTo(3);
      assertThat(failed.path("failures").toString()).contains("CrashLoopBackOff");
      assertThat(failed.path("workloads").get(0).path("events").size()).isPositive();
      assertThat(failed.path("durationSeconds").asDouble()).isLessThan(60);

      // When
      CliRunner dry = CliRunner.run(concat(common, "--set", "replicas=4", "--dry-run"));

      // Then
      assertThat(dry.exitCode()).as(dry.err()).isEqualTo(ExitCode.OK);
      assertThat(json.readTree(dry.out()).path("changes").toString()).contains("~ Deployment/apps/web");
      assertThat(cloud.hub("seattle").cluster().client().secrets().inNamespace("apps").withLabel("owner", "helm").list().getItems())
          .hasSize(3);
    }
  }

  @Test
  @DisplayName("with --state, a re-run after a crash continues from the saved state and re-attaches instead of upgrading again")
  void resumesFromStateFile(@TempDir Path dir) throws Exception {
    try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { })) {
      // Given: a run that saved its state after `plan`, ran `upgrade` (journal, write), and died before saving again
      SimConfigFiles files = cloud.writeConfig(dir);
      String kubeconfig = Files.readString(dir.resolve("seattle.kubeconfig"));
      Path state = dir.resolve("rollout.state");
      HelmRolloutRequest request = new HelmRolloutInput().kubeconfigContents(kubeconfig).release("app").namespace("apps").chart(CHART)
          .createNamespace(true).validate();
      Engine engine = Engine.system(e -> { });
      try (HelmRollout first = new HelmRollout(request)) {
        Step<HelmRolloutState> step = first.step();
        Checkpoint<HelmRolloutState> afterPlan = ((Engine.Advance.Continue<HelmRolloutState>) engine.advance(step,
            engine.start(step, first.initialState()), "seattle", new Engine.Cancellation())).next();
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(state))) {
          out.writeObject(afterPlan);
        }
        // the upgrade task journals the moment before its write, then writes: advance until the revision exists
        Checkpoint<HelmRolloutState> cp = afterPlan;
        while (cp.state().phase() == HelmRolloutState.Phase.PLANNED) {
          cp = ((Engine.Advance.Continue<HelmRolloutState>) engine.advance(step, cp, "seattle", new Engine.Cancellation())).next();
        }
      }

      // When
      CliRunner r = CliRunner.run("rollout", "--config", files.hubsYaml().toString(), "--hub", "seattle", "--release", "app", "-n", "apps",
          "--create-namespace", "--chart", CHART, "--state", state.toString());

      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
      assertThat(r.err()).contains("continuing from " + state).contains("re-attached to revision 1");
      assertThat(cloud.hub("seattle").cluster().client().secrets().inNamespace("apps").withLabel("owner", "helm").list().getItems()).hasSize(1);
      assertThat(state).as("deleted when the rollout ended").doesNotExist();
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
