package io.stamprelease.core.input;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Invalid input, found before anything was written: the CLI's exit code 2, an {@code AbortException} in Jenkins.
 * Only this type means "invalid input, nothing was written" — it is deliberately not an {@link IllegalArgumentException}:
 * a JDK or library {@code IllegalArgumentException} halfway through a release is a bug, not the user's input.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String subject;
  private final List<Problem> problems;

  public InvalidInputException(String subject, List<Problem> problems) {
    super(null, null, false, false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
    }
    this.subject = subject;
    this.problems = List.copyOf(problems);
  }

  /** One problem of one field. */
  public static InvalidInputException of(String subject, InputField field, String message) {
    return new InvalidInputException(subject, List.of(Problem.of(field, message)));
  }

  /**
   * The same problems told as {@code subject}'s, each field mapped by {@code fields}: a step whose input a pure model
   * checked (the traffic plan) names its own fields.
   */
  public InvalidInputException as(String subject, UnaryOperator<InputField> fields) {
    return new InvalidInputException(subject, problems.stream().map(p -> new Problem(fields.apply(p.field()), p.at(), p.message())).toList());
  }

  /** What was being validated: a step ({@code akseDeploy}), a file ({@code release plan}), a command. */
  public String subject() {
    return subject;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The problems rendered with the canonical keys, one string each. */
  public List<String> messages() {
    return problems.stream().map(p -> p.render(FieldLabels.KEYS)).toList();
  }

  /** {@code invalid <subject> input: <problem>; <problem>} with a front end's labels. */
  public String render(FieldLabels labels) {
    return "invalid " + subject + " input: " + describe(labels);
  }

  /** The problems alone, {@code <label>: <message>; …}, for a front end that says "invalid input" its own way. */
  public String describe(FieldLabels labels) {
    return String.join("; ", problems.stream().map(p -> p.render(labels)).toList());
  }

  /** The first problem of {@code field} (a form check shows it beside that field). */
  public Optional<String> messageFor(InputField field) {
    return problems.stream().filter(p -> p.field().equals(field)).map(Problem::message).findFirst();
  }

  @Override
  public String getMessage() {
    return render(FieldLabels.KEYS);
  }
}
