package io.stamprelease.core.release;

import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.trafficshift.TrafficProviders;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a release needs before its first write, read and checked in one place: the plan validated against the
 * hubs and the traffic profile's endpoints, each stamp's cluster, the traffic provider, and the plan's digest. Only
 * reads: hub metadata, the profile. Problems are invalid input.
 */
public record ReleaseSetup(ReleasePlan plan, Path planFile, String planDigest, Map<String, StampTarget> targets,
    TrafficProvider traffic, String profile) {

  public static ReleaseSetup load(Path planFile, HubsFile hubs, Consumer<String> warnings) {
    // first without endpoints: the plan names the provider and profile to read them from
    ReleasePlan draft = ReleasePlanFile.load(planFile, hubs.hubs().keySet(), Set.of());
    String profile = profile(draft.traffic(), hubs);
    TrafficProvider traffic = TrafficProviders.open(ProviderType.parse(draft.traffic().provider()).orElseThrow(), profile, hubs.publicAzure(),
        hubs.gslb(), warnings);
    Set<String> endpoints;
    try {
      endpoints = Set.copyOf(traffic.read().names());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read traffic profile " + profile, e);
    }
    ReleasePlan plan = ReleasePlanFile.load(planFile, hubs.hubs().keySet(), endpoints);
    Problems p = new Problems("release plan");
    Map<String, StampTarget> targets = new LinkedHashMap<>();
    for (ReleasePlan.Stamp s : plan.stamps()) {
      HubsFile.StampCluster c = hubs.stamps().get(s.hub());
      if (p.checkAt(c != null && c.kubeconfig() != null, ReleaseField.PLAN, "stamps." + s.name(), "hub '" + s.hub() + "' has no stamp.kubeconfigFile in "
          + hubs.file()) && p.checkAt(Files.isReadable(c.kubeconfig()), ReleaseField.PLAN, "stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "'")) {
        try {
          targets.put(s.name(), new StampTarget(s.name(), s.hub(), Files.readString(c.kubeconfig()), c.ingressUrl(),
              c.appHost()));
        } catch (IOException e) {
          p.addAt(ReleaseField.PLAN, "stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "': " + e.getMessage());
        }
      }
    }
    String chart = plan.app().chart();
    Path planDir = planFile.toAbsolutePath().getParent();
    p.checkAt(chart.startsWith("oci://") || Files.exists(Path.of(chart)) || Files.exists(planDir.resolve(chart)), ReleaseField.PLAN, "app.chart",
        "no chart at '" + chart + "' (looked beside the plan and in the working directory; or give oci://registry/path)");
    for (String f : plan.app().valuesFiles()) {
      p.checkAt(Files.isReadable(Path.of(f)) || Files.isReadable(planDir.resolve(f)), ReleaseField.PLAN, "app.valuesFiles", "cannot read '" + f + "'");
    }
    p.throwIfAny();
    return new ReleaseSetup(plan, planFile, digest(planFile), targets, traffic, profile);
  }

  /** The plan's profile: a full Traffic Manager id, or a name matching the hubs file's profile; F5: the pool. */
  static String profile(ReleasePlan.Traffic t, HubsFile hubs) {
    if (t.provider().equals("f5-gtm")) {
      return t.profile() != null && t.profile().startsWith("/") ? t.profile() : hubs.gslb().map(g -> g.pool()).orElseThrow(() ->
          plan("traffic.provider", "f5-gtm needs the hubs file's gslb: section, which it does not have"));
    }
    if (t.profile() != null && t.profile().toLowerCase().startsWith("/subscriptions/")) {
      return t.profile();
    }
    String id = hubs.trafficManagerProfileId().orElseThrow(() -> plan("traffic.profile",
        "give the Traffic Manager profile id, or a hubs file with publicAzure.trafficManager.profileId"));
    if (t.profile() != null && !id.toLowerCase().endsWith("/" + t.profile().toLowerCase())) {
      throw plan("traffic.profile", "'" + t.profile() + "' is not the hubs file's profile " + id + " (give the full profile id)");
    }
    return id;
  }

  private static InvalidInputException plan(String at, String message) {
    return new InvalidInputException("release plan", java.util.List.of(new io.stamprelease.core.input.Problem(ReleaseField.PLAN, at, message)));
  }

  static String digest(Path file) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
