package io.stamprelease.cli.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster rounds' verdict can fail: the kills themselves run in ClusterPhaseKillTest (CI) and `stamp bench chaos`. */
@DisplayName("stamp bench chaos: the cluster round's verdict")
class ClusterChaosRoundTest {
  @Test
  @DisplayName("Given a bare hub where no release ran, when the cluster round's checks look at it, then each one names what did not converge")
  void namesEachProblem(@TempDir Path dir) throws Exception {
    try (SimulatedCloud cloud = SimulatedCloud.startBare(1, HubSettings.fast())) {
      // Given
      cloud.createTrafficRouting(false);
      // When
      List<String> problems = new ArrayList<>(ClusterChaosRound.verify(cloud.hub("seattle"), dir));
      problems.addAll(ClusterChaosRound.inRotation(cloud, "seattle"));
      // Then
      assertThat(problems).containsExactly("0 cluster deployment PUTs, expected 1", "linuxpool has 0 VMs [], expected 2",
          "the app's Helm revisions are [], expected one deployed and none pending", "release.json was not written",
          "seattle's Traffic Manager endpoint is [Disabled], expected Enabled");
    }
  }
}
