package io.stamprelease.cli.steps;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.StampApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("stamp shift")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShiftCommandTest {
  SimulatedCloud cloud;
  Path hubsYaml;
  TrafficManagerProvider azure;

  @BeforeAll
  void startCloud() throws Exception {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    cloud.hubs().forEach(StampApps::deployHealthy);
    hubsYaml = cloud.writeConfig(Files.createTempDirectory("shift-cli")).hubsYaml();
    HubsFile hubs = HubsFile.load(hubsYaml, Map.of());
    azure = new TrafficManagerProvider(HubConnection.open(hubs.publicAzure().orElseThrow(), w -> { }).arm(), hubs.trafficManagerProfileId().orElseThrow());
  }

  @AfterAll
  void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void halfEachAndOnline() throws Exception {
    TrafficState s = azure.read();
    azure.apply(s, TrafficChange.of(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)), "test", "reset"));
    Await.until("both stamps serving", Duration.ofSeconds(20), () -> azure.read().serving().size() == 2);
    cloud.publicRegion().arm().journal().clear();
    cloud.gslb().journal().clear();
  }

  CliRunner shift(String... args) {
    String[] all = Stream.concat(Stream.of("shift", "--config", hubsYaml.toString()), Stream.of(args)).toArray(String[]::new);
    return CliRunner.run(all);
  }

  long writes() {
    // a BIG-IP token login is a POST but changes nothing
    return cloud.publicRegion().arm().journal().writes().size()
        + cloud.gslb().journal().writes().stream().filter(w -> !w.path().equals("/mgmt/shared/authn/login")).count();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("unknown stamp", new String[] {"--provider", "azure-traffic-manager", "--drain", "austin"}, "no endpoint 'austin'"),
        Arguments.of("weight above 100 %", new String[] {"--provider", "azure-traffic-manager", "--set", "seattle=150,denver=0"}, "outside 0..100"),
        Arguments.of("negative weight", new String[] {"--provider", "f5-gtm", "--set", "seattle=110,denver=-10"}, "denver: -10% is outside 0..100"),
        Arguments.of("sum not 100", new String[] {"--provider", "azure-traffic-manager", "--set", "seattle=50,denver=40"}, "add up to 90"),
        Arguments.of("sum 0", new String[] {"--provider", "f5-gtm", "--set", "seattle=0,denver=0"}, "add up to 0"),
        Arguments.of("malformed list", new String[] {"--provider", "azure-traffic-manager", "--set", "seattle:50;denver"}, "is not name=value"),
        Arguments.of("raw weight out of range", new String[] {"--provider", "azure-traffic-manager", "--set", "seattle=0,denver=1001", "--raw"},
            "outside 1..1000"),
        Arguments.of("unknown provider", new String[] {"--provider", "route53", "--drain", "seattle"}, "provider: must be one of"),
        Arguments.of("step larger than max step", new String[] {"--provider", "azure-traffic-manager", "--shift-to", "denver", "--steps", "100",
            "--max-step", "20"}, "max step"),
        Arguments.of("no operation", new String[] {"--provider", "azure-traffic-manager"}, "Missing required argument"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  @DisplayName("bad input exits 2 and writes nothing to Traffic Manager or the BIG-IP")
  void badInput(String name, String[] args, String message) {
    // When
    CliRunner r = shift(args);
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains(message);
    assertThat(writes()).isZero();
  }

  @Test
  @DisplayName("draining the last healthy stamp is refused by the guardrails: exit 2, zero writes")
  void lastHealthy() throws Exception {
    // Given
    azure.apply(azure.read(), TrafficChange.of(Map.of("denver", EndpointSetting.disabled(500)), "test", "setup"));
    cloud.publicRegion().arm().journal().clear();
    // When
    CliRunner r = shift("--provider", "azure-traffic-manager", "--drain", "seattle");
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).contains("refused by guardrails, nothing was written", "never drain the last healthy endpoint");
    assertThat(writes()).isZero();
  }

  @Test
  @DisplayName("--dry-run prints current and planned weights as a table and writes nothing")
  void dryRun() {
    // When
    CliRunner r = shift("--provider", "azure-traffic-manager", "--shift-to", "denver", "--steps", "60,100", "--dry-run");
    // Then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("dry run: nothing was written", "endpoint", "now", "denver 60%", "denver 100%")
        .containsPattern("seattle +Online +enabled/500 \\(50%\\) +enabled/400 \\(40%\\) +disabled/500 \\(0%\\)")
        .containsPattern("denver +Online +enabled/500 \\(50%\\) +enabled/600 \\(60%\\) +enabled/1000 \\(100%\\)")
        .contains("waiting 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout");
    assertThat(writes()).isZero();
  }

  @Test
  @DisplayName("drain prints the wait computed from the profile with its formula, --wait overrides it, restore brings it back")
  void drainAndRestoreWithWaitOverride() throws Exception {
    // When
    CliRunner drained = shift("--provider", "azure-traffic-manager", "--drain", "seattle", "--wait", "100ms", "--poll", "100ms",
        "--reason", "patching seattle", "--output", "json");
    // Then
    assertThat(drained.exitCode()).as(drained.err()).isZero();
    assertThat(drained.err()).contains("waiting 0.1s = 0.1s (user override; DNS timing gives 2m40s = TTL 30s + 30s × (3 + 1) + 10s timeout)");
    assertThat(drained.out()).contains("\"status\" : \"SUCCEEDED\"", "\"reason\" : \"patching seattle (drain seattle)\"", "\"seattle\" : \"disabled/500\"");
    assertThat(azure.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
    // When
    CliRunner restored = shift("--provider", "azure-traffic-manager", "--restore", "seattle", "--wait", "100ms", "--poll", "100ms");
    // Then
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(azure.read().endpoint("seattle").orElseThrow().serving()).isTrue();
  }

  @Test
  @DisplayName("a stepwise shift whose target goes Degraded during bake is reverted to the starting weights: exit 1")
  void degradedDuringBake() throws Exception {
    // Given: denver's app is scaled to 0 right after the first weight change reaches the profile
    AtomicBoolean broken = new AtomicBoolean();
    cloud.publicRegion().arm().journal().onEntry(e -> {
      if (e.method().equals("PUT") && e.status() == 200 && broken.compareAndSet(false, true)) {
        CompletableFuture.runAsync(() -> StampApps.scale(cloud.hub("denver"), 0));
      }
    });
    try {
      // When
      CliRunner r = shift("--provider", "azure-traffic-manager", "--shift-to", "denver", "--steps", "60,100", "--bake", "30s",
          "--wait", "100ms", "--poll", "100ms");
      // Then
      assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAILED);
      assertThat(r.out()).contains("denver went Degraded during the bake of 'denver 60%'", "weights were reverted to the start");
      assertThat(azure.read().settings()).isEqualTo(Map.of("seattle", EndpointSetting.enabled(500), "denver", EndpointSetting.enabled(500)));
    } finally {
      broken.set(true);
      StampApps.scale(cloud.hub("denver"), 2);
    }
  }

  @Test
  @DisplayName("a refused BIG-IP login exits 3 naming the GSLB URL, and the password is never printed")
  void unreachable() throws Exception {
    // Given
    Path bad = hubsYaml.resolveSibling("bad-hubs.yaml");
    Files.writeString(hubsYaml.resolveSibling("secrets/wrong.password"), "not-the-password");
    Files.writeString(bad, Files.readString(hubsYaml).replace("secrets/f5-gtm.password", "secrets/wrong.password"));
    // When
    CliRunner r = CliRunner.run("shift", "--config", bad.toString(), "--provider", "f5-gtm", "--drain", "seattle");
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(r.err()).contains("F5 BIG-IP DNS " + cloud.gslb().url(), "login refused").doesNotContain("not-the-password")
        .doesNotContain(cloud.gslbPassword());
    assertThat(writes()).isZero();
  }
}
