package io.stamprelease.plugin.helm;

import io.stamprelease.core.steps.helmrollout.HelmRolloutInput.Field;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.plugin.agent.WorkspacePaths;
import java.io.File;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The {@code helmRollout} arguments as they cross to the agent: files (chart, values, kubeconfig) relative to the
 * workspace; the kubeconfig credential's id only — its contents are resolved per poll and travel separately.
 */
public record HelmRolloutArgs(String stamp, String release, String namespace, String chart, String kubeconfig, String kubeconfigCredentialsId,
    boolean createNamespace, String chartVersion, String repo, List<String> values, List<String> set, String timeout, Integer historyMax,
    Integer maxRestarts, boolean rollback, String onFirstInstallFailure, boolean dryRun, String probeUrl, String probeHost,
    Integer probeStatus, String probeBody, Integer probeAttempts, String probeInterval) implements Serializable {
  private static final long serialVersionUID = 1L;
  /** What the controller judges before the agent is visited: the durations. */
  static final Set<Field> ON_CONTROLLER = Set.of(Field.TIMEOUT, Field.PROBE_INTERVAL);

  public HelmRolloutArgs {
    values = values == null ? List.of() : List.copyOf(values);
    set = set == null ? List.of() : List.copyOf(set);
  }

  /**
   * Core's input, files resolved against {@code workspace} (on the agent; null on the controller); the kubeconfig is the
   * credential's {@code contents}, or else the workspace file.
   */
  public HelmRolloutInput input(File workspace, String contents) {
    HelmRolloutInput input = new HelmRolloutInput().release(release).namespace(namespace).createNamespace(createNamespace)
        .chart(chart(workspace)).chartVersion(chartVersion).repo(repo).values(values.stream().map(v -> WorkspacePaths.path(workspace, v))
            .toList()).set(set).timeout(timeout).historyMax(historyMax).maxRestarts(maxRestarts).rollback(rollback)
        .onFirstInstallFailure(onFirstInstallFailure).dryRun(dryRun).probeUrl(probeUrl).probeHost(probeHost).probeStatus(probeStatus)
        .probeBody(probeBody).probeAttempts(probeAttempts).probeInterval(probeInterval);
    return contents != null ? input.kubeconfigContents(contents) : input.kubeconfig(WorkspacePaths.path(workspace, kubeconfig));
  }

  /** A chart directory or package is a workspace path; repo/name (with repo) and oci:// references stay as they are. */
  private String chart(File workspace) {
    if (chart == null || chart.startsWith("oci://") || repo != null) {
      return chart;
    }
    return WorkspacePaths.path(workspace, chart).toString();
  }

  /** What the step works on, for log lines: {@code release web in apps on seattle}. */
  public String where() {
    return "release " + release + " in " + namespace + (stamp == null ? "" : " on " + stamp);
  }
}
