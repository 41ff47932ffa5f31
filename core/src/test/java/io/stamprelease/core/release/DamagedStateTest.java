package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.traffic.EndpointSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@DisplayName("A saved release state is judged whole before anything runs; each fault is named by file and field, nothing is written")
class DamagedStateTest {
  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  static final ReleasePlan PLAN = ReleasePlanFile.load(Path.of("..", "samples", "stamps.yaml"), Set.of("seattle", "denver", "austin"), Set.of());
  static final String DIGEST = "sha256:1";

  @TempDir
  Path dir;
  ReleaseStateFile file;

  /** Mid-release: seattle rolling out (its Helm checkpoint saved), its wave running, the later wave pending. */
  @BeforeEach
  void midRelease() {
    file = new ReleaseStateFile(dir.resolve("release-state.json"));
    ReleaseState s = ReleaseStart.prepare(PLAN, "stamps.yaml", DIGEST, file, "carol", null, "test", NOW);
    s.waves.get("canary").phase = WavePhase.RUNNING;
    s.stamps.get("seattle").phase = StampPhase.ROLLING_OUT;
    s.stamps.get("seattle").restoreTo = EndpointSetting.enabled(500);
    s.stamps.get("seattle").checkpoint = CheckpointCodec.toText(new Checkpoint<>(2, helm(), NOW.plusSeconds(600), 0, 0, NOW, Map.of()));
    file.write(s);
  }

  static HelmRolloutState helm() {
    return new HelmRolloutState("web", "apps", HelmRolloutState.Phase.SUBMITTED, NOW, NOW.plusSeconds(600), 7, 7, 8, null, "web", "2.0.0",
        List.of("registry.example/web:2.0.0"), List.of(), List.of(), 0, null, null, null);
  }

  ReleaseState prepare() {
    return ReleaseStart.prepare(PLAN, "stamps.yaml", DIGEST, file, "carol", null, "test", NOW);
  }

  /** Edits the saved JSON and signs it again, as a writer with a wrong idea of the state would: only the meaning is wrong. */
  void resigned(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode tree = (ObjectNode) ReleaseStateFile.JSON.readTree(file.path().toFile());
    tree.remove(ReleaseStateFile.CHECKSUM);
    edit.accept(tree);
    tree.put(ReleaseStateFile.CHECKSUM, ReleaseStateFile.checksum(tree));
    Files.write(file.path(), ReleaseStateFile.JSON.writeValueAsBytes(tree));
  }

  static ObjectNode stamp(ObjectNode tree, String name) {
    return (ObjectNode) tree.path("stamps").path(name);
  }

  @Test
  @DisplayName("Given the state as written, when it is read back, then it passes (the corpus below starts from a good file)")
  void goodStatePasses() {
    assertThat(prepare().stamps.get("seattle").phase).isEqualTo(StampPhase.ROLLING_OUT);
  }

