package io.stamprelease.core.traffic.tasks;

import io.stamprelease.core.validation.InvalidInputException;
import java.util.List;

/** The guardrails refused the first change before anything was written: like invalid input (CLI exit 2), with the rules broken. */
public class GuardrailRefusal extends InvalidInputException {
  public GuardrailRefusal(List<String> violations) {
    super("trafficShift", violations);
  }

  @Override
  public String getMessage() {
    return "trafficShift refused by guardrails, nothing was written: " + String.join("; ", problems());
  }
}
