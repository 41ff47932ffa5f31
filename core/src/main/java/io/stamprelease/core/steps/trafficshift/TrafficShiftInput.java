package io.stamprelease.core.steps.trafficshift;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.ParsedWeights;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.StepRules;
import io.stamprelease.core.traffic.WeightParser;
import io.stamprelease.core.traffic.WeightUnit;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code trafficShift} step's input as a user wrote it — the one entry point of {@code stamp shift}, the Jenkins step
 * and the release's drain and restore. Text stays text here, so that {@link #validate()} can say what was wrong with it;
 * it owns the defaults and judges everything once, before anything is read or written, returning the
 * {@link TrafficShiftRequest} or every problem, each naming its {@link Field}. Endpoint names are checked later, against
 * the profile, by the planner and the guardrails. Serializable (plain text only, no secret): a Jenkins step persists it.
 */
public final class TrafficShiftInput implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String DEFAULT_POLL = "10s";
  static final String SUBJECT = "trafficShift";

  /** The inputs, by their canonical names (the Jenkins arguments). */
  public enum Field implements InputField {
    PROVIDER("provider"), PROFILE("profile"), HUB("hub"), GSLB("gslb"), OPERATION("set/drain/restore/shiftTo"), SET("set"),
    DRAIN("drain"), RESTORE("restore"), SHIFT_TO("shiftTo"), RAW("raw"), DRAIN_MODE("drainMode"), STEPS("steps"), PARTIAL("partial"),
    BAKE("bake"), MAX_STEP("maxStep"), WAIT("wait"), POLL("poll"), PROBE_URL("probeUrl"), REASON("reason");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  private String provider;
  private String profile;
  private final LinkedHashMap<Operation, String> operations = new LinkedHashMap<>();
  private boolean raw;
  private String drainMode;
  private String steps;
  private boolean partial;
  private String bake;
  private Integer maxStep;
  private String wait;
  private String poll;
  private String probeUrl;
  private String actor;
  private String reason;
  private boolean profileUnknown;
  private boolean providerUnknown;
  private boolean noGslb;

  /** {@code azure-traffic-manager} or {@code f5-gtm}. */
  public TrafficShiftInput provider(String value) {
    provider = value;
    return this;
  }

  /** The Traffic Manager profile id, or the F5 pool {@code /<partition>/<pool>}. */
  public TrafficShiftInput profile(String value) {
    profile = value;
    return this;
  }

  /** Set weights, {@code seattle=90,denver=10} (percent, or 1..1000 with {@link #raw}); 0 disables. */
  public TrafficShiftInput set(String weights) {
    return operation(Operation.SET_WEIGHTS, weights);
  }

  /** Take this stamp's endpoint out (see {@link #drainMode}). */
  public TrafficShiftInput drain(String stamp) {
    return operation(Operation.DRAIN, stamp);
  }

  /** Bring a drained stamp back. */
  public TrafficShiftInput restore(String stamp) {
    return operation(Operation.RESTORE, stamp);
  }

  /** Shift traffic toward this stamp in {@link #steps}. */
  public TrafficShiftInput shiftTo(String stamp) {
    return operation(Operation.SHIFT, stamp);
  }

  private TrafficShiftInput operation(Operation operation, String value) {
    if (value == null) {
      operations.remove(operation);
    } else {
      operations.put(operation, value);
    }
    return this;
  }

  public TrafficShiftInput raw(boolean value) {
    raw = value;
    return this;
  }

  /** {@code disable} (absent) or {@code minimum-weight}; drain only. */
  public TrafficShiftInput drainMode(String value) {
    drainMode = value;
    return this;
  }

  /** {@code 10,50,100}: the shares of a shift, or of a stepwise restore (of the weight it goes back to). */
  public TrafficShiftInput steps(String value) {
    steps = value;
    return this;
  }

  /** Shift only: the last step may be below 100 (a canary that stays). */
  public TrafficShiftInput partial(boolean value) {
    partial = value;
    return this;
  }

  /** Time to watch after each step; absent: none. */
  public TrafficShiftInput bake(String value) {
    bake = value;
    return this;
  }

  /** Largest share move per change in points; absent: {@value GuardrailPolicy#DEFAULT_MAX_STEP_PERCENT}. */
  public TrafficShiftInput maxStep(Integer value) {
    maxStep = value;
    return this;
  }

  /** Replaces the DNS wait computed from the profile; absent: computed. */
  public TrafficShiftInput waitOverride(String value) {
    wait = value;
    return this;
  }

  /** How often the health gate reads the provider; absent: {@value #DEFAULT_POLL}. */
  public TrafficShiftInput poll(String value) {
    poll = value;
    return this;
  }

  /** During bake this URL must also answer 2xx. */
  public TrafficShiftInput probeUrl(String value) {
    probeUrl = value;
    return this;
  }

  /** Who asks (kept in the change records). */
  public TrafficShiftInput actor(String value) {
    actor = value;
    return this;
  }

  /** Why (kept in the change records). */
  public TrafficShiftInput reason(String value) {
    reason = value;
    return this;
  }

  /**
   * The profile will come from the connection (an F5 GSLB's pool) that is not resolved yet: its absence is not a problem,
   * and a request validated so has no profile — a front end's early check, before the connection is known.
   */
  public TrafficShiftInput profileFromConnection() {
    profileUnknown = true;
    return this;
  }

  /**
   * The provider could not be told from its source (a hubs file that configures both providers, or none): the front end
   * reported that under {@link Field#PROVIDER} already, so neither it nor the profile that depends on it is reported again.
   */
  public TrafficShiftInput providerUnknown() {
    providerUnknown = true;
    return this;
  }

  /**
   * The front end has no GSLB connection (no {@code gslb:} section in its hubs file, no configured GSLB): an {@code f5-gtm}
   * shift is then refused naming {@code gslb} — the connection, which also gives the pool — not the profile.
   */
  public TrafficShiftInput noGslbConnection() {
    noGslb = true;
    return this;
  }

  /** The profile as given, or null. */
  public String profile() {
    return profile;
  }

  /** The reason as given, or null (the front end then gives its default). */
  public String reason() {
    return reason;
  }

  /** The provider as given (the front end picks its connection by it before validating), or null. */
  public ProviderType providerType() {
    return ProviderType.parse(provider).orElse(null);
  }

  /** The operation as given (for a default reason), or null while not exactly one was given. */
  public Operation operation() {
    return operations.size() == 1 ? operations.keySet().iterator().next() : null;
  }

  /** The stamp a drain, restore or shift names, or null. */
  public String stamp() {
    Operation op = operation();
    return op == null || op == Operation.SET_WEIGHTS ? null : operations.get(op).trim();
  }

  public TrafficShiftRequest validate() {
    Problems problems = new Problems(SUBJECT);
    Operation operation = operation();
    if (operations.size() != 1) {
      problems.add(Field.OPERATION, "exactly one is required" + (operations.isEmpty() ? "" : ", got " + String.join(" and ",
          operations.keySet().stream().map(o -> field(o).key()).toList())) + " (set 'seattle=90,denver=10', drain 'seattle', "
          + "restore 'seattle' or shiftTo 'denver')");
    }
    ProviderType type = providerType();
    problems.check(type != null || providerUnknown, Field.PROVIDER, "must be one of " + ProviderType.allowed() + ", got '" + provider + "'");
    boolean given = profile != null && !profile.isBlank();
    boolean gslbMissing = type == ProviderType.F5_GTM && noGslb;
    problems.check(!gslbMissing, Field.GSLB, "provider f5-gtm needs a GSLB connection (a gslb: section in hubs.yaml, or a configured "
        + "GSLB: the BIG-IP DNS address, credentials and pool), and none is given");
    if (problems.check(given || profileUnknown || providerUnknown || gslbMissing, Field.PROFILE, "the profile id or name is required") && given
        && type != null) {
      checkProfileShape(type, profile.trim(), problems);
    }

    int maxStepPercent = maxStep == null ? GuardrailPolicy.DEFAULT_MAX_STEP_PERCENT : maxStep;
    boolean maxStepOk = problems.check(maxStepPercent >= 1 && maxStepPercent <= 100, Field.MAX_STEP, "must be 1..100, got " + maxStepPercent);

    WeightUnit unit = raw ? WeightUnit.RAW : WeightUnit.PERCENT;
    Map<String, Integer> weights = Map.of();
    if (operation == Operation.SET_WEIGHTS) {
      ParsedWeights parsed = WeightParser.parse(operations.get(operation), unit);
      parsed.problems().forEach(p -> problems.add(Field.SET, p));
      weights = parsed.values();
    }
    if (operation != null && operation != Operation.SET_WEIGHTS) {
      problems.check(!operations.get(operation).isBlank(), field(operation), "the endpoint to " + operation.value()
          + (operation == Operation.SHIFT ? " toward" : "") + " is required");
    }

    List<Integer> stepList = List.of();
    if (operation == Operation.SHIFT) {
      stepList = parseSteps(steps, problems);
      if (stepList != null && !stepList.isEmpty()) {
        StepRules.check(stepList, maxStepOk ? maxStepPercent : 100, !partial, Field.STEPS, problems);
      } else if (stepList != null) {
        problems.add(Field.STEPS, "at least one step is required, e.g. 10,50,100");
      }
    } else if (operation == Operation.RESTORE && notBlank(steps)) {
      // a stepwise restore: shares of the weight it goes back to, ending at 100
      stepList = parseSteps(steps, problems);
      if (stepList != null) {
        StepRules.check(stepList, maxStepOk ? maxStepPercent : 100, true, Field.STEPS, problems);
      }
    } else if (operation != null) {
      problems.check(!notBlank(steps), Field.STEPS, "only used by shift and restore, not by " + operation.value());
    }

    DrainMode mode = DrainMode.DISABLE;
    if (drainMode != null) {
      mode = DrainMode.parse(drainMode).orElse(null);
      problems.check(mode != null, Field.DRAIN_MODE, "must be one of " + DrainMode.allowed() + ", got '" + drainMode + "'");
      problems.check(operation == null || operation == Operation.DRAIN, Field.DRAIN_MODE, "only used by drain");
    }

    Duration bakeTime = problems.duration(bake, "0s", Field.BAKE);
    if (bakeTime != null) {
      problems.check(!bakeTime.isNegative(), Field.BAKE, "must be 0 or more, got " + bake);
    }
    Duration waitOverride = wait == null || wait.isBlank() ? null : problems.duration(wait, null, Field.WAIT);
    if (waitOverride != null) {
      problems.check(!waitOverride.isNegative(), Field.WAIT, "must be 0 or more (or unset to follow DNS timing), got " + wait);
    }
    Duration pollEvery = problems.duration(poll, DEFAULT_POLL, Field.POLL);
    if (pollEvery != null) {
      problems.check(!pollEvery.isNegative() && !pollEvery.isZero(), Field.POLL, "must be more than 0 (was '" + poll + "')");
    }
    URI probe = null;
    if (notBlank(probeUrl)) {
      try {
        probe = new URI(probeUrl.trim());
        problems.check(("http".equalsIgnoreCase(probe.getScheme()) || "https".equalsIgnoreCase(probe.getScheme())) && probe.getHost() != null,
            Field.PROBE_URL, "must be an http:// or https:// URL (was '" + probeUrl + "')");
      } catch (URISyntaxException e) {
        problems.add(Field.PROBE_URL, "is not a URL (was '" + probeUrl + "')");
      }
    }

    problems.throwIfAny();
    return new TrafficShiftRequest(operation, type, profile == null ? null : profile.trim(), weights, unit, stamp(), stepList == null ? List.of() : stepList, mode,
        bakeTime, new GuardrailPolicy(maxStepPercent), waitOverride, pollEvery, probe, actor == null ? "unknown" : actor,
        reason == null ? "trafficShift " + operation.value() + (stamp() == null ? "" : " " + stamp()) : reason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficShiftInput i && Objects.equals(values(), i.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  private List<Object> values() {
    return Arrays.asList(provider, profile, operations, raw, drainMode, steps, partial, bake, maxStep, wait, poll, probeUrl, actor,
        reason, profileUnknown, providerUnknown, noGslb);
  }

  /** The field that gives an operation: its stamp (or weights) is that field's value. */
  public static Field field(Operation operation) {
    return switch (operation) {
      case SET_WEIGHTS -> Field.SET;
      case DRAIN -> Field.DRAIN;
      case RESTORE -> Field.RESTORE;
      case SHIFT -> Field.SHIFT_TO;
    };
  }

  /** What each provider will accept as a profile: refused here rather than by the provider after a connection is opened. */
  private static void checkProfileShape(ProviderType type, String profile, Problems problems) {
    if (type == ProviderType.AZURE_TRAFFIC_MANAGER) {
      problems.check(profile.toLowerCase().startsWith("/subscriptions/"), Field.PROFILE, "must be a Traffic Manager profile id "
          + "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/trafficManagerProfiles/<name> (was '" + profile + "')");
    } else {
      problems.check(profile.matches("/[^/]+/[^/]+"), Field.PROFILE, "must be an F5 pool /<partition>/<pool>, e.g. /Common/app (was '"
          + profile + "')");
    }
  }

  /** {@code 10,50,100} → [10, 50, 100]; null when a token is not a whole number (already reported). */
  private static List<Integer> parseSteps(String text, Problems problems) {
    List<Integer> out = new ArrayList<>();
    if (!notBlank(text)) {
      return out;
    }
    boolean ok = true;
    for (String token : text.split(",", -1)) {
      String t = token.strip();
      if (t.matches("[+-]?\\d{1,9}")) {
        out.add(Integer.parseInt(t));
      } else {
        problems.add(Field.STEPS, "'" + t + "' is not a whole percent; expected e.g. 10,50,100");
        ok = false;
      }
    }
    return ok ? out : null;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
