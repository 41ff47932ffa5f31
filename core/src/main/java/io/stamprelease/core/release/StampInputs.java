package io.stamprelease.core.release;

import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
