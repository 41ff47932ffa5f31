package io.stamprelease.core.validation;

import java.util.List;

/** Invalid input, found before anything was written (CLI exit code 2; AbortException in Jenkins). */
public class InvalidInputException extends IllegalArgumentException {
  private final List<String> problems;

  public InvalidInputException(String subject, List<String> problems) {
    super("invalid " + subject + " input: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
