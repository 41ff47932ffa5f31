package io.stamprelease.plugin;

import io.stamprelease.core.Durations;
import hudson.AbortException;
import io.stamprelease.core.validation.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every step does with its inputs: durations as the CLI writes them, core's validation problems turned into
 * one {@link AbortException} that names the step's own argument names, and results reduced to the plain values a
 * sandboxed Pipeline may read (Map, List, String, Integer, Long, Boolean).
 */
public final class StepInputs {
  private static final Pattern FLAG = Pattern.compile("--([a-z0-9]+(?:-[a-z0-9]+)*)|^([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=: )");

  private StepInputs() {
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, or ISO-8601 ({@code PT5M}). */
  public static Duration duration(String step, String field, String value) throws AbortException {
    return Durations.parse(value).orElseThrow(() -> new AbortException("[" + step + "] invalid input: " + field + ": '" + value
        + "' is not a duration (allowed: " + Durations.ALLOWED + ")"));
  }

  /**
   * Core's problems as one line, CLI flag names ({@code --resource-group}) and leading field names in the CLI's form
   * ({@code history-max: …}) replaced by argument names ({@code resourceGroup}, {@code historyMax}).
   */
  public static AbortException abort(String step, InvalidInputException e) {
    List<String> problems = new ArrayList<>();
    for (String p : e.problems()) {
      problems.add(argumentNames(p));
    }
    return new AbortException("[" + step + "] invalid input: " + String.join("; ", problems));
  }

  static String argumentNames(String text) {
    Matcher m = FLAG.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String[] parts = (m.group(1) != null ? m.group(1) : m.group(2)).split("-");
      StringBuilder camel = new StringBuilder(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        camel.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(camel.toString()));
    }
    m.appendTail(out);
    return out.toString();
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
