package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.stamprelease.cli.bench.chaos.ClusterChaosRound;
import io.stamprelease.cli.bench.chaos.StampProcess;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster phases' crash promise with a real process: `stamp release` in a child JVM against a bare simulated hub,
 * SIGKILLed once while its cluster deployment runs and once in the middle of its scale-in, then run to its end.
 */
@DisplayName("stamp release killed with SIGKILL in its cluster phases and run again converges to one cluster")
class ClusterPhaseKillTest {
  static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  @Test
  @DisplayName("Given seattle's plan wants 2 of the 3 linuxpool nodes its files deploy, when the release is killed after the deployment's "
      + "PUT and again right after a VM of the scale-in is deleted, then the third run ends SUCCEEDED with one deployment and no orphan "
      + "VM, NIC, disk or Node")
  void killedTwiceInTheClusterPhases() throws Exception {
    try (SimulatedCloud cloud = SimulatedCloud.startBare(1, HubSettings.fast())) {
      // Given
      cloud.createTrafficRouting(false);
      SimConfigFiles files = cloud.writeConfig(Files.createDirectories(dir.resolve("sim")));
      SimulatedHub seattle = cloud.hub("seattle");
      // the plan and command stamp bench chaos kills in its cluster rounds: the sample cluster files, 2 of the 3 linuxpool nodes
      List<String> release = ClusterChaosRound.releaseArgs(dir, ClusterChaosRound.plan(dir, "clusters"), files.hubsYaml());
      Path home = Files.createDirectories(dir.resolve("home"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));

      // When the first process is killed once the deployment's PUT reached ARM
      StampProcess first = StampProcess.start(StampProcess.launcher(), release, home, tmp, line -> { });
      Await.until("the cluster deployment's PUT", RUN_LIMIT,
          () -> !first.alive() || ClusterChaosRound.requests(seattle, "PUT", "/deployments/") > 0);
      assertThat(first.alive()).as(String.join("\n", first.lines())).isTrue();
      first.kill();
      // and the second once the scale-in deleted a VM
      StampProcess second = StampProcess.start(StampProcess.launcher(), release, home, tmp, line -> { });
      Await.until("a VM deleted by the scale-in", RUN_LIMIT, () -> !second.alive()
          || ClusterChaosRound.requests(seattle, "DELETE", "/Microsoft.Compute/virtualMachines/") > 0);
      assertThat(second.alive()).as(String.join("\n", second.lines())).isTrue();
      second.kill();
      // and the third runs to its end
      StampProcess third = StampProcess.start(StampProcess.launcher(), release, home, tmp, line -> { });
      int exit = third.await(RUN_LIMIT);

      // Then
      assertThat(exit).as(String.join("\n", third.lines())).isZero();
      assertThat(third.lines()).anyMatch(l -> l.contains("continuing release clusters"));
      assertThat(ClusterChaosRound.requests(seattle, "PUT", "/deployments/")).as("one deployment PUT").isEqualTo(1);
      String rg = "stamp-seattle";
      List<String> vms = names(seattle.resources(rg, "Microsoft.Compute/virtualMachines"));
      assertThat(vms).containsExactlyInAnyOrder("k8s-master-88404701-0", "k8s-master-88404701-1", "k8s-master-88404701-2",
          "k8s-linuxpool-88404701-0", "k8s-linuxpool-88404701-1");
      assertThat(names(seattle.resources(rg, "Microsoft.Network/networkInterfaces"))).as("no orphan NIC").hasSize(5);
      assertThat(names(seattle.resources(rg, "Microsoft.Compute/disks"))).as("no orphan disk").hasSize(5);
      assertThat(seattle.cluster().client().nodes().list().getItems()).extracting(Node::getMetadata).extracting(m -> m.getName())
          .as("no orphan Node").containsExactlyInAnyOrderElementsOf(vms);
    }
  }

  static List<String> names(List<JsonNode> resources) {
    return resources.stream().map(r -> r.path("name").asText()).toList();
  }
}
