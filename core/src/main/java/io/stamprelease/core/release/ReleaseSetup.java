package io.stamprelease.core.release;

import io.stamprelease.core.hub.HubConnection;
import io.stamprelease.core.hub.HubsFile;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.core.validation.Problems;
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
 * Everything a release needs before its first write, read and checked in one place (the CLI and, later, the Jenkins
 * step call it): the plan validated against the hubs and the traffic profile's endpoints, each stamp's cluster, the
 * traffic provider, and the plan's digest. Only reads: hub metadata, the profile. Problems are invalid input.
 */
public record ReleaseSetup(ReleasePlan plan, Path planFile, String planDigest, Map<String, ReleaseOrchestrator.StampTarget> targets,
    TrafficProvider traffic, String profile) {

  public static ReleaseSetup load(Path planFile, HubsFile hubs, Consumer<String> warnings) {
    // first without endpoints: the plan names the provider and profile to read them from
    ReleasePlan draft = ReleasePlanFile.load(planFile, hubs.hubs().keySet(), Set.of());
    String profile = profile(draft.traffic(), hubs);
    TrafficProvider traffic = open(draft.traffic().provider(), profile, hubs, warnings);
    Set<String> endpoints;
    try {
      endpoints = Set.copyOf(traffic.read().names());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read traffic profile " + profile, e);
    }
    ReleasePlan plan = ReleasePlanFile.load(planFile, hubs.hubs().keySet(), endpoints);
    Problems p = new Problems("release plan");
    Map<String, ReleaseOrchestrator.StampTarget> targets = new LinkedHashMap<>();
    for (ReleasePlan.Stamp s : plan.stamps()) {
      HubsFile.StampCluster c = hubs.stamps().get(s.hub());
      if (p.check(c != null && c.kubeconfig() != null, "stamps." + s.name(), "hub '" + s.hub() + "' has no stamp.kubeconfigFile in "
          + hubs.file()) && p.check(Files.isReadable(c.kubeconfig()), "stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "'")) {
        try {
          targets.put(s.name(), new ReleaseOrchestrator.StampTarget(s.name(), s.hub(), Files.readString(c.kubeconfig()), c.ingressUrl(),
              c.appHost()));
        } catch (IOException e) {
          p.add("stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "': " + e.getMessage());
        }
      }
    }
    String chart = plan.app().chart();
    Path planDir = planFile.toAbsolutePath().getParent();
    p.check(chart.startsWith("oci://") || Files.exists(Path.of(chart)) || Files.exists(planDir.resolve(chart)), "app.chart",
        "no chart at '" + chart + "' (looked beside the plan and in the working directory; or give oci://registry/path)");
    for (String f : plan.app().valuesFiles()) {
      p.check(Files.isReadable(Path.of(f)) || Files.isReadable(planDir.resolve(f)), "app.valuesFiles", "cannot read '" + f + "'");
    }
    p.throwIfAny();
    return new ReleaseSetup(plan, planFile, digest(planFile), targets, traffic, profile);
  }

  /** The plan's profile: a full Traffic Manager id, or a name matching the hubs file's profile; F5: the pool. */
  static String profile(ReleasePlan.Traffic t, HubsFile hubs) {
    if (t.provider().equals("f5-gtm")) {
      return t.profile() != null && t.profile().startsWith("/") ? t.profile() : hubs.gslb().map(g -> g.pool()).orElseThrow(() ->
          new IllegalArgumentException("traffic.provider f5-gtm: the hubs file has no gslb: section"));
    }
    if (t.profile() != null && t.profile().toLowerCase().startsWith("/subscriptions/")) {
      return t.profile();
    }
    String id = hubs.trafficManagerProfileId().orElseThrow(() -> new IllegalArgumentException(
        "traffic.profile: give the Traffic Manager profile id, or a hubs file with publicAzure.trafficManager.profileId"));
    if (t.profile() != null && !id.toLowerCase().endsWith("/" + t.profile().toLowerCase())) {
      throw new IllegalArgumentException("traffic.profile: '" + t.profile() + "' is not the hubs file's profile " + id
          + " (give the full profile id)");
    }
    return id;
  }

  private static TrafficProvider open(String provider, String profile, HubsFile hubs, Consumer<String> warnings) {
    if (provider.equals("f5-gtm")) {
      return F5GtmProvider.of(hubs.gslb().orElseThrow(), profile);
    }
    var publicAzure = hubs.publicAzure().orElseThrow(() -> new IllegalArgumentException(
        "traffic.provider azure-traffic-manager: the hubs file has no publicAzure: section (Traffic Manager lives in public Azure)"));
    return new TrafficManagerProvider(HubConnection.open(publicAzure, warnings).arm(), profile);
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