  static Stream<Arguments> meaning() {
    return Stream.of(
        arguments("the stamps map is missing", (Consumer<ObjectNode>) t -> t.remove("stamps"),
            "stamps.seattle: is missing (it is in the plan); stamps.denver: is missing (it is in the plan); stamps.austin: is missing"),
        arguments("the stamps map is null", (Consumer<ObjectNode>) t -> t.putNull("stamps"),
            "stamps: is missing (every stamp of the plan has its entry)"),
        arguments("a stamp of the plan is missing", (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("stamps")).remove("denver"),
            "stamps.denver: is missing (it is in the plan)"),
        arguments("a stamp that is not in the plan", (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("stamps")).set("boston",
            stamp(t, "denver").deepCopy().put("stamp", "boston")), "stamps.boston: is not in the plan"),
        arguments("an empty stamp entry", (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("stamps")).putNull("austin"), "stamps.austin: is empty"),
        arguments("a damaged checkpoint", (Consumer<ObjectNode>) t -> stamp(t, "seattle").put("checkpoint", "rO0ABXNyAC5pby5zdGFtcHJl"),
            "stamps.seattle.checkpoint: cannot be continued from: it is not a checkpoint this build wrote"),
        arguments("a checkpoint of another step", (Consumer<ObjectNode>) t -> stamp(t, "seattle").put("checkpoint",
            CheckpointCodec.toText(new Checkpoint<>(0, "not a rollout", NOW, 0, 0, NOW, Map.of()))),
            "stamps.seattle.checkpoint: cannot be continued from: it is a checkpoint of String, not of HelmRolloutState"),
        arguments("a converging stamp with a checkpoint of another step", (Consumer<ObjectNode>) t -> stamp(t, "seattle")
            .put("phase", "CONVERGING").putNull("restoreTo"),
            "stamps.seattle.checkpoint: cannot be continued from: it is a checkpoint of HelmRolloutState, not of AkseDeployState"),
        arguments("a scaling stamp with a checkpoint of another step", (Consumer<ObjectNode>) t -> stamp(t, "seattle")
            .put("phase", "SCALING").putNull("restoreTo"),
            "stamps.seattle.checkpoint: cannot be continued from: it is a checkpoint of HelmRolloutState, not of ScaleState"),
        arguments("a stamp running in a wave that has not started", (Consumer<ObjectNode>) t -> stamp(t, "austin").put("phase", "ROLLING_OUT")
            .put("restoreTo", (String) null), "stamps.austin.phase: is ROLLING_OUT while its wave rest has not started"),
        arguments("a drained stamp without the weight it goes back to", (Consumer<ObjectNode>) t -> stamp(t, "seattle").putNull("restoreTo"),
            "stamps.seattle.restoreTo: is missing while the stamp is ROLLING_OUT"),
        arguments("a stamp on another hub than the plan's", (Consumer<ObjectNode>) t -> stamp(t, "denver").put("hub", "austin"),
            "stamps.denver.hub: is 'austin'; the plan runs denver on hub denver"),
        arguments("a release marked SUCCEEDED mid-way", (Consumer<ObjectNode>) t -> t.put("result", "SUCCEEDED"),
            "result: is SUCCEEDED while not every stamp succeeded"),
        arguments("a later wave running before the earlier one ended", (Consumer<ObjectNode>) t -> ((ObjectNode) t.path("waves").path("rest"))
            .put("phase", "RUNNING"), "waves.rest.phase: is RUNNING while an earlier wave has not ended"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("meaning")
  @DisplayName("Given a state whose meaning is wrong (checksum intact), when a release would continue from it, then it is refused "
      + "naming the file and the field, and the file is left byte for byte")
  void wrongMeaning(String what, Consumer<ObjectNode> damage, String named) throws Exception {
    // Given
    resigned(damage);
    byte[] before = Files.readAllBytes(file.path());

    // When / Then
    assertThatThrownBy(this::prepare).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).render(io.stamprelease.core.input.FieldLabels.FLAGS))
            .startsWith("cannot continue from " + file.path() + ": ").contains(named)
            .endsWith("nothing was written (restore the file, or move it away to start the release afresh)"));
    assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
    assertThat(dir.toFile().list()).containsExactly("release-state.json");
  }

  @Test
  @DisplayName("Given a stamp saved CONVERGING, when the plan it continues under gives that stamp no cluster, then it is refused naming "
      + "the phase, and the file is left byte for byte")
  void clusterPhaseWithoutCluster() throws Exception {
    // Given
    resigned(t -> stamp(t, "seattle").put("phase", "CONVERGING").putNull("restoreTo").putNull("checkpoint"));
    byte[] before = Files.readAllBytes(file.path());
    ReleasePlan withoutClusters = new ReleasePlan(PLAN.name(), PLAN.app(), PLAN.stamps().stream()
        .map(st -> new ReleasePlan.Stamp(st.name(), st.hub(), st.trafficEndpoint(), st.agentLabel())).toList(), PLAN.waves(), PLAN.traffic(),
        PLAN.maxFailedStamps());

    // When / Then
    assertThatThrownBy(() -> ReleaseStart.prepare(withoutClusters, "stamps.yaml", DIGEST, file, "carol", null, "test", NOW))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).render(io.stamprelease.core.input.FieldLabels.FLAGS))
            .contains("stamps.seattle.phase: is CONVERGING but the plan gives seattle no cluster: to converge"));
    assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
  }

  static Stream<Arguments> damage() {
    return Stream.of(
        arguments("truncated", (FileEdit) b -> java.util.Arrays.copyOf(b, b.length / 2), "is not a release state file this build can continue from"),
        arguments("one value changed after it was written", (FileEdit) b -> new String(b).replace("\"carol\"", "\"mallory\"").getBytes(),
            "does not match its checksum: it was changed or damaged after it was written"),
        arguments("its checksum removed", (FileEdit) b -> new String(b).replaceAll("(?s),\\s*\"checksum\"\\s*:\\s*\"[0-9a-f]+\"", "").getBytes(),
            "has no checksum"),
        arguments("an older format", (FileEdit) b -> new String(b).replaceFirst("\"format\" : 2", "\"format\" : 1").getBytes(),
            "has format 1; this build continues format 2"),
        arguments("not an object", (FileEdit) b -> "[]".getBytes(), "is not a release state (expected a JSON object)"));
  }

  @FunctionalInterface
  interface FileEdit {
    byte[] apply(byte[] bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  @DisplayName("Given a state file damaged or edited after it was written, when it is read, then it is refused naming the file")
  void damagedFile(String what, FileEdit edit, String said) throws Exception {
    // Given
    Files.write(file.path(), edit.apply(Files.readAllBytes(file.path())));
    byte[] before = Files.readAllBytes(file.path());

    // When / Then
    assertThatThrownBy(this::prepare).isInstanceOf(InvalidInputException.class).hasMessageContaining("'" + file.path() + "' " + said);
    assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
  }
}
