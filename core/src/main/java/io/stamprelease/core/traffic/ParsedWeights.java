package io.stamprelease.core.traffic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of parsing a weight list: the values that parsed, and every problem found (empty = usable). */
public record ParsedWeights(Map<String, Integer> values, WeightUnit unit, List<String> problems) {
  public ParsedWeights {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
