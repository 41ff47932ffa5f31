package io.stamprelease.plugin.helm;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The {@code helmRollout} arguments as they cross to the agent: files (chart, values, kubeconfig) relative to the
 * workspace; the kubeconfig credential's id only — its contents are resolved per poll and travel separately.
 */
public record HelmRolloutArgs(String stamp, String release, String namespace, String chart, String kubeconfig, String kubeconfigCredentialsId,
    boolean createNamespace, String chartVersion, String repo, List<String> values, List<String> set, Duration timeout, int historyMax,
    int maxRestarts, boolean rollback, String onFirstInstallFailure, boolean dryRun, String probeUrl, String probeHost, int probeStatus,
    String probeBody, int probeAttempts, Duration probeInterval) implements Serializable {
  private static final long serialVersionUID = 1L;

  public HelmRolloutArgs {
    values = values == null ? List.of() : List.copyOf(values);
    set = set == null ? List.of() : List.copyOf(set);
  }

  /** What the step works on, for log lines: {@code release web in apps on seattle}. */
  public String where() {
    return "release " + release + " in " + namespace + (stamp == null ? "" : " on " + stamp);
  }
}
