package io.stamprelease.core.input;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write and read them, the same in CLI flags, stamps.yaml, Jenkins step arguments and
 * every progress line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 4h}, {@code 2d}, or ISO-8601 ({@code PT5M}).
 */
public final class Durations {
  /** What {@link #parse} accepts, for error messages. */
  public static final String ALLOWED = "<n>ms, <n>s, <n>m, <n>h, <n>d, or ISO-8601 like PT5M";

  private static final Pattern SIMPLE = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

  private Durations() {
  }

  /** The duration, or empty when the text is not one (the caller names the field in its message). */
  public static Optional<Duration> parse(String text) {
    String v = text == null ? "" : text.trim();
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    try {
      return Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code 2m40s}, {@code 30s}, {@code 1h5m}, {@code 0s}; sub-second parts as {@code 1.5s}. */
  public static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
    Duration a = d.abs();
    long hours = a.toHours();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (a.toMinutesPart() > 0) {
      sb.append(a.toMinutesPart()).append('m');
    }
    if (a.toMillisPart() > 0) {
      sb.append(a.toSecondsPart()).append('.').append(String.format("%03d", a.toMillisPart()).replaceAll("0+$", "")).append('s');
    } else if (a.toSecondsPart() > 0) {
      sb.append(a.toSecondsPart()).append('s');
    }
    return sb.toString();
  }
}
