package io.stamprelease.core.input;

/**
 * One named input of a step, a file or a command: a constant of a {@code Field} enum that the input declares. Its
 * {@link #key()} is the canonical name — the Jenkins argument and the JSON key ({@code historyMax}); every front end
 * turns it into its own label ({@code --history-max} for the CLI) through {@link FieldLabels}, never by parsing text.
 */
public interface InputField {
  /** The canonical camelCase name, e.g. {@code resourceGroup}. */
  String key();
}
