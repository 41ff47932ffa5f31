package io.stamprelease.core.steps;

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

  public Map<String, Object> map() {
    return values;
  }
}
