package io.stamprelease.core.report;

import io.stamprelease.core.traffic.ChangeRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traffic-weight chart's arithmetic, pure: each endpoint's percent of the total <em>enabled</em> weight, as a step
 * function over time built from the recorded changes (the first change's {@code before} holds from the start, each
 * change's {@code after} from its time on). A disabled endpoint gets 0 %; when nothing is enabled every share is 0.
 * This is the configured share, not the measured one: DNS caches lag it by up to a TTL.
 */
public final class TrafficShares {
  private TrafficShares() {
  }

  /** From {@code from} (inclusive) the shares are {@code percent} (endpoint → 0..100, in endpoint order). */
  public record Segment(Instant from, Map<String, Double> percent) {
    public Segment {
      percent = Collections.unmodifiableMap(new LinkedHashMap<>(percent));
    }
  }

  /** Every endpoint named in any change, in the order first seen. */
  public static List<String> endpoints(List<ChangeRecord> changes) {
    Set<String> names = new LinkedHashSet<>();
    for (ChangeRecord c : changes) {
      names.addAll(c.before().keySet());
      names.addAll(c.after().keySet());
    }
    return List.copyOf(names);
  }

  /**
   * The segments from {@code start} on: one for the state before the first change (when {@code start} is earlier) and
   * one per change. Empty when nothing changed.
   */
  public static List<Segment> segments(Instant start, List<ChangeRecord> changes) {
    List<String> endpoints = endpoints(changes);
    List<Segment> out = new ArrayList<>();
    if (changes.isEmpty()) {
      return out;
    }
    ChangeRecord first = changes.get(0);
    if (start != null && start.isBefore(first.time())) {
      out.add(new Segment(start, percent(endpoints, first.before())));
    }
    for (ChangeRecord c : changes) {
      out.add(new Segment(c.time(), percent(endpoints, c.after())));
    }
    return out;
  }

  /** Each endpoint's percent of the enabled weight; endpoints not in {@code settings} count as 0 %. */
  public static Map<String, Double> percent(List<String> endpoints, Map<String, EndpointSetting> settings) {
    double total = 0;
    for (EndpointSetting s : settings.values()) {
      total += s.enabled() ? s.weight() : 0;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (String e : endpoints) {
      EndpointSetting s = settings.get(e);
      out.put(e, s == null || !s.enabled() || total == 0 ? 0.0 : 100.0 * s.weight() / total);
    }
    return out;
  }
}
