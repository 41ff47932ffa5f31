package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.steps.aksescale.ScaleState.Mode;
import io.stamprelease.core.steps.aksescale.ScaleState.NodeRemoval;
import io.stamprelease.core.steps.aksescale.ScaleState.Phase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("akseScale arithmetic: AKS Engine's Count/Offset and the scale-in order")
class ScaleArithmeticTest {

  @ParameterizedTest(name = "indexes {0}, target {1} -> {2}Offset {3}, Count {4}")
  @CsvSource(delimiter = ';', value = {
      "0,1,2;    5; agentpool1; 3; 5",
      "0;        2; agentpool1; 1; 2",
      "0,2,5;    5; agentpool1; 6; 8",
      "3,4;      3; agentpool1; 5; 6",
      "0,1,2;   50; agentpool1; 3; 50"})
  @DisplayName("scale-out sends offset = highest used index + 1 and count = offset + nodes to add")
  void scaleOut(String used, int target, String pool, int offset, int count) {
    // Given
    List<Integer> indexes = List.of(used.split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
    // When
    ScaleArithmetic.ScaleOut out = ScaleArithmetic.scaleOut(indexes, target);
    // Then
    assertThat(out.offset()).isEqualTo(offset);
    assertThat(out.count()).isEqualTo(count);
    assertThat(out.newIndexes()).hasSize(target - indexes.size());
  }

  @ParameterizedTest(name = "indexes {0}, target {1} -> remove {2}")
  @CsvSource(delimiter = ';', value = {
      "0,1,2,3,4; 2; 4,3,2",
      "0,1,2;     1; 2,1",
      "0,2,5;     2; 5",
      "5,0,3;     1; 5,3",
      "0,1,2;     3; ''"})
  @DisplayName("scale-in removes the highest indexes first")
  void scaleIn(String used, int target, String expected) {
    List<Integer> indexes = List.of(used.split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
    List<Integer> remove = ScaleArithmetic.toRemove(indexes, target);
    assertThat(remove).containsExactlyElementsOf(expected.isEmpty() ? List.of()
        : List.of(expected.split(",")).stream().map(Integer::parseInt).toList());
  }

  @Test
  @DisplayName("a scale-out never reuses the index of a leftover NIC, disk or Node that is being cleaned up")
  void scaleOutAboveLeftovers() {
    // Given VMs 0 and 1, and the NIC of a removed VM 3 still there
    // When
    ScaleArithmetic.ScaleOut out = ScaleArithmetic.scaleOut(List.of(0, 1), List.of(3), 4);
    // Then
    assertThat(out.offset()).isEqualTo(4);
    assertThat(out.count()).isEqualTo(6);
    assertThat(out.newIndexes()).containsExactly(4, 5);
  }

  @Test
  @DisplayName("asking a scale-out of a pool already at or above the target is a programming error")
  void notAScaleOut() {
    assertThatThrownBy(() -> ScaleArithmetic.scaleOut(List.of(0, 1, 2), 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"k8s-agentpool1-12345678-0, 0", "k8s-agentpool1-12345678-nic-17, 17", "k8s-agentpool1-12345678-10, 10"})
  @DisplayName("the index is the last number of an AKS Engine name")
  void index(String name, int index) {
    assertThat(PoolInventory.indexOf(name)).hasValue(index);
  }

  @Test
  @DisplayName("the state survives Java serialization with its phases, delete operations and absolute drain deadlines")
  void serializable() throws Exception {
    // Given
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    ScaleState state = new ScaleState("rg", "agentpool1", "123", 1, 3, Mode.SCALE_IN, 0, 0, null, null, List.of(),
        List.of(new NodeRemoval("k8s-agentpool1-123-2", 2, "/vm", "/nic", "/disk", Phase.DRAINED,
            new io.stamprelease.core.clients.arm.LroOperation(null, "https://hub/op/1", null, "Microsoft.Compute/virtualMachines", start, 0, null), start,
            start.plusSeconds(300), Duration.ofSeconds(4), true, null)), List.of("a note"));
    // When
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    // Then
    assertThat(back).isEqualTo(state);
  }
}
