package io.stamprelease.core.steps.trafficshift;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a {@code trafficShift} step does, by its input value. */
public enum Operation {
  SET_WEIGHTS("set-weights"), DRAIN("drain"), RESTORE("restore"), SHIFT("shift");

  private final String value;

  Operation(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<Operation> parse(String text) {
    return Arrays.stream(values()).filter(o -> o.value.equals(text == null ? null : text.trim())).findFirst();
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Operation::value).collect(Collectors.joining(" | "));
  }
}
