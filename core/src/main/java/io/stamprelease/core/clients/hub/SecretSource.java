package io.stamprelease.core.clients.hub;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret comes from: a file or an environment variable, never a command-line value. Its
 * {@code toString} names the source, never the value, so it is safe in messages and logs.
 */
public sealed interface SecretSource {

  /** Reads the secret; a missing source is an error naming the field and the source, not the value. */
  String read(InputField field);

  record FromFile(Path file) implements SecretSource {
    @Override
    public String read(InputField field) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw InvalidInputException.of("secret", field, "cannot read the secret file '" + file + "' (" + e.getClass().getSimpleName() + ")");
      }
    }

    @Override
    public String toString() {
      return "file " + file;
    }
  }

  record FromEnvironment(String variable, Map<String, String> environment) implements SecretSource {
    @Override
    public String read(InputField field) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        throw InvalidInputException.of("secret", field, "environment variable " + variable + " is not set");
      }
      return value;
    }

    @Override
    public String toString() {
      return "environment variable " + variable;
    }
  }
}
