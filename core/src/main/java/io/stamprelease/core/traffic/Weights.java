package io.stamprelease.core.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percentages ↔ provider weights. Traffic Manager weights are 1..1000 and there is no weight 0, so 0 %
 * means "disabled", never weight 0. One percent is {@value #WEIGHT_PER_PERCENT} weight units, so
 * 1 % … 100 % map exactly onto 10 … 1000 and a percent plan reads back unchanged.
 */
public final class Weights {
  public static final int MIN_WEIGHT = 1;
  public static final int MAX_WEIGHT = 1000;
  public static final int WEIGHT_PER_PERCENT = 10;

  private Weights() {
  }

  static void requireWeight(int weight) {
    if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be " + MIN_WEIGHT + ".." + MAX_WEIGHT + ", got " + weight);
    }
  }

  /** 1..100 % → 10..1000. */
  public static int weightForPercent(int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException("percent must be 1..100 to have a weight, got " + percent);
    }
    return percent * WEIGHT_PER_PERCENT;
  }

  /**
   * Settings for a percent map: p > 0 → enabled with {@code 10·p}; 0 → disabled, keeping the weight
   * it has now (so a later restore brings it back), or {@link #MIN_WEIGHT} for an endpoint we do not know.
   */
  public static Map<String, EndpointSetting> settingsForPercents(Map<String, Integer> percents, Map<String, EndpointSetting> current) {
    Map<String, EndpointSetting> out = new LinkedHashMap<>();
    percents.forEach((name, p) -> out.put(name, p == 0
        ? EndpointSetting.disabled(current.containsKey(name) ? current.get(name).weight() : MIN_WEIGHT)
        : EndpointSetting.enabled(weightForPercent(p))));
    return Collections.unmodifiableMap(out);
  }

  /** Raw weights as given with {@code --raw}: every endpoint enabled at exactly that weight. */
  public static Map<String, EndpointSetting> settingsForRawWeights(Map<String, Integer> weights) {
    Map<String, EndpointSetting> out = new LinkedHashMap<>();
    weights.forEach((name, w) -> out.put(name, EndpointSetting.enabled(w)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The configured share of each endpoint in whole percent (disabled = 0), ignoring health. Rounded by
   * largest remainder so the shares add up to exactly 100 whenever something is enabled.
   */
  public static Map<String, Integer> configuredPercents(Map<String, EndpointSetting> settings) {
    Map<String, Long> parts = new LinkedHashMap<>();
    settings.forEach((name, s) -> parts.put(name, s.enabled() ? (long) s.weight() : 0L));
    return apportion(parts, 100);
  }

  /**
   * Splits {@code total} units in proportion to {@code parts} (Hamilton's largest-remainder method): each
   * gets the floor of its exact share, the units left go to the largest remainders, ties to the earlier
   * name. All parts 0 → everyone gets 0.
   */
  public static Map<String, Integer> apportion(Map<String, Long> parts, int total) {
    long sum = parts.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Integer> out = new LinkedHashMap<>();
    if (sum == 0) {
      parts.keySet().forEach(k -> out.put(k, 0));
      return Collections.unmodifiableMap(out);
    }
    List<String> names = new ArrayList<>(parts.keySet());
    long[] remainders = new long[names.size()];
    int given = 0;
    for (int i = 0; i < names.size(); i++) {
      long exact = parts.get(names.get(i)) * total;
      out.put(names.get(i), (int) (exact / sum));
      remainders[i] = exact % sum;
      given += (int) (exact / sum);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> remainders[i]).reversed().thenComparing(i -> i));
    for (int k = 0; k < total - given; k++) {
      String name = names.get(order.get(k));
      out.put(name, out.get(name) + 1);
    }
    return Collections.unmodifiableMap(out);
  }
}
