package io.stamprelease.core.engine;

import io.stamprelease.core.engine.CheckpointCodec.UnreadableCheckpointException;
import io.stamprelease.core.engine.EngineTest.Counter;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A checkpoint saved outside Jenkins is read back only as the step's own")
class CheckpointCodecTest {
  final Checkpoint<Counter> saved = new Checkpoint<>(2, new Counter(7), Instant.parse("2026-12-06T10:00:00Z"), 1, 0,
      Instant.parse("2026-12-06T09:00:00Z"), Map.of("count", 7, "pools", List.of("agentpool1")));

  @Test
  @DisplayName("Given a checkpoint, when it is written as text and read back for its state type, then it is equal")
  void roundTrip() throws Exception {
    assertThat(CheckpointCodec.fromText(CheckpointCodec.toText(saved), Counter.class)).isEqualTo(saved);
    assertThat(CheckpointCodec.fromBytes(CheckpointCodec.toBytes(saved), Counter.class)).isEqualTo(saved);
  }

  @Test
  @DisplayName("Given a checkpoint of another step, when it is read for this step's state, then it is refused naming both")
  void otherStep() {
    record Other(int x) implements Serializable {
    }

    assertThatThrownBy(() -> CheckpointCodec.fromText(CheckpointCodec.toText(saved), Other.class))
        .isInstanceOf(UnreadableCheckpointException.class).hasMessage("it is a checkpoint of Counter, not of Other");
  }

  @Test
  @DisplayName("Given bytes that hold a class a checkpoint never holds, when they are read, then the class is refused before it is built")
  void foreignClass() throws Exception {
    Checkpoint<Counter> withForeign = new Checkpoint<>(0, new Counter(1), null, 0, 0, null, Map.of("x", new ConcurrentHashMap<>()));

    assertThatThrownBy(() -> CheckpointCodec.fromBytes(CheckpointCodec.toBytes(withForeign), Counter.class))
        .isInstanceOf(UnreadableCheckpointException.class)
        .hasMessage("it holds a class this build does not save or no longer reads (java.util.concurrent.ConcurrentHashMap)");
  }

  @Test
  @DisplayName("Given damaged text, another object or not even base64, when it is read, then each is refused saying what it is")
  void damaged() throws Exception {
    byte[] bytes = CheckpointCodec.toBytes(saved);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    ByteArrayOutputStream string = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(string)) {
      out.writeObject("not a checkpoint");
    }

    assertThatThrownBy(() -> CheckpointCodec.fromBytes(truncated, Counter.class))
        .hasMessageStartingWith("it is not a checkpoint this build wrote (");
    assertThatThrownBy(() -> CheckpointCodec.fromText(Base64.getEncoder().encodeToString(string.toByteArray()), Counter.class))
        .hasMessage("it holds a String, not a checkpoint");
    assertThatThrownBy(() -> CheckpointCodec.fromText("%%% not base64", Counter.class)).hasMessage("it is not base64 text");
  }
}
