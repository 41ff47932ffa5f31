package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import java.util.List;

/** The guardrails refused the first change before anything was written: like invalid input (CLI exit 2), with the rules broken. */
public class GuardrailRefusal extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** {@code field}: the input that asked for the change (drain, set, shiftTo …). */
  public GuardrailRefusal(InputField field, List<String> violations) {
    super("trafficShift", violations.stream().map(v -> Problem.of(field, v)).toList());
  }

  public List<String> violations() {
    return problems().stream().map(Problem::message).toList();
  }

  @Override
  public String render(FieldLabels labels) {
    return "trafficShift refused by guardrails, nothing was written: " + String.join("; ", violations());
  }
}
