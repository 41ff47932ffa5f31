package io.stamprelease.core.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of an input before anything is written (Kargo's validateAndConvert): each one
 * names the field, says what is allowed and what was given; {@link #throwIfAny} joins them into one message.
 */
public final class Problems {
  private final String subject;
  private final List<String> problems = new ArrayList<>();

  public Problems(String subject) {
    this.subject = subject;
  }

  /** Adds "field: message" when {@code ok} is false; returns {@code ok}. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }

  public void add(String field, String message) {
    problems.add(field + ": " + message);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<String> list() {
    return List.copyOf(problems);
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(subject, problems);
    }
  }
}
