package io.stamprelease.core.input;

import java.util.HashMap;
import java.util.Map;

/**
 * How a front end names fields: the CLI says {@code --history-max}, Jenkins and JSON say {@code historyMax}. A front
 * end keeps only this mapping; core's messages carry the field, not a spelling of it.
 */
@FunctionalInterface
public interface FieldLabels {
  String label(InputField field);

  /** The canonical keys: Jenkins step arguments, JSON. */
  FieldLabels KEYS = InputField::key;

  /** Command-line flags: {@code historyMax} → {@code --history-max}. */
  FieldLabels FLAGS = field -> "--" + kebab(field.key());

  /** These labels, with some fields named otherwise (a flag whose name differs from the key, an argument of another name). */
  default FieldLabels with(Map<? extends InputField, String> overrides) {
    Map<InputField, String> copy = new HashMap<>(overrides);
    return field -> copy.containsKey(field) ? copy.get(field) : label(field);
  }

  /** {@code resourceGroup} → {@code resource-group}. */
  static String kebab(String key) {
    StringBuilder out = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
