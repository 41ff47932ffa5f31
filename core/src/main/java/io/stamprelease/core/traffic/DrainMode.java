package io.stamprelease.core.traffic;

import java.util.Arrays;
import java.util.Optional;

/**
 * How {@code drain} takes a stamp out. DISABLE: endpoint disabled (no DNS answers at all; the monitor stops
 * probing it). MINIMUM_WEIGHT: enabled at weight 1 (still probed, so its health stays visible, but it still
 * gets roughly 1/(sum of weights) of the answers — not zero).
 */
public enum DrainMode {
  DISABLE("disable"), MINIMUM_WEIGHT("minimum-weight");

  private final String value;

  DrainMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<DrainMode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.value.equals(text == null ? null : text.trim())).findFirst();
  }

  public static String allowed() {
    return String.join(" | ", Arrays.stream(values()).map(DrainMode::value).toList());
  }
}
