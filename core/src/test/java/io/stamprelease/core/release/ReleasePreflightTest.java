package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.MonitorStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("A release judges every step input of every stamp before its first write")
class ReleasePreflightTest {
  static final String KUBECONFIG = "apiVersion: v1\nclusters: [{name: c, cluster: {server: https://127.0.0.1:1}}]\n";

  @TempDir
  Path dir;

  ReleaseSetup setup(String stampValues) throws Exception {
    return setup(stampValues, "[10, 50, 100]");
  }

  ReleaseSetup setup(String stampValues, String restoreSteps) throws Exception {
    Path chart = Files.createDirectories(dir.resolve("chart"));
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.0.0\n");
    Path planFile = Files.writeString(dir.resolve("stamps.yaml"), """
        app: {release: demo, namespace: demo, chart: chart, stampValues: {seattle: %s}}
        stamps: [{name: seattle}, {name: denver}]
        waves: [{stamps: [seattle, denver], maxParallel: 2}]
        traffic: {profile: shop, restoreSteps: %s, bake: 1s}
        """.formatted(stampValues, restoreSteps));
    ReleasePlan plan = ReleasePlanFile.parse(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(planFile)), dir,
        Set.of("seattle", "denver"), Set.of("seattle", "denver"));
    Map<String, StampTarget> targets = Map.of("seattle", new StampTarget("seattle", "seattle", KUBECONFIG, "http://127.0.0.1:1", "app.seattle"),
        "denver", new StampTarget("denver", "denver", KUBECONFIG, "http://127.0.0.1:2", "app.denver"));
    FakeTraffic traffic = new FakeTraffic(new EndpointState("seattle", true, 500, MonitorStatus.Online, "a"),
        new EndpointState("denver", true, 500, MonitorStatus.Online, "b"));
    return new ReleaseSetup(plan, planFile, "sha256:x", targets, traffic, FakeTraffic.PROFILE, null);
  }

  @Test
  @DisplayName("good options and values pass")
  void good() throws Exception {
    assertThatCode(() -> ReleasePreflight.check(setup("{api.replicas: 2}"), ReleaseOptions.defaults())).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("--timeout 0s, a bad --dns-wait and --poll 0s are refused naming the release's flags, once each")
  void options() throws Exception {
    // When
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ReleasePreflight.check(setup("{}"),
        new ReleaseOptions("soon", "0s", "0s", null, null)));
    // Then
    assertThat(e.messages()).containsExactlyInAnyOrder("timeout: must be at least 1s (was 0s)",
        "dnsWait: 'soon' is not a duration (allowed: <n>ms, <n>s, <n>m, <n>h, <n>d, or ISO-8601 like PT5M)",
        "poll: must be more than 0 (was '0s')");
  }

  @Test
  @DisplayName("restore steps the traffic step would refuse (a move above its max step) are refused before the first drain")
  void restoreSteps() throws Exception {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ReleasePreflight.check(setup("{}", "[10, 100]"),
        ReleaseOptions.defaults()));
    assertThat(e.messages()).containsExactly("traffic.restoreSteps: step 10 → 100 moves 90 points, more than the max step size 50");
  }

  @Test
  @DisplayName("a stamp's value Helm cannot take is refused at the plan's path for that stamp")
  void stampValues() throws Exception {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ReleasePreflight.check(setup("{\"bad key!\": 1}"),
        ReleaseOptions.defaults()));
    assertThat(e.messages()).singleElement().satisfies(m -> assertThat(m).startsWith("app.stampValues.seattle: 'bad key!=…' is not key=value"));
  }
}
