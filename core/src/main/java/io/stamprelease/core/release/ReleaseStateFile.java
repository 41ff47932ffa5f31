package io.stamprelease.core.release;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.input.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;

/**
 * {@code release-state.json}: read at start, written after every task of every stamp and at every gate and wave
 * boundary — atomically (a temp file beside it, then a rename), so a process killed at any moment leaves either the
 * previous or the new state, never half of one.
 */
public final class ReleaseStateFile {
  /** Fields, not getters: the state's public fields and the record builder's stored entries are the format. */
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE).setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;

  public ReleaseStateFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  public boolean exists() {
    return Files.exists(file);
  }

  public ReleaseState read() {
    try {
      ReleaseState s = JSON.readValue(file.toFile(), ReleaseState.class);
      if (s.format != ReleaseState.FORMAT) {
        throw InvalidInputException.of("release state", ReleaseField.STATE, "'" + file + "' has format " + s.format
            + "; this build continues format " + ReleaseState.FORMAT);
      }
      return s;
    } catch (IOException e) {
      throw InvalidInputException.of("release state", ReleaseField.STATE, "'" + file + "' is not a release state file this build can "
          + "continue from: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  public synchronized void write(ReleaseState state) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the release state file " + file, e);
    }
  }

  /** A step's checkpoint as text for the state file: Java serialization (the checkpoint's own format), base64. */
  static String encode(Checkpoint<?> checkpoint) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  @SuppressWarnings("unchecked")
  static <S> Checkpoint<S> decode(String text) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
      return (Checkpoint<S>) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw InvalidInputException.of("release state", ReleaseField.STATE, "a saved checkpoint cannot be read by this build: " + e.getMessage());
    }
  }
}
