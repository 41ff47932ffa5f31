package io.stamprelease.core.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.StampGateInput;
import io.stamprelease.core.traffic.ProviderType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a stamps.yaml plan against the hubs that exist and the traffic endpoints the profile has, with a
 * strict schema: every key must be one the plan knows (a misspelt or invented key — {@code dependsOn}, {@code gates} — is
 * refused, never ignored), every value must have its type (a number written as text, {@code minApprovals: two}, is
 * refused rather than read as a default), and every file the plan names is read and parsed (values files must be YAML
 * maps). Every problem is collected (unknown hub, a stamp in two waves or in none, an empty wave, an endpoint the profile
 * lacks, bad durations, impossible quorums…) into one message, before anything runs.
 */
public final class ReleasePlanFile {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  /** The keys each part of a plan may have; anything else is refused. */
  static final List<String> TOP_KEYS = List.of("name", "app", "stamps", "waves", "traffic", "maxFailedStamps");
  static final List<String> APP_KEYS = List.of("release", "namespace", "chart", "version", "valuesFiles", "stampValues", "smokePath");
  static final List<String> STAMP_KEYS = List.of("name", "hub", "trafficEndpoint", "agentLabel", "cluster");
  static final List<String> WAVE_KEYS = List.of("name", "stamps", "maxParallel", "gate");
  static final List<String> GATE_KEYS = List.of("approvers", "minApprovals", "timeout", "allowRequester");
  static final List<String> TRAFFIC_KEYS = List.of("provider", "profile", "restoreSteps", "bake");
  /** Keys people write for an order between waves or stamps, which a plan expresses by the order of its waves. */
  private static final Set<String> ORDERING_KEYS = Set.of("dependsOn", "depends_on", "after", "needs", "requires", "before");

  private ReleasePlanFile() {
  }

  public static ReleasePlan load(Path file, Set<String> knownHubs, Set<String> trafficEndpoints) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw InvalidInputException.of("release plan", ReleaseField.PLAN, "'" + file + "' is not YAML (line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw InvalidInputException.of("release plan", ReleaseField.PLAN, "cannot read '" + file + "': "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    return parse(root == null ? new ObjectMapper().createObjectNode() : root, file.toAbsolutePath().getParent(), knownHubs, trafficEndpoints);
  }

  /** A plan's content, its files resolved against the working directory. */
  public static ReleasePlan parse(JsonNode root, Set<String> knownHubs, Set<String> trafficEndpoints) {
    return parse(root, null, knownHubs, trafficEndpoints);
  }

