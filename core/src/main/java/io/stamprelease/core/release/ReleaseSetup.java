package io.stamprelease.core.release;

import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything a release needs before its first write, read and checked in one place: the plan validated against the
 * hubs and the traffic profile's endpoints, each stamp's cluster, the traffic provider, and the plan's digest. Only
 * reads: hub metadata, the profile. Problems are invalid input.
 */
public record ReleaseSetup(ReleasePlan plan, Path planFile, String planDigest, Map<String, StampTarget> targets,
    TrafficProvider traffic, String profile, HubsFile hubs) {

  public static ReleaseSetup load(Path planFile, HubsFile hubs, Consumer<String> warnings) {
    return load(planFile, hubs, ReleaseOptions.defaults(), warnings);
  }

  /** As {@link #load(Path, HubsFile, Consumer)}; the cluster steps' inputs are checked with the run's {@code options}. */
  public static ReleaseSetup load(Path planFile, HubsFile hubs, ReleaseOptions options, Consumer<String> warnings) {
    // first without endpoints: the plan names the provider and profile to read them from
    ReleasePlan draft = ReleasePlanFile.load(planFile, hubs.hubs().keySet(), Set.of());
    String profile = profile(draft.traffic(), hubs);
    TrafficProvider traffic = TrafficProviders.open(draft.traffic().provider(), profile, hubs.publicAzure(),
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
    Path planDir = planFile.toAbsolutePath().getParent();
    for (int i = 0; i < plan.stamps().size(); i++) {
      ReleasePlan.Stamp s = plan.stamps().get(i);
      HubsFile.StampCluster c = hubs.stamps().get(s.hub());
      String kubeconfig = null;
      if (p.checkAt(c != null && c.kubeconfig() != null, ReleaseField.PLAN, "stamps." + s.name(), "hub '" + s.hub() + "' has no stamp.kubeconfigFile in "
          + hubs.file()) && p.checkAt(Files.isReadable(c.kubeconfig()), ReleaseField.PLAN, "stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "'")) {
        try {
          kubeconfig = Files.readString(c.kubeconfig());
        } catch (IOException e) {
          p.addAt(ReleaseField.PLAN, "stamps." + s.name(), "cannot read kubeconfig '" + c.kubeconfig() + "': " + e.getMessage());
        }
      }
      ClusterTarget cluster = s.cluster() == null ? null : cluster(s, "stamps[" + i + "].cluster", c, kubeconfig, planDir, options, p);
      if (kubeconfig != null) {
        targets.put(s.name(), new StampTarget(s.name(), s.hub(), kubeconfig, c.ingressUrl(), c.appHost(), cluster));
      }
    }
    String chart = plan.app().chart();
    p.checkAt(chart.startsWith("oci://") || Files.exists(Path.of(chart)) || Files.exists(planDir.resolve(chart)), ReleaseField.PLAN, "app.chart",
        "no chart at '" + chart + "' (looked beside the plan and in the working directory; or give oci://registry/path)");
    for (String f : plan.app().valuesFiles()) {
      p.checkAt(Files.isReadable(Path.of(f)) || Files.isReadable(planDir.resolve(f)), ReleaseField.PLAN, "app.valuesFiles", "cannot read '" + f + "'");
    }
    p.throwIfAny();
    return new ReleaseSetup(plan, planFile, digest(planFile), targets, traffic, profile, hubs);
  }

  /**
   * The stamp's cluster with its files resolved beside the plan, checked by the cluster steps' own inputs (files readable
   * and well-formed, every parameter declared by the template and of its type, the Hub rules of the apimodel, each pool of
   * {@code nodes} declared by the template, counts 1-50), each problem told at {@code field} in the plan. Reads only.
   */
  private static ClusterTarget cluster(ReleasePlan.Stamp s, String field, HubsFile.StampCluster hubStamp, String kubeconfig, Path planDir,
      ReleaseOptions options, Problems p) {
    ReleasePlan.Cluster plan = s.cluster();
    ClusterTarget target = new ClusterTarget(s.hub(), plan.resourceGroup() != null ? plan.resourceGroup() : hubStamp == null ? null
        : hubStamp.resourceGroup(), beside(planDir, plan.template()), beside(planDir, plan.parameters()), beside(planDir, plan.apimodel()),
        hubStamp == null ? null : hubStamp.kubeconfig(), plan.nodes());
    int before = p.list().size();
    try {
      target.deployInput(options).validate();
    } catch (InvalidInputException e) {
      e.problems().forEach(problem -> p.addAt(ReleaseField.PLAN, field + "." + (problem.at() != null ? problem.at() : problem.field().key()),
          problem.message()));
    }
    if (p.list().size() == before) { // the files are good: judge each pool against the template
      plan.nodes().forEach((pool, count) -> {
        AkseScaleInput input = target.scaleInput(pool, count, kubeconfig, options);
        if (kubeconfig == null) {
          input.unknown(AkseScaleInput.Field.KUBECONFIG); // its own problem is already told
        }
        try {
          input.validate();
        } catch (InvalidInputException e) {
          e.problems().forEach(problem -> p.addAt(ReleaseField.PLAN, field + ".nodes." + pool, problem.message()));
        }
      });
    }
    return target;
  }

  /** A file the plan names: beside the plan if it exists there, else as given (absolute, or relative to the working directory). */
  static Path beside(Path planDir, String file) {
    if (file == null) {
      return null;
    }
    Path given = Path.of(file);
    if (given.isAbsolute()) {
      return given;
    }
    Path there = planDir.resolve(file);
    return Files.exists(there) || !Files.exists(given) ? there : given.toAbsolutePath();
  }

  /** The plan's profile: a full Traffic Manager id, or a name matching the hubs file's profile; F5: the pool. */
  static String profile(ReleasePlan.Traffic t, HubsFile hubs) {
    if (t.provider() == ProviderType.F5_GTM) {
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
    return new InvalidInputException("release plan", List.of(new io.stamprelease.core.input.Problem(ReleaseField.PLAN, at, message)));
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
