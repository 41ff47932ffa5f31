package io.stamprelease.plugin.agent;

import hudson.AbortException;
import hudson.util.FormValidation;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every step does with its inputs: core's validation problems turned into one {@link AbortException} in the step's
 * argument names (core's canonical field keys), early checks on the controller and form checks through the same core
 * validation, and results reduced to the plain values a sandboxed Pipeline may read (Map, List, String, Integer, Long,
 * Boolean).
 */
public final class StepInputs {
  private StepInputs() {
  }

  /** Core's problems as one line in the step's own argument names (core's canonical keys are the argument names). */
  public static AbortException abort(String step, InvalidInputException e) {
    return new AbortException("[" + step + "] invalid input: " + e.describe(FieldLabels.KEYS));
  }

  /**
   * The controller's early check of the arguments it can judge alone (the durations: a typo fails the step before the
   * agent is visited), through core's validation; everything else — the files above all — is judged on the agent, where
   * every remaining problem is reported at once.
   */
  public static void precheck(String step, Supplier<?> validation, Set<? extends InputField> judgedHere) throws AbortException {
    try {
      validation.get();
    } catch (InvalidInputException e) {
      List<Problem> here = e.problems().stream().filter(p -> judgedHere.contains(p.field())).toList();
      if (!here.isEmpty()) {
        throw abort(step, new InvalidInputException(e.subject(), here));
      }
    }
  }

  /** A form check of one field: core's own message for that field, judged with the field alone set. */
  public static FormValidation check(InputField field, Supplier<?> validationOfFieldAlone) {
    try {
      validationOfFieldAlone.get();
      return FormValidation.ok();
    } catch (InvalidInputException e) {
      return e.messageFor(field).map(FormValidation::error).orElseGet(FormValidation::ok);
    }
  }

  /** Nested maps/lists of plain values; anything else (Duration, Instant, enums, records) as its string form. */
  public static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
      return value;
    }
    if (value instanceof Number n) {
      long l = n.longValue();
      if (l != n.doubleValue()) {
        return n.toString();
      }
      // not a ternary: mixed Integer/Long operands would be promoted back to Long
      if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
        return Integer.valueOf((int) l);
      }
      return Long.valueOf(l);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof Iterable<?> items) {
      List<Object> out = new ArrayList<>();
      items.forEach(i -> out.add(plain(i)));
      return out;
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    return value.toString();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> plainMap(Map<String, ?> map) {
    return (Map<String, Object>) plain(map);
  }

  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  public static String trimToNull(String s) {
    return blank(s) ? null : s.trim();
  }
}
