package io.stamprelease.core.steps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a result's plain map in a fixed key order, leaving absent (null) values out. */
public final class PlainValues {
  private final Map<String, Object> values = new LinkedHashMap<>();

  public PlainValues put(String key, Object value) {
    if (value != null) {
      values.put(key, value);
    }
    return this;
  }

  /** An unmodifiable copy of {@code map} that keeps its order (pools as the cluster lists them, not hashed). */
  public static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public Map<String, Object> map() {
    return values;
  }
}
