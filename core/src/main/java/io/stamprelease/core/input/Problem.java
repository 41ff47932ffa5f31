package io.stamprelease.core.input;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with an input, found before anything was written: which field, optionally where inside the field's
 * content ({@code at}: a path in a file, such as {@code parameters.agentpool1Count} or {@code stamps[2].name}), and a
 * message that says what is allowed and what was given. The message never holds a secret value.
 */
public record Problem(InputField field, String at, String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Problem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  public static Problem of(InputField field, String message) {
    return new Problem(field, null, message);
  }

  /** {@code <label>: message}, or {@code <at>: message} when the problem sits inside the field's content (a path reads the same everywhere). */
  public String render(FieldLabels labels) {
    return (at != null ? at : labels.label(field)) + ": " + message;
  }

  /** Rendered with the canonical keys. */
  @Override
  public String toString() {
    return render(FieldLabels.KEYS);
  }
}
