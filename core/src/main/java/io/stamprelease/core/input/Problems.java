package io.stamprelease.core.input;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every problem of an input before anything is written (Kargo's validateAndConvert): each one names its
 * field, says what is allowed and what was given; {@link #throwIfAny} raises them together as one
 * {@link InvalidInputException}.
 */
public final class Problems {
  private final String subject;
  private final List<Problem> problems;
  private final InputField container;
  private final String prefix;

  public Problems(String subject) {
    this(subject, new ArrayList<>(), null, null);
  }

  private Problems(String subject, List<Problem> problems, InputField container, String prefix) {
    this.subject = subject;
    this.problems = problems;
    this.container = container;
    this.prefix = prefix;
  }

  /**
   * The same collection seen from inside a field's content: a problem of {@code field} added through the view is filed
   * under {@code container} at {@code prefix + field.key()} — a hub's {@code armEndpoint} inside hubs.yaml is
   * {@code --config hubs[0].armEndpoint}, the same rule checked by a Jenkins form is the form's {@code armEndpoint}.
   * A null {@code container} gives this collection itself.
   */
  public Problems within(InputField container, String prefix) {
    return container == null ? this : new Problems(subject, problems, container, (this.prefix == null ? "" : this.prefix) + prefix);
  }

  /** Adds the problem when {@code ok} is false; returns {@code ok}. */
  public boolean check(boolean ok, InputField field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }

  public void add(InputField field, String message) {
    problems.add(container == null ? Problem.of(field, message) : new Problem(container, prefix + field.key(), message));
  }

  /** As {@link #check}, for a problem inside the field's content at a path such as {@code parameters.agentpool1Count}. */
  public boolean checkAt(boolean ok, InputField field, String at, String message) {
    if (!ok) {
      addAt(field, at, message);
    }
    return ok;
  }

  /** A problem inside the field's content, at a path such as {@code parameters.agentpool1Count}. */
  public void addAt(InputField field, String at, String message) {
    problems.add(container == null ? new Problem(field, at, message) : new Problem(container, prefix + at, message));
  }

  /** Takes over the problems of another input's validation (e.g. the hubs file's, while validating a command). */
  public void addAll(InvalidInputException e) {
    problems.addAll(e.problems());
  }

  /**
   * Runs another input's validation and keeps its problems instead of stopping at them, so one message lists every
   * problem of the command: returns the validated value, or null when it had problems (now added here).
   */
  public <T> T attempt(Supplier<T> validation) {
    try {
      return validation.get();
    } catch (InvalidInputException e) {
      addAll(e);
      return null;
    }
  }

  /**
   * The duration a field says ({@code 30s}, {@code 5m}, ISO-8601…), or {@code fallback} when it is absent; null, with a
   * problem naming the field and the allowed forms, when the text is not a duration.
   */
  public Duration duration(String text, String fallback, InputField field) {
    String value = text == null || text.isBlank() ? fallback : text.trim();
    Duration d = io.stamprelease.core.input.Durations.parse(value).orElse(null);
    check(d != null, field, "'" + value + "' is not a duration (allowed: " + io.stamprelease.core.input.Durations.ALLOWED + ")");
    return d;
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Whether a problem about {@code field} was already found (a later check of the same field would only repeat it). */
  public boolean has(InputField field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  public List<Problem> list() {
    return List.copyOf(problems);
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(subject, problems);
    }
  }
}
