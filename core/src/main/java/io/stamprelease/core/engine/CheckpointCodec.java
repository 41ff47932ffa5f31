package io.stamprelease.core.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The one format a {@link Checkpoint} is saved in outside a Jenkins build: Java serialization (the checkpoint's own
 * contract, the same bytes the Jenkins step keeps), as bytes for the CLI's state file and base64 text inside the release
 * state. Reading accepts only the engine's and the steps' own classes and the JDK's value types, and checks that the
 * state is the step's, so a damaged or foreign file is refused as such instead of failing later with a cast.
 */
public final class CheckpointCodec {
  /** Our classes and the JDK's value types; nothing else is ever in a checkpoint (no library object, no lambda). */
  private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
      "maxdepth=64;maxrefs=100000;maxbytes=67108864;io.stamprelease.core.**;java.lang.*;java.util.*;java.time.*;java.math.*;java.net.URI;!*");

  private CheckpointCodec() {
  }

  /** A saved checkpoint this build cannot continue from; the message says why, without the bytes. */
  public static final class UnreadableCheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableCheckpointException(String message) {
      super(message, null, false, false);
    }
  }

  public static byte[] toBytes(Checkpoint<?> checkpoint) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize a checkpoint of " + checkpoint.state().getClass().getSimpleName(), e);
    }
    return bytes.toByteArray();
  }

  public static String toText(Checkpoint<?> checkpoint) {
    return Base64.getEncoder().encodeToString(toBytes(checkpoint));
  }

  /**
   * The checkpoint in {@code bytes}, whose state must be a {@code stateType} (null state is allowed only before the
   * first task ran).
   */
  @SuppressWarnings("unchecked")
  public static <S> Checkpoint<S> fromBytes(byte[] bytes, Class<S> stateType) throws UnreadableCheckpointException {
    Object read;
    String[] refused = {null};
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = ALLOWED.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
          refused[0] = info.serialClass() != null ? info.serialClass().getName() : "more depth, references or bytes than a checkpoint has";
        }
        return status;
      });
      read = in.readObject();
    } catch (InvalidClassException e) {
      String what = refused[0] != null ? refused[0] : e.classname;
      throw new UnreadableCheckpointException("it holds a class this build does not save or no longer reads (" + what + ")");
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new UnreadableCheckpointException("it is not a checkpoint this build wrote (" + e.getClass().getSimpleName() + ")");
    }
    if (!(read instanceof Checkpoint<?> cp)) {
      throw new UnreadableCheckpointException("it holds a " + (read == null ? "null" : read.getClass().getSimpleName()) + ", not a checkpoint");
    }
    if (cp.state() != null && !stateType.isInstance(cp.state())) {
      throw new UnreadableCheckpointException("it is a checkpoint of " + cp.state().getClass().getSimpleName() + ", not of "
          + stateType.getSimpleName());
    }
    return (Checkpoint<S>) cp;
  }

  public static <S> Checkpoint<S> fromText(String text, Class<S> stateType) throws UnreadableCheckpointException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new UnreadableCheckpointException("it is not base64 text");
    }
    return fromBytes(bytes, stateType);
  }
}