  /**
   * A plan's content; the files it names are looked for beside the plan ({@code planDir}) first, then as given.
   *
   * @param planDir the plan's directory, or null for the working directory
   */
  public static ReleasePlan parse(JsonNode root, Path planDir, Set<String> knownHubs, Set<String> trafficEndpoints) {
    Problems p = new Problems("release plan");
    Schema s = new Schema(p);
    if (!root.isObject()) {
      p.add(ReleaseField.PLAN, "must be a YAML map with app, stamps, waves and traffic (was " + Schema.kind(root) + ")");
      p.throwIfAny();
    }
    s.keys(root, "", TOP_KEYS);

    JsonNode appNode = root.path("app");
    s.object(appNode, "app", true, "(release, chart, version)");
    s.keys(appNode, "app.", APP_KEYS);
    String release = s.text(appNode.get("release"), "app.release", "");
    p.checkAt(NAME.matcher(release).matches(), ReleaseField.PLAN, "app.release", "must be a DNS-1123 name of at most 53 characters (was '" + release + "')");
    p.checkAt(release.length() <= 53, ReleaseField.PLAN, "app.release", "must be at most 53 characters");
    String chart = s.text(appNode.get("chart"), "app.chart", "");
    p.checkAt(!chart.isBlank(), ReleaseField.PLAN, "app.chart", "is required (a chart directory, .tgz, repo/name or oci:// reference)");
    Map<String, Map<String, String>> stampValues = new LinkedHashMap<>();
    JsonNode values = appNode.path("stampValues");
    if (s.object(values, "app.stampValues", false, "(stamp: {key: value})")) {
      values.properties().forEach(e -> {
        String at = "app.stampValues." + e.getKey();
        Map<String, String> one = new LinkedHashMap<>();
        if (s.object(e.getValue(), at, true, "(key: value)")) {
          e.getValue().properties().forEach(v -> one.put(v.getKey(), s.scalar(v.getValue(), at + "." + v.getKey())));
        }
        stampValues.put(e.getKey(), one);
      });
    }
    List<String> valuesFiles = s.texts(appNode.get("valuesFiles"), "app.valuesFiles");
    for (int k = 0; k < valuesFiles.size(); k++) {
      Path file = resolve(planDir, valuesFiles.get(k));
      String at = "app.valuesFiles[" + k + "]";
      HelmRolloutInput.valuesFileProblem(file).ifPresent(m -> p.addAt(ReleaseField.PLAN, at, m));
    }
    String smokePath = s.text(appNode.get("smokePath"), "app.smokePath", "/healthz");
    p.checkAt(smokePath.startsWith("/"), ReleaseField.PLAN, "app.smokePath", "must be a path starting with '/' (was '" + smokePath + "')");
    ReleasePlan.App app = new ReleasePlan.App(release, s.text(appNode.get("namespace"), "app.namespace", "default"), chart,
        s.text(appNode.get("version"), "app.version", null), valuesFiles, stampValues, smokePath);

    List<ReleasePlan.Stamp> stamps = new ArrayList<>();
    Set<String> stampNames = new HashSet<>();
    int i = 0;
    for (JsonNode st : s.list(root.get("stamps"), "stamps")) {
      String field = "stamps[" + i++ + "]";
      if (!s.object(st, field, true, "(name, hub, trafficEndpoint, agentLabel, cluster)")) {
        continue;
      }
      s.keys(st, field + ".", STAMP_KEYS);
      String name = s.text(st.get("name"), field + ".name", "");
      p.checkAt(NAME.matcher(name).matches(), ReleaseField.PLAN, field + ".name", "must be a lower-case DNS label (was '" + name + "')");
      p.checkAt(stampNames.add(name), ReleaseField.PLAN, field + ".name", "stamp '" + name + "' is defined twice");
      String hub = s.text(st.get("hub"), field + ".hub", name);
      p.checkAt(knownHubs.contains(hub), ReleaseField.PLAN, field + ".hub", "unknown hub '" + hub + "' (hubs: " + String.join(", ", sorted(knownHubs)) + ")");
      String endpoint = s.text(st.get("trafficEndpoint"), field + ".trafficEndpoint", name);
      p.checkAt(trafficEndpoints.isEmpty() || trafficEndpoints.contains(endpoint), ReleaseField.PLAN, field + ".trafficEndpoint",
          "the traffic profile has no endpoint '" + endpoint + "' (endpoints: " + String.join(", ", sorted(trafficEndpoints)) + ")");
      stamps.add(new ReleasePlan.Stamp(name, hub, endpoint, s.text(st.get("agentLabel"), field + ".agentLabel", "hub-" + hub),
          ClusterPlanFile.parse(st.path("cluster"), field + ".cluster", p)));
    }
    p.checkAt(!stamps.isEmpty(), ReleaseField.PLAN, "stamps", "at least one stamp is required");
    for (String key : stampValues.keySet()) {
      p.checkAt(stampNames.contains(key), ReleaseField.PLAN, "app.stampValues." + key, "names no stamp of the plan");
    }

    List<ReleasePlan.Wave> waves = new ArrayList<>();
    Map<String, String> waveOf = new HashMap<>();
    i = 0;
    for (JsonNode w : s.list(root.get("waves"), "waves")) {
      String field = "waves[" + i++ + "]";
      if (!s.object(w, field, true, "(name, stamps, maxParallel, gate)")) {
        continue;
      }
      s.keys(w, field + ".", WAVE_KEYS);
      String name = s.text(w.get("name"), field + ".name", "wave-" + i);
      List<String> members = s.texts(w.get("stamps"), field + ".stamps");
      p.checkAt(!members.isEmpty() || p.list().stream().anyMatch(x -> (field + ".stamps").equals(x.at())), ReleaseField.PLAN, field + ".stamps",
          "a wave needs at least one stamp");
      for (String m : members) {
        p.checkAt(stampNames.contains(m), ReleaseField.PLAN, field + ".stamps", "unknown stamp '" + m + "'");
        String previous = waveOf.putIfAbsent(m, name);
        p.checkAt(previous == null, ReleaseField.PLAN, field + ".stamps", "stamp '" + m + "' is already in wave '" + previous + "'");
      }
      int maxParallel = s.integer(w.get("maxParallel"), field + ".maxParallel", 1);
      p.checkAt(maxParallel >= 1, ReleaseField.PLAN, field + ".maxParallel", "must be at least 1 (was " + maxParallel + ")");
      waves.add(new ReleasePlan.Wave(name, members, maxParallel, gate(w.path("gate"), field + ".gate", s)));
    }
    p.checkAt(!waves.isEmpty(), ReleaseField.PLAN, "waves", "at least one wave is required");
    for (String st : stampNames) {
      p.checkAt(waveOf.containsKey(st), ReleaseField.PLAN, "waves", "stamp '" + st + "' is in no wave");
    }

    JsonNode t = root.path("traffic");
    s.object(t, "traffic", false, "(provider, profile, restoreSteps, bake)");
    s.keys(t, "traffic.", TRAFFIC_KEYS);
    String providerText = s.text(t.get("provider"), "traffic.provider", ProviderType.AZURE_TRAFFIC_MANAGER.value());
    ProviderType provider = ProviderType.parse(providerText).orElse(null);
    p.checkAt(provider != null, ReleaseField.PLAN, "traffic.provider", "must be one of " + ProviderType.allowed() + " (was '" + providerText + "')");
    List<Integer> steps = s.integers(t.get("restoreSteps"), "traffic.restoreSteps");
    if (steps.isEmpty()) {
      steps = new ArrayList<>(List.of(10, 50, 100));
    }
    boolean increasing = true;
    for (int k = 0; k < steps.size(); k++) {
      increasing &= steps.get(k) >= 1 && steps.get(k) <= 100 && (k == 0 || steps.get(k) > steps.get(k - 1));
    }
    p.checkAt(increasing && steps.get(steps.size() - 1) == 100, ReleaseField.PLAN, "traffic.restoreSteps",
        "must be strictly increasing percentages in 1..100 ending at 100 (was " + steps + ")");
    ReleasePlan.Traffic traffic = new ReleasePlan.Traffic(provider, s.text(t.get("profile"), "traffic.profile", null), steps,
        duration(s.text(t.get("bake"), "traffic.bake", "1m"), "traffic.bake", p));

    int maxFailed = s.integer(root.get("maxFailedStamps"), "maxFailedStamps", 1);
    p.checkAt(maxFailed >= 1, ReleaseField.PLAN, "maxFailedStamps", "must be at least 1 (was " + maxFailed + ")");
    String name = s.text(root.get("name"), "name", release);
    p.throwIfAny();
    return new ReleasePlan(name, app, stamps, waves, traffic, maxFailed);
  }

