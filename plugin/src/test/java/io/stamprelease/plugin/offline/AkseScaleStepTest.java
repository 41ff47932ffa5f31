package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.stamprelease.plugin.akse.AkseScaleCallable;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.hubs.AgentHub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("akseScale step (offline)")
class AkseScaleStepTest {
  @TempDir
  Path workspace;

  @Test
  @DisplayName("binds required arguments from the constructor and keeps the CLI's defaults for the rest")
  void binds() throws Exception {
    AkseScaleCallable.Args args = new AkseScaleStep("seattle", "rg-app", "agentpool1", 5, "kubeconfig.json").args();
    assertThat(args.count()).isEqualTo(5);
    assertThat(args.drainTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(args.maxParallelDrains()).isEqualTo(1);
    assertThat(args.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(args.pollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("core validates on the agent before the hub is contacted: masters, counts and unreadable files in one AbortException")
  void validationThroughCore() throws Exception {
    // Given a hub nobody listens on: reaching it would fail differently
    AgentHub nowhere = new AgentHub("seattle", "https://127.0.0.1:1/", "adfs", null, "00000000-0000-0000-0000-000000000001", "app",
        "secret".toCharArray(), null, null, null, null, null, null);
    AkseScaleStep step = new AkseScaleStep("seattle", "rg-app", "master", 51, "missing.kubeconfig");
    step.setMaxParallelDrains(11);
    AkseScaleCallable callable = new AkseScaleCallable(step.args(), nowhere, null, new RecordingListener());
    // When / Then
    assertThatThrownBy(() -> callable.invoke(workspace.toFile(), null)).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[akseScale] invalid input: ").hasMessageContaining("pool: masters cannot be scaled")
        .hasMessageContaining("count: must be between 1 and 50").hasMessageContaining("maxParallelDrains: must be between 1 and 10")
        .hasMessageContaining("kubeconfig: cannot read");
  }

  @Test
  @DisplayName("the execution's status names the pool, the counts and the mode after a serialization round trip")
  void status() throws Exception {
    AkseScaleStep.Execution execution = new AkseScaleStep.Execution(new FakeStepContext(),
        new AkseScaleStep("seattle", "rg-app", "agentpool1", 1, "k").args());
    assertThat(Serialization.roundTrip(execution).getStatus()).isEqualTo("akseScale on hub seattle: starting");
  }
}
