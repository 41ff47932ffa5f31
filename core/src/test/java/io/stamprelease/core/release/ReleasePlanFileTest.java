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
            "traffic.provider: must be one of azure-traffic-manager | f5-gtm (was 'dns-magic')",
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

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      minApprovals: two     | {approvers: [alice, bob], minApprovals: two}                | waves[0].gate.minApprovals: must be a whole number (was the text 'two'; write the number, e.g. 2)
      minApprovals quoted   | {approvers: [alice, bob], minApprovals: "2"}                | waves[0].gate.minApprovals: must be a whole number (was the text '2'
      allowRequester: yes   | {approvers: [alice], allowRequester: sure}                  | waves[0].gate.allowRequester: must be true or false (was the text 'sure')
      unknown gate key      | {approvers: [alice], quorum: 1}                             | waves[0].gate.quorum: is not a plan key (allowed here: approvers, minApprovals, timeout, allowRequester)
      """)
  @DisplayName("a gate's values must have their types, and its keys be known")
  void gateTypes(String name, String gate, String message) {
    assertThatThrownBy(() -> parse("""
        app: {release: demo, chart: ./chart}
        stamps: [{name: seattle}, {name: denver}]
        waves: [{stamps: [seattle], gate: %s}, {stamps: [denver]}]
        """.formatted(gate))).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
  }

  @Test
  @DisplayName("numbers written as text are refused, never read as a default: maxFailedStamps: one, maxParallel: many, restoreSteps")
  void numbersAsText() {
    assertThatThrownBy(() -> parse("""
        app: {release: demo, chart: ./chart}
        stamps: [{name: seattle}]
        waves: [{stamps: [seattle], maxParallel: many}]
        traffic: {restoreSteps: [10, fifty, 100], bake: 30}
        maxFailedStamps: one
        """)).isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).messages()).contains(
            "waves[0].maxParallel: must be a whole number (was the text 'many'; write the number, e.g. 2)",
            "traffic.restoreSteps[1]: must be a whole number (was the text 'fifty'; write the number, e.g. 2)",
            "traffic.bake: must be text (was the number 30; quote it, YAML reads 1.10 as the number 1.1)",
            "maxFailedStamps: must be a whole number (was the text 'one'; write the number, e.g. 2)"));
  }

  @Test
  @DisplayName("unknown keys are refused wherever they are; a dependency key says a plan has none (so no cycle can be written)")
  void unknownKeys() {
    assertThatThrownBy(() -> parse("""
        app: {release: demo, chart: ./chart, valueFiles: [x.yaml]}
        stamps: [{name: seattle, hubb: seattle}, {name: denver}]
        waves:
          - {name: one, stamps: [seattle], dependsOn: [two]}
          - {name: two, stamps: [denver], dependsOn: [one]}
        gates: []
        """)).isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).messages())
            .contains("gates: is not a plan key (allowed here: name, app, stamps, waves, traffic, maxFailedStamps)",
                "app.valueFiles: is not a plan key (allowed here: release, namespace, chart, version, valuesFiles, stampValues, smokePath)",
                "stamps[0].hubb: is not a plan key (allowed here: name, hub, trafficEndpoint, agentLabel, cluster)")
            .anySatisfy(m -> assertThat(m).startsWith("waves[0].dependsOn: is not a plan key: a plan has no dependencies between waves or stamps "
                + "(so none can form a cycle); waves run in the order they are listed"))
            .anySatisfy(m -> assertThat(m).startsWith("waves[1].dependsOn: is not a plan key")));
  }

  @Test
  @DisplayName("every values file is read and parsed before anything runs: missing, not YAML, not a map, above 1 MiB")
  void valuesFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("broken.yaml"), "a: [1, 2\nb: }");
    java.nio.file.Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n");
    java.nio.file.Files.writeString(dir.resolve("ok.yaml"), "replicas: 2\n");
    try (java.io.RandomAccessFile big = new java.io.RandomAccessFile(dir.resolve("big.yaml").toFile(), "rw")) {
      big.setLength(3L * 1024 * 1024);
    }
    Path plan = java.nio.file.Files.writeString(dir.resolve("stamps.yaml"), """
        app: {release: demo, chart: ./chart, valuesFiles: [ok.yaml, missing.yaml, broken.yaml, list.yaml, big.yaml]}
        stamps: [{name: seattle}]
        waves: [{stamps: [seattle]}]
        """);
    assertThatThrownBy(() -> ReleasePlanFile.load(plan, HUBS, ENDPOINTS)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).messages())
            .anySatisfy(m -> assertThat(m).startsWith("app.valuesFiles[1]: cannot read values file"))
            .anySatisfy(m -> assertThat(m).startsWith("app.valuesFiles[2]: ").contains("is not valid YAML (line"))
            .anySatisfy(m -> assertThat(m).startsWith("app.valuesFiles[3]: ").contains("is not a YAML map of values (found array)"))
            .anySatisfy(m -> assertThat(m).startsWith("app.valuesFiles[4]: ").contains("is 3.0 MiB; at most 1 MiB is taken"))
            .noneSatisfy(m -> assertThat(m).startsWith("app.valuesFiles[0]")));
  }

  @Test
  @DisplayName("a plan that is not YAML is refused naming the plan, with the line")
  void notYaml(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path plan = java.nio.file.Files.writeString(dir.resolve("stamps.yaml"), "app: {release: demo\nstamps: [");
    assertThatThrownBy(() -> ReleasePlanFile.load(plan, HUBS, ENDPOINTS)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("plan: '" + plan + "' is not YAML (line");
  }
}