  private static ReleasePlan.Gate gate(JsonNode g, String field, Schema s) {
    if (g.isMissingNode() || g.isNull()) {
      return null;
    }
    if (!s.object(g, field, true, "(approvers, minApprovals, timeout, allowRequester)")) {
      return null;
    }
    s.keys(g, field + ".", GATE_KEYS);
    Integer min = g.has("minApprovals") ? s.integer(g.get("minApprovals"), field + ".minApprovals", null) : null;
    if (g.has("minApprovals") && min == null) {
      return null; // its type is already reported; no quorum is guessed
    }
    GatePolicy policy = new StampGateInput().approvers(s.texts(g.get("approvers"), field + ".approvers")).minApprovals(min)
        .timeout(s.text(g.get("timeout"), field + ".timeout", null)).allowRequester(s.bool(g.get("allowRequester"), field + ".allowRequester", false))
        .validate(s.problems.within(ReleaseField.PLAN, field + "."));
    return policy == null ? null : new ReleasePlan.Gate(List.copyOf(policy.approvers()), policy.minApprovals(), policy.expiry(),
        policy.allowRequester());
  }

  /** A plan's duration ({@link Durations#parse}); a bad one is a problem naming the field, and counts as zero. */
  static Duration duration(String text, String field, Problems p) {
    return Durations.parse(text).orElseGet(() -> {
      p.addAt(ReleaseField.PLAN, field, "must be a duration like 30s, 5m, 4h or 2d (was '" + text + "')");
      return Duration.ZERO;
    });
  }

