package io.stamprelease.testkit.kubelet;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a simulated container behaves. Chosen by the pod annotation {@value #ANNOTATION} (all containers), else by
 * each container's image: tag {@code crash*} crashes, tag {@code missing*} or an image containing
 * {@code does-not-exist} cannot be pulled, a repository with upper-case letters or any whitespace is an invalid
 * image name; anything else is healthy.
 *
 * @param duration for {@link Kind#SLOW} the time until Ready, for {@link Kind#UNHEALTHY_AFTER} the time it stays
 *                 Ready; otherwise null
 */
public record PodBehavior(Kind kind, Duration duration) {

  public static final String ANNOTATION = "sim.stamprelease.io/behavior";

  public enum Kind { HEALTHY, CRASHLOOP, IMAGE_PULL_ERROR, CONFIG_ERROR, INVALID_IMAGE_NAME, SLOW, NEVER_READY, UNHEALTHY_AFTER }

  public static final PodBehavior HEALTHY = new PodBehavior(Kind.HEALTHY, null);

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  /** The annotation wins when present; an unparsable annotation is an error (tests should fail loudly). */
  public static PodBehavior resolve(String annotation, String image) {
    if (annotation != null && !annotation.isBlank()) {
      return parse(annotation);
    }
    return fromImage(image);
  }

  /** Parses an annotation value such as {@code crashloop}, {@code slow:3s}, {@code unhealthy-after:PT1M}. */
  public static PodBehavior parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    int colon = v.indexOf(':');
    String name = colon < 0 ? v : v.substring(0, colon);
    String arg = colon < 0 ? null : v.substring(colon + 1).trim();
    Kind kind = switch (name) {
      case "healthy" -> Kind.HEALTHY;
      case "crashloop", "crash", "crash-loop" -> Kind.CRASHLOOP;
      case "image-pull-error" -> Kind.IMAGE_PULL_ERROR;
      case "config-error" -> Kind.CONFIG_ERROR;
      case "invalid-image-name", "invalid image name" -> Kind.INVALID_IMAGE_NAME;
      case "slow" -> Kind.SLOW;
      case "never-ready" -> Kind.NEVER_READY;
      case "unhealthy-after" -> Kind.UNHEALTHY_AFTER;
      default -> throw new IllegalArgumentException("unknown " + ANNOTATION + " value: \"" + value + "\"");
    };
    boolean needsDuration = kind == Kind.SLOW || kind == Kind.UNHEALTHY_AFTER;
    if (needsDuration != (arg != null)) {
      throw new IllegalArgumentException(needsDuration
          ? name + " needs a duration, e.g. \"" + name + ":3s\"" : name + " takes no argument: \"" + value + "\"");
    }
    return new PodBehavior(kind, needsDuration ? parseDuration(arg) : null);
  }

  /** Behaviour implied by an image reference alone. */
  public static PodBehavior fromImage(String image) {
    if (image == null || image.isEmpty()) {
      return new PodBehavior(Kind.INVALID_IMAGE_NAME, null);
    }
    if (isInvalidImageName(image)) {
      return new PodBehavior(Kind.INVALID_IMAGE_NAME, null);
    }
    String tag = tagOf(image);
    if (tag.startsWith("crash")) {
      return new PodBehavior(Kind.CRASHLOOP, null);
    }
    if (tag.startsWith("missing") || image.contains("does-not-exist")) {
      return new PodBehavior(Kind.IMAGE_PULL_ERROR, null);
    }
    return HEALTHY;
  }

  /** Whitespace anywhere, or upper case in the repository part (tags may be upper case, as in Docker). */
  static boolean isInvalidImageName(String image) {
    if (image.chars().anyMatch(Character::isWhitespace)) {
      return true;
    }
    String repo = repositoryOf(image);
    return !repo.equals(repo.toLowerCase(Locale.ROOT));
  }

  /** {@code registry:5000/team/app:1.2@sha256:…} → {@code 1.2}; no tag → {@code latest}. */
  static String tagOf(String image) {
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(colon + 1) : "latest";
  }

  static String repositoryOf(String image) {
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
  }

  /** Go style ({@code 300ms}, {@code 3s}, {@code 1m30s}) or ISO-8601 ({@code PT3S}). */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.toUpperCase(Locale.ROOT).startsWith("PT")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    Matcher m = GO_DURATION.matcher(t.toLowerCase(Locale.ROOT));
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double n = Double.parseDouble(m.group(1));
      long millis = switch (m.group(2)) {
        case "ms" -> Math.round(n);
        case "s" -> Math.round(n * 1_000);
        case "m" -> Math.round(n * 60_000);
        default -> Math.round(n * 3_600_000);
      };
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      throw new IllegalArgumentException("not a duration: \"" + text + "\" (use e.g. 300ms, 3s, 1m30s or PT3S)");
    }
    return total;
  }

  /** Renders like Go's {@code time.Duration.String()}: {@code 300ms}, {@code 10s}, {@code 1m20s}, {@code 5m0s}. */
  static String goDuration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + "ms";
    }
    long h = ms / 3_600_000;
    long m = (ms / 60_000) % 60;
    long sMillis = ms % 60_000;
    String s = sMillis % 1_000 == 0 ? Long.toString(sMillis / 1_000)
        : Double.toString(sMillis / 1_000.0).replaceAll("0+$", "");
    if (h > 0) {
      return h + "h" + m + "m" + s + "s";
    }
    return m > 0 ? m + "m" + s + "s" : s + "s";
  }
}
