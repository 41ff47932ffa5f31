package io.stamprelease.core.input;

import java.io.Serializable;

/**
 * One named input of a step, a file or a command: a constant of a {@code Field} enum that the input declares. Its
 * {@link #key()} is the canonical name — the Jenkins argument and the JSON key ({@code historyMax}); every front end
 * turns it into its own label ({@code --history-max} for the CLI) through {@link FieldLabels}, never by parsing text.
 * Serializable (every one is an enum constant), so a problem crosses a Jenkins agent channel with its field.
 */
public interface InputField extends Serializable {
  /** The canonical camelCase name, e.g. {@code resourceGroup}. */
  String key();
}
