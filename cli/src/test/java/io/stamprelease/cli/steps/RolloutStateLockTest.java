package io.stamprelease.cli.steps;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.files.ExclusiveLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp rollout --state has one writer per state file")
class RolloutStateLockTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("Given the state file's lock is held, when a rollout journals to it, then it exits 2 naming the holder and writes nothing")
  void refusedWhileHeld() throws Exception {
    // Given: a kubeconfig of a cluster nobody could reach — nothing may contact it before the lock is taken
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        current-context: c
        """);
    Path state = dir.resolve("rollout-state.json");
    try (ExclusiveLock held = ExclusiveLock.acquire(dir.resolve("rollout-state.json.lock"), "another rollout")) {
      // When
      CliRunner r = CliRunner.run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "web", "-n", "apps", "--chart",
          Path.of("..", "samples", "charts", "demo").toString(), "--state", state.toString());

      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(r.err()).contains("--state: '" + state + "' is in use by another run: pid " + ProcessHandle.current().pid(), "another rollout");
      assertThat(state).doesNotExist();
    }
  }
}
