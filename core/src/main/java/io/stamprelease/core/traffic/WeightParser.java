package io.stamprelease.core.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code seattle=90,denver=10}. Percentages are whole numbers 0..100 adding up to exactly 100
 * (0 = disable that endpoint); raw weights are 1..1000 each, as Traffic Manager allows. Every problem is
 * reported, not just the first, so one invalid-input message can list them all.
 */
public final class WeightParser {
  private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)\\s*=(.*)");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,9}");

  private WeightParser() {
  }

  public static ParsedWeights parse(String text, WeightUnit unit) {
    return parse(text, unit, Set.of());
  }

  /** As {@link #parse(String, WeightUnit)}, also refusing names not in {@code knownNames} (empty = not known yet). */
  public static ParsedWeights parse(String text, WeightUnit unit, Set<String> knownNames) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> values = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      problems.add("no endpoints given; expected name=value[,name=value…], e.g. seattle=90,denver=10");
      return new ParsedWeights(values, unit, problems);
    }
    for (String raw : text.split(",", -1)) {
      String token = raw.strip();
      Matcher m = TOKEN.matcher(token);
      if (!m.matches()) {
        problems.add("'" + token + "' is not name=value (names are letters, digits, '.', '_', '-')");
        continue;
      }
      String name = m.group(1);
      String number = m.group(2).strip();
      if (!WHOLE_NUMBER.matcher(number).matches()) {
        problems.add(name + ": '" + number + "' is not a whole number");
        continue;
      }
      int value = Integer.parseInt(number);
      if (unit == WeightUnit.PERCENT && (value < 0 || value > 100)) {
        problems.add(name + ": " + value + "% is outside 0..100 (0 disables the endpoint)");
      } else if (unit == WeightUnit.RAW && (value < Weights.MIN_WEIGHT || value > Weights.MAX_WEIGHT)) {
        problems.add(name + ": raw weight " + value + " is outside " + Weights.MIN_WEIGHT + ".." + Weights.MAX_WEIGHT);
      }
      if (values.containsKey(name)) {
        problems.add(name + ": given more than once");
        continue;
      }
      if (!knownNames.isEmpty() && !knownNames.contains(name)) {
        problems.add(name + ": no such endpoint; known endpoints: " + String.join(", ", knownNames.stream().sorted().toList()));
      }
      values.put(name, value);
    }
    if (unit == WeightUnit.PERCENT && problems.isEmpty()) {
      int sum = values.values().stream().mapToInt(Integer::intValue).sum();
      if (sum != 100) {
        problems.add("percentages add up to " + sum + ", must be exactly 100");
      }
    }
    return new ParsedWeights(values, unit, problems);
  }
}
