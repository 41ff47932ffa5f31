package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("stamps.yaml release plans")
class ReleasePlanFileTest {
  static final Set<String> HUBS = Set.of("seattle", "denver", "austin");
  static final Set<String> ENDPOINTS = Set.of("seattle", "denver", "austin");

  static ReleasePlan parse(String yaml) throws Exception {
    return ReleasePlanFile.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), HUBS, ENDPOINTS);
  }

  @Test
  @DisplayName("the sample plan loads: 3 stamps in 2 waves, a 2-of-3 gate after the canary, steps 10/50/100")
  void samplePlan() {
    ReleasePlan plan = ReleasePlanFile.load(Path.of("..", "samples", "stamps.yaml"), HUBS, ENDPOINTS);
    assertThat(plan.waves()).extracting(ReleasePlan.Wave::name).containsExactly("canary", "rest");
    assertThat(plan.waves().get(1).stamps()).containsExactly("denver", "austin");
    assertThat(plan.waves().get(0).gate().minApprovals()).isEqualTo(2);
    assertThat(plan.waves().get(0).gate().timeout()).isEqualTo(Duration.ofHours(4));
    assertThat(plan.traffic().restoreSteps()).containsExactly(10, 50, 100);
    assertThat(plan.stamp("denver").agentLabel()).isEqualTo("hub-denver");
    assertThat(plan.app().stampValues()).containsKey("austin");
  }

  @Test
  @DisplayName("every problem of a bad plan is reported at once, each naming its field")
  void everyProblemAtOnce() {
    assertThatThrownBy(() -> parse("""
        app: {release: Bad_Name}
        stamps:
          - {name: seattle, hub: seattle}
          - {name: denver, hub: boston}
          - {name: seattle}
          - {name: austin, trafficEndpoint: houston}
        waves:
          - {name: one, stamps: [seattle, denver]}
          - {name: two, stamps: [denver, phoenix], maxParallel: 0}
          - {name: empty, stamps: []}
        traffic: {provider: dns-magic, restoreSteps: [50, 10], bake: soon}
        maxFailedStamps: 0
        """)).isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).messages()).contains(
            "app.release: must be a DNS-1123 name of at most 53 characters (was 'Bad_Name')",
            "app.chart: is required (a chart directory, .tgz, repo/name or oci:// reference)",
            "stamps[1].hub: unknown hub 'boston' (hubs: austin, denver, seattle)",
            "stamps[2].name: stamp 'seattle' is defined twice",
            "stamps[3].trafficEndpoint: the traffic profile has no endpoint 'houston' (endpoints: austin, denver, seattle)",
            "waves[1].stamps: stamp 'denver' is already in wave 'one'",
            "waves[1].stamps: unknown stamp 'phoenix'",
            "waves[1].maxParallel: must be at least 1 (was 0)",
            "waves[2].stamps: a wave needs at least one stamp",
            "waves: stamp 'austin' is in no wave",
            "traffic.provider: must be azure-traffic-manager or f5-gtm (was 'dns-magic')",
            "traffic.restoreSteps: must be strictly increasing percentages in 1..100 ending at 100 (was [50, 10])",
            "traffic.bake: must be a duration like 30s, 5m, 4h or 2d (was 'soon')",
            "maxFailedStamps: must be at least 1 (was 0)"));
  }

  @Test
  @DisplayName("a gate asking more approvals than listed people is refused")
  void impossibleQuorum() {
    assertThatThrownBy(() -> parse("""
        app: {release: demo, chart: ./chart}
        stamps: [{name: seattle}]
        waves: [{stamps: [seattle], gate: {approvers: [alice], minApprovals: 2, timeout: 1x}}]
        """)).hasMessageContaining("waves[0].gate.minApprovals: cannot exceed the 1 listed approver(s)")
        .hasMessageContaining("waves[0].gate.timeout: '1x' is not a duration (allowed: <n>ms, <n>s, <n>m, <n>h, <n>d, or ISO-8601 like PT5M)");
  }
}
