package io.stamprelease.core.steps.helmrollout;

import io.stamprelease.core.steps.PlainValues;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code helmRollout} returns: the release and its revisions (the one rolled out; the one rolled back to and the
 * rollback's own, after a failure), what was deployed (chart, version, images), each workload's result, and why it
 * failed. Absent values are null.
 */
public record HelmRolloutResult(String release, String namespace, HelmRolloutState.Phase phase, Integer revision, Integer previousGoodRevision,
    Integer rolledBackToRevision, Integer rollbackRevision, String chart, String chartVersion, List<String> images, String firstInstallAction,
    List<WorkloadResult> workloads, List<String> failures) implements StepResult {
  private static final long serialVersionUID = 1L;

  public HelmRolloutResult {
    images = List.copyOf(images);
    workloads = List.copyOf(workloads);
    failures = List.copyOf(failures);
  }

  public static HelmRolloutResult of(HelmRolloutState s) {
    return new HelmRolloutResult(s.release(), s.namespace(), s.phase(), s.targetRevision(), s.previousGoodRevision(),
        s.rollbackRevision() == null ? null : s.previousGoodRevision(), s.rollbackRevision(), s.chart(), s.chartVersion(), s.images(),
        s.firstInstallAction(), s.workloads(), s.failures());
  }

  @Override
  public StepKind step() {
    return StepKind.HELM_ROLLOUT;
  }

  @Override
  public Map<String, Object> toPlainMap() {
    return new PlainValues().put("release", release).put("namespace", namespace).put("phase", phase.name()).put("revision", revision)
        .put("previousGoodRevision", previousGoodRevision).put("rolledBackToRevision", rolledBackToRevision)
        .put("rollbackRevision", rollbackRevision).put("chart", chart).put("chartVersion", chartVersion).put("images", images)
        .put("firstInstallAction", firstInstallAction).put("workloads", workloads.stream().map(HelmRolloutResult::plain).toList())
        .put("failures", failures).map();
  }

  private static Map<String, Object> plain(WorkloadResult w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", w.kind());
    m.put("name", w.name());
    m.put("ready", w.ready());
    m.put("status", w.summary());
    m.put("problems", w.problems());
    m.put("events", w.events());
    return m;
  }

  @Override
  public String summary() {
    return release + (revision == null ? "" : " revision " + revision) + (rolledBackToRevision == null ? ""
        : ", rolled back to revision " + rolledBackToRevision + " as revision " + rollbackRevision);
  }

  @Override
  public Facts facts() {
    return new Facts(chart, chartVersion, images.isEmpty() ? null : images, Map.of(), failures, List.of());
  }
}