  /** A file the plan names: beside the plan when it is there, else as given (relative to the working directory). */
  static Path resolve(Path planDir, String ref) {
    Path given = Path.of(ref);
    if (given.isAbsolute() || planDir == null) {
      return given;
    }
    Path beside = planDir.resolve(ref);
    return Files.exists(beside) ? beside : given;
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  /** Typed reads of a plan's values: each one of the wrong type is a problem naming where it is and what it was. */
  private static final class Schema {
    final Problems problems;

    Schema(Problems problems) {
      this.problems = problems;
    }

    /** Unknown keys of a map are refused, with the allowed ones (an ordering key is told how a plan orders instead). */
    void keys(JsonNode object, String prefix, List<String> allowed) {
      if (!object.isObject()) {
        return;
      }
      object.fieldNames().forEachRemaining(k -> {
        if (!allowed.contains(k)) {
          problems.addAt(ReleaseField.PLAN, prefix + k, ORDERING_KEYS.contains(k)
              ? "is not a plan key: a plan has no dependencies between waves or stamps (so none can form a cycle); waves run in the "
                  + "order they are listed, the stamps of a wave in parallel (allowed keys here: " + String.join(", ", allowed) + ")"
              : "is not a plan key (allowed here: " + String.join(", ", allowed) + ")");
        }
      });
    }

    /** Whether {@code node} is a map; a missing one is a problem only when required. */
    boolean object(JsonNode node, String at, boolean required, String what) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        if (required) {
          problems.addAt(ReleaseField.PLAN, at, "is required " + what);
        }
        return false;
      }
      return problems.checkAt(node.isObject(), ReleaseField.PLAN, at, "must be a map " + what + " (was " + kind(node) + ")");
    }

    List<JsonNode> list(JsonNode node, String at) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return List.of();
      }
      if (!problems.checkAt(node.isArray(), ReleaseField.PLAN, at, "must be a list (was " + kind(node) + ")")) {
        return List.of();
      }
      List<JsonNode> out = new ArrayList<>();
      node.forEach(out::add);
      return out;
    }

    String text(JsonNode node, String at, String fallback) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return fallback;
      }
      if (!problems.checkAt(node.isTextual(), ReleaseField.PLAN, at, "must be text (was " + kind(node) + (node.isNumber()
          ? "; quote it, YAML reads 1.10 as the number 1.1" : "") + ")")) {
        return fallback == null ? "" : fallback;
      }
      return node.asText();
    }

    /** A value for Helm's --set: text, a number or true/false, written as YAML has it. */
    String scalar(JsonNode node, String at) {
      if (!problems.checkAt(node.isValueNode() && !node.isNull(), ReleaseField.PLAN, at, "must be text, a number or true/false (was "
          + kind(node) + ")")) {
        return "";
      }
      return node.asText();
    }

    /**
     * A whole number; text (even "2") is refused — reported here, so the plan is refused; the fallback returned then only
     * keeps later checks from repeating the problem. Null when absent without a fallback.
     */
    Integer integer(JsonNode node, String at, Integer fallback) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return fallback;
      }
      if (!problems.checkAt(node.isIntegralNumber() && node.canConvertToInt(), ReleaseField.PLAN, at, "must be a whole number (was "
          + kind(node) + (node.isTextual() ? "; write the number, e.g. 2" : "") + ")")) {
        return fallback;
      }
      return node.asInt();
    }

    boolean bool(JsonNode node, String at, boolean fallback) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return fallback;
      }
      problems.checkAt(node.isBoolean(), ReleaseField.PLAN, at, "must be true or false (was " + kind(node) + ")");
      return node.isBoolean() ? node.asBoolean() : fallback;
    }

    List<String> texts(JsonNode node, String at) {
      List<String> out = new ArrayList<>();
      int k = 0;
      for (JsonNode item : list(node, at)) {
        String one = text(item, at + "[" + k++ + "]", null);
        if (item.isTextual()) {
          out.add(one);
        }
      }
      return out;
    }

    List<Integer> integers(JsonNode node, String at) {
      List<Integer> out = new ArrayList<>();
      int k = 0;
      for (JsonNode item : list(node, at)) {
        Integer one = integer(item, at + "[" + k++ + "]", null);
        if (one != null) {
          out.add(one);
        }
      }
      return out;
    }

    /** What a value was, for messages: {@code the text 'two'}, {@code the number 1.1}, {@code a list}, {@code a map}. */
    static String kind(JsonNode node) {
      if (node == null || node.isMissingNode() || node.isNull()) {
        return "nothing";
      }
      if (node.isTextual()) {
        String text = node.asText();
        return "the text '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
      }
      if (node.isNumber()) {
        return "the number " + node.asText();
      }
      if (node.isBoolean()) {
        return node.asText();
      }
      return node.isArray() ? "a list" : node.isObject() ? "a map" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
