package io.stamprelease.core.steps.helmrollout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated {@link HelmRolloutInput}: everything a Helm rollout needs, defaults filled in. Built only by
 * {@link HelmRolloutInput#validate()}. The kubeconfig is contents and never written to the workspace.
 *
 * @param chart          a chart directory, a packaged {@code .tgz}, {@code repo/name} (with {@code repositoryUrl}) or an
 *                       {@code oci://} reference, of kind {@code chartKind}
 * @param set            {@code key=value} pairs as Helm's {@code --set} takes them
 * @param historyMax     release records to keep (Helm's --history-max); 0 keeps all
 * @param rollback       roll back to the last good revision when the rollout fails
 * @param firstInstall   what to do when a first install fails (there is nothing to roll back to)
 * @param maxRestarts    a pod of the new revision restarting more often than this fails the rollout
 * @param smokeProbe     optional HTTP check after the workloads are ready; a failing probe fails the rollout
 */
public record HelmRolloutRequest(String kubeconfig, String release, String namespace, boolean createNamespace, String chart,
                                 ChartKind chartKind, String chartVersion, String repositoryUrl, List<Path> valuesFiles, List<String> set,
                                 Duration timeout, int historyMax, boolean dryRun, boolean rollback, FirstInstallFailure firstInstall,
                                 int maxRestarts, SmokeProbe smokeProbe) {

  /** What to do when the first install of a release fails. */
  public enum FirstInstallFailure {
    /** Uninstall the release, as {@code helm install --atomic} does. */
    UNINSTALL,
    /** Leave the failed release for inspection. */
    LEAVE;

    /** The names front ends take. */
    public static final String ALLOWED = "uninstall, leave";

    /** {@code uninstall} or {@code leave}; empty for anything else. */
    public static Optional<FirstInstallFailure> parse(String value) {
      return Arrays.stream(values()).filter(v -> v.name().equalsIgnoreCase(value == null ? "" : value.trim())).findFirst();
    }
  }

  /** How a chart is referred to. */
  public enum ChartKind { DIRECTORY, PACKAGE, REPOSITORY, OCI }

  static final Pattern REPO_CHART = Pattern.compile("^[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+$");

  public HelmRolloutRequest {
    valuesFiles = List.copyOf(valuesFiles);
    set = List.copyOf(set);
  }

  /** The chart's kind, or null when the reference is none of the allowed forms. */
  static ChartKind chartKind(String chart, String repositoryUrl) {
    if (chart.startsWith("oci://")) {
      return chart.length() > "oci://".length() && !chart.substring(6).startsWith("/") ? ChartKind.OCI : null;
    }
    Path p = Path.of(chart);
    if (Files.isDirectory(p)) {
      return Files.isRegularFile(p.resolve("Chart.yaml")) ? ChartKind.DIRECTORY : null;
    }
    if (chart.endsWith(".tgz") || chart.endsWith(".tar.gz")) {
      return Files.isRegularFile(p) ? ChartKind.PACKAGE : null;
    }
    return repositoryUrl != null && REPO_CHART.matcher(chart).matches() ? ChartKind.REPOSITORY : null;
  }

  /** {@code a=1,b=2} → {@code [a=1, b=2]}; a backslash escapes a comma, as in Helm. */
  static List<String> splitSet(String pairs) {
    return List.of(pairs.split("(?<!\\\\),"));
  }
}
