package io.stamprelease.core.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether a provider now holds what a change asked for; each difference is a readable line. */
public record Verification(boolean matches, List<String> differences) {
  public Verification {
    differences = List.copyOf(differences);
  }

  public static Verification compare(TrafficState observed, TrafficChange expected) {
    List<String> diffs = new ArrayList<>();
    for (Map.Entry<String, EndpointSetting> want : expected.desired().entrySet()) {
      observed.endpoint(want.getKey()).ifPresentOrElse(
          e -> {
            if (!e.setting().equals(want.getValue())) {
              diffs.add(want.getKey() + ": expected " + want.getValue() + ", provider has " + e.setting());
            }
          },
          () -> diffs.add(want.getKey() + ": expected " + want.getValue() + ", provider has no such endpoint"));
    }
    return new Verification(diffs.isEmpty(), diffs);
  }
}
