package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.StampGateInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a stamps.yaml plan against the hubs that exist and the traffic endpoints the
 * profile has. Every problem is collected (unknown hub, a stamp in two waves or in none, an empty wave,
 * an endpoint the profile lacks, bad durations, impossible quorums…) into one message, before anything runs.
 */
public final class ReleasePlanFile {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private ReleasePlanFile() {
  }

  public static ReleasePlan load(Path file, Set<String> knownHubs, Set<String> trafficEndpoints) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw InvalidInputException.of("release plan", ReleaseField.PLAN, "cannot read '" + file + "': "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    return parse(root == null ? new ObjectMapper().createObjectNode() : root, knownHubs, trafficEndpoints);
  }

  public static ReleasePlan parse(JsonNode root, Set<String> knownHubs, Set<String> trafficEndpoints) {
    Problems p = new Problems("release plan");
    JsonNode appNode = root.path("app");
    p.checkAt(appNode.isObject(), ReleaseField.PLAN, "app", "is required (release, chart, version)");
    String release = appNode.path("release").asText("");
    p.checkAt(NAME.matcher(release).matches(), ReleaseField.PLAN, "app.release", "must be a DNS-1123 name of at most 53 characters (was '" + release + "')");
    p.checkAt(release.length() <= 53, ReleaseField.PLAN, "app.release", "must be at most 53 characters");
    p.checkAt(!appNode.path("chart").asText("").isBlank(), ReleaseField.PLAN, "app.chart", "is required (a chart directory, .tgz, repo/name or oci:// reference)");
    Map<String, Map<String, String>> stampValues = new LinkedHashMap<>();
    appNode.path("stampValues").properties().forEach(e -> {
      Map<String, String> values = new LinkedHashMap<>();
      e.getValue().properties().forEach(v -> values.put(v.getKey(), v.getValue().asText()));
      stampValues.put(e.getKey(), values);
    });
    List<String> valuesFiles = new ArrayList<>();
    appNode.path("valuesFiles").forEach(v -> valuesFiles.add(v.asText()));
    ReleasePlan.App app = new ReleasePlan.App(release, appNode.path("namespace").asText("default"), appNode.path("chart").asText(""),
        appNode.path("version").asText(null), valuesFiles, stampValues, appNode.path("smokePath").asText("/healthz"));

    List<ReleasePlan.Stamp> stamps = new ArrayList<>();
    Set<String> stampNames = new HashSet<>();
    int i = 0;
    for (JsonNode s : root.path("stamps")) {
      String field = "stamps[" + i++ + "]";
      String name = s.path("name").asText("");
      p.checkAt(NAME.matcher(name).matches(), ReleaseField.PLAN, field + ".name", "must be a lower-case DNS label (was '" + name + "')");
      p.checkAt(stampNames.add(name), ReleaseField.PLAN, field + ".name", "stamp '" + name + "' is defined twice");
      String hub = s.path("hub").asText(name);
      p.checkAt(knownHubs.contains(hub), ReleaseField.PLAN, field + ".hub", "unknown hub '" + hub + "' (hubs: " + String.join(", ", sorted(knownHubs)) + ")");
      String endpoint = s.path("trafficEndpoint").asText(name);
      p.checkAt(trafficEndpoints.isEmpty() || trafficEndpoints.contains(endpoint), ReleaseField.PLAN, field + ".trafficEndpoint",
          "the traffic profile has no endpoint '" + endpoint + "' (endpoints: " + String.join(", ", sorted(trafficEndpoints)) + ")");
      stamps.add(new ReleasePlan.Stamp(name, hub, endpoint, s.path("agentLabel").asText("hub-" + hub),
          ClusterPlanFile.parse(s.path("cluster"), field + ".cluster", p)));
    }
    p.checkAt(!stamps.isEmpty(), ReleaseField.PLAN, "stamps", "at least one stamp is required");
    for (String key : stampValues.keySet()) {
      p.checkAt(stampNames.contains(key), ReleaseField.PLAN, "app.stampValues." + key, "names no stamp of the plan");
    }

    List<ReleasePlan.Wave> waves = new ArrayList<>();
    Map<String, String> waveOf = new HashMap<>();
    i = 0;
    for (JsonNode w : root.path("waves")) {
      String field = "waves[" + i++ + "]";
      String name = w.path("name").asText("wave-" + i);
      List<String> members = new ArrayList<>();
      w.path("stamps").forEach(s -> members.add(s.asText()));
      p.checkAt(!members.isEmpty(), ReleaseField.PLAN, field + ".stamps", "a wave needs at least one stamp");
      for (String m : members) {
        p.checkAt(stampNames.contains(m), ReleaseField.PLAN, field + ".stamps", "unknown stamp '" + m + "'");
        String previous = waveOf.putIfAbsent(m, name);
        p.checkAt(previous == null, ReleaseField.PLAN, field + ".stamps", "stamp '" + m + "' is already in wave '" + previous + "'");
      }
      int maxParallel = w.path("maxParallel").asInt(1);
      p.checkAt(maxParallel >= 1, ReleaseField.PLAN, field + ".maxParallel", "must be at least 1 (was " + maxParallel + ")");
      waves.add(new ReleasePlan.Wave(name, members, maxParallel, gate(w.path("gate"), field + ".gate", p)));
    }
    p.checkAt(!waves.isEmpty(), ReleaseField.PLAN, "waves", "at least one wave is required");
    for (String s : stampNames) {
      p.checkAt(waveOf.containsKey(s), ReleaseField.PLAN, "waves", "stamp '" + s + "' is in no wave");
    }

    JsonNode t = root.path("traffic");
    String provider = t.path("provider").asText("azure-traffic-manager");
    p.checkAt(provider.equals("azure-traffic-manager") || provider.equals("f5-gtm"), ReleaseField.PLAN, "traffic.provider",
        "must be azure-traffic-manager or f5-gtm (was '" + provider + "')");
    List<Integer> steps = new ArrayList<>();
    t.path("restoreSteps").forEach(s -> steps.add(s.asInt(-1)));
    if (steps.isEmpty()) {
      steps.addAll(List.of(10, 50, 100));
    }
    boolean increasing = true;
    for (int k = 0; k < steps.size(); k++) {
      increasing &= steps.get(k) >= 1 && steps.get(k) <= 100 && (k == 0 || steps.get(k) > steps.get(k - 1));
    }
    p.checkAt(increasing && steps.get(steps.size() - 1) == 100, ReleaseField.PLAN, "traffic.restoreSteps",
        "must be strictly increasing percentages in 1..100 ending at 100 (was " + steps + ")");
    ReleasePlan.Traffic traffic = new ReleasePlan.Traffic(provider, t.path("profile").asText(null), steps,
        duration(t.path("bake").asText("1m"), "traffic.bake", p));

    int maxFailed = root.path("maxFailedStamps").asInt(1);
    p.checkAt(maxFailed >= 1, ReleaseField.PLAN, "maxFailedStamps", "must be at least 1 (was " + maxFailed + ")");
    p.throwIfAny();
    return new ReleasePlan(root.path("name").asText(release), app, stamps, waves, traffic, maxFailed);
  }

  private static ReleasePlan.Gate gate(JsonNode g, String field, Problems p) {
    if (g.isMissingNode() || g.isNull()) {
      return null;
    }
    List<String> approvers = new ArrayList<>();
    g.path("approvers").forEach(a -> approvers.add(a.asText()));
    GatePolicy policy = new StampGateInput().approvers(approvers).minApprovals(g.has("minApprovals") ? g.path("minApprovals").asInt() : null)
        .timeout(g.path("timeout").asText(null)).allowRequester(g.path("allowRequester").asBoolean(false))
        .validate(p.within(ReleaseField.PLAN, field + "."));
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

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
