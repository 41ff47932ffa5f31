package io.stamprelease.core.release;

import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a stamp's steps are given, as the release builds it from the plan: the run and the dry run ({@link ReleasePreview})
 * ask here, so the preview shows what the run will send.
 */
final class StampInputs {
  private StampInputs() {
  }

  /** The stamp's helmRollout input: the plan's chart and values files, the stamp's host and values, and the smoke probe. */
  static HelmRolloutInput helmInput(ReleasePlan plan, Path planDir, String stamp, StampTarget target, ReleaseOptions options) {
    ReleasePlan.App app = plan.app();
    List<String> sets = new ArrayList<>();
    if (target.appHost() != null) {
      sets.add("host=" + target.appHost());
    }
    app.stampValues().getOrDefault(stamp, Map.of()).forEach((k, v) -> sets.add(k + "=" + v));
    List<Path> values = app.valuesFiles().stream().map(f -> resolve(planDir, f)).map(Path::of).toList();
    String chart = resolve(planDir, app.chart());
    boolean local = !chart.startsWith("oci://") && Files.exists(Path.of(chart)); // a version only picks a remote chart
    return new HelmRolloutInput().kubeconfigContents(target.kubeconfig()).release(app.release()).namespace(app.namespace())
        .chart(chart).chartVersion(local ? null : app.version()).createNamespace(true).values(values).set(sets)
        .timeout(options.helmTimeout()).stampIngress(target.ingressUrl(), target.appHost())
        .probePath(target.ingressUrl() == null ? null : app.smokePath()).probeAttempts(options.smokeAttempts())
        .probeInterval(options.smokeInterval());
  }

  /** The stamp's drain before its rollout: its endpoint disabled, its weight kept, with the run's DNS wait and poll. */
  static TrafficShiftInput drainInput(ReleasePlan plan, String profile, ReleaseOptions options, String stamp, String actor) {
    return trafficInput(plan, profile, options, actor).drain(plan.stamp(stamp).trafficEndpoint())
        .reason(reason(plan, "drain " + stamp + " for its rollout"));
  }

  /** The stamp's stepwise restore after its rollout: the plan's restore steps and bake. */
  static TrafficShiftInput restoreInput(ReleasePlan plan, String profile, ReleaseOptions options, String stamp, String actor) {
    List<Integer> percents = plan.traffic().restoreSteps();
    return trafficInput(plan, profile, options, actor).restore(plan.stamp(stamp).trafficEndpoint())
        .steps(percents.stream().map(String::valueOf).collect(Collectors.joining(","))).bake(plan.traffic().bake().toString())
        .reason(reason(plan, "restore " + stamp + " " + percents));
  }

  private static TrafficShiftInput trafficInput(ReleasePlan plan, String profile, ReleaseOptions options, String actor) {
    return new TrafficShiftInput().provider(plan.traffic().provider().value()).profile(profile).waitOverride(options.dnsWait())
        .poll(options.poll()).actor(actor);
  }

  private static String reason(ReleasePlan plan, String what) {
    return "release " + plan.name() + ": " + what;
  }

  /** A chart or values file path as written in the plan: relative to the plan's directory if it exists there, else as given. */
  static String resolve(Path planDir, String ref) {
    return ref == null || ref.startsWith("oci://") ? ref : ReleasePlanFile.resolve(planDir, ref).toString();
  }

  /**
   * What {@code endpoint} goes back to after its rollout: the weight it has (a disabled endpoint keeps its weight); at the
   * minimum weight, the mean of the other enabled endpoints'.
   */
  static EndpointSetting restoreTarget(TrafficState current, String endpoint) {
    EndpointState e = current.endpoint(endpoint).orElseThrow();
    if (e.weight() > Weights.MIN_WEIGHT) {
      return EndpointSetting.enabled(e.weight());
    }
    double others = current.endpoints().stream().filter(o -> o.enabled() && !o.name().equals(endpoint)).mapToInt(EndpointState::weight)
        .average().orElse(Weights.MAX_WEIGHT / 2.0);
    return EndpointSetting.enabled(Math.max(Weights.MIN_WEIGHT, (int) Math.round(others)));
  }
}
