package io.stamprelease.core.clients.arm;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ArmClient.list reads every list to its last page")
class ArmListTest {
  static SimulatedCloud cloud;
  static ArmClient arm;
  static String rg;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    HubsFile hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
    arm = HubConnection.open(hubs.hub("seattle"), w -> { }).arm();
    rg = SimulatedCloud.resourceGroupOf(cloud.hub("seattle"));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void reset() {
    hub().arm().contract().reset();
  }

  static SimulatedHub hub() {
    return cloud.hub("seattle");
  }

  /** The lists the product reads, by path and resource type. */
  static Stream<List<String>> lists() {
    return Stream.of(
        List.of("/providers/Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines"),
        List.of("/providers/Microsoft.Network/networkInterfaces", "Microsoft.Network/networkInterfaces"),
        List.of("/providers/Microsoft.Compute/disks", "Microsoft.Compute/disks"),
        List.of("/providers/Microsoft.Compute/availabilitySets", "Microsoft.Compute/availabilitySets"),
        List.of("/providers/Microsoft.Resources/deployments", "Microsoft.Resources/deployments"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lists")
  @DisplayName("one item per page, the first page empty: the same items as one page")
  void pagedEqualsWhole(List<String> list) {
    // Given the list as one page
    String path = arm.resourceGroupPath(rg) + list.get(0);
    List<String> whole = ids(arm.list(path, list.get(1)));
    assertThat(whole).isNotEmpty();
    // When the hub answers one item per page with an empty first page
    hub().arm().contract().pageSize(1).emptyFirstPage(true);
    int before = hub().arm().journal().entries().size();
    List<String> paged = ids(arm.list(path, list.get(1)));
    // Then
    assertThat(paged).containsExactlyElementsOf(whole);
    assertThat(hub().arm().journal().entries().size() - before).isGreaterThan(whole.size());
  }

  static List<String> ids(List<JsonNode> items) {
    return items.stream().map(i -> i.path("id").asText()).toList();
  }
}
