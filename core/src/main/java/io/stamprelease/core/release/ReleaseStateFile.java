package io.stamprelease.core.release;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stamprelease.core.files.AtomicFile;
import io.stamprelease.core.input.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code release-state.json}: read at start, written after every task of every stamp and at every gate and wave
 * boundary — atomically ({@link AtomicFile}), so a process killed at any moment leaves either the previous or the new
 * state, never half of one — with a checksum over its content, so a file damaged or edited afterwards is refused.
 */
public final class ReleaseStateFile {
  /** Fields, not getters: the state's public fields and the record builder's stored entries are the format. */
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE).setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).enable(SerializationFeature.INDENT_OUTPUT);

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

  /**
   * The saved state, read whole: it must be JSON of this build's format, and its checksum must match its content (a
   * file changed by hand, or damaged, is refused rather than half-trusted). Its meaning is judged against the plan by
   * {@link ReleaseStateCheck}.
   */
  public ReleaseState read() {
    ObjectNode tree;
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (!(root instanceof ObjectNode object)) {
        throw refused("is not a release state (expected a JSON object)");
      }
      tree = object;
    } catch (IOException e) {
      throw refused("is not a release state file this build can continue from: " + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode format = tree.get("format");
    if (format == null || !format.isInt() || format.intValue() != ReleaseState.FORMAT) {
      throw refused("has format " + format + "; this build continues format " + ReleaseState.FORMAT);
    }
    JsonNode saved = tree.remove(CHECKSUM);
    if (saved == null || !saved.isTextual()) {
      throw refused("has no checksum: it was not written by this build, or was edited; move it away to start the release afresh");
    }
    if (!saved.asText().equals(checksum(tree))) {
      throw refused("does not match its checksum: it was changed or damaged after it was written; restore it from a copy, or move it "
          + "away to start the release afresh (nothing was written)");
    }
    try {
      return JSON.treeToValue(tree, ReleaseState.class);
    } catch (IOException | IllegalArgumentException e) {
      throw refused("is not a release state this build can continue from: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Written with the state: SHA-256 of the state's JSON without this field, as the file holds it. */
  static final String CHECKSUM = "checksum";

  static String checksum(ObjectNode withoutChecksum) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(withoutChecksum)));
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private InvalidInputException refused(String why) {
    return InvalidInputException.of("release state", ReleaseField.STATE, "'" + file + "' " + why);
  }

  public synchronized void write(ReleaseState state) {
    try {
      ObjectNode tree = JSON.valueToTree(state);
      tree.put(CHECKSUM, checksum(tree));
      AtomicFile.write(file, JSON.writeValueAsBytes(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the release state as JSON", e);
    }
  }
}
