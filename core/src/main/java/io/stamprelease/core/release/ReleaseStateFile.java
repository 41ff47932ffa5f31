package io.stamprelease.core.release;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stamprelease.core.files.AtomicFile;
import io.stamprelease.core.input.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
      AtomicFile.write(file, JSON.writeValueAsBytes(state));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the release state as JSON", e);
    }
  }
}
