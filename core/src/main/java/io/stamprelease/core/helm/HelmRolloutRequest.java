package io.stamprelease.core.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stamprelease.core.validation.Problems;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a Helm rollout needs. The kubeconfig is passed as contents and never written to the workspace.
 * Build one with {@link #of} and the {@code with…} methods; {@link #validate()} lists every problem at once.
 *
 * @param chart          a chart directory, a packaged {@code .tgz}, {@code repo/name} (with {@code repositoryUrl}) or an
 *                       {@code oci://} reference
 * @param set            {@code key=value} pairs as Helm's {@code --set} takes them
 * @param historyMax     release records to keep (Helm's --history-max); 0 keeps all
 * @param rollback       roll back to the last good revision when the rollout fails
 * @param firstInstall   what to do when a first install fails (there is nothing to roll back to)
 * @param maxRestarts    a pod of the new revision restarting more often than this fails the rollout
 * @param smokeProbe     optional HTTP check after the workloads are ready; a failing probe fails the rollout
 */
public record HelmRolloutRequest(String kubeconfig, String release, String namespace, boolean createNamespace, String chart,
                                 String chartVersion, String repositoryUrl, List<Path> valuesFiles, List<String> set, Duration timeout,
                                 int historyMax, boolean dryRun, boolean rollback, FirstInstallFailure firstInstall, int maxRestarts,
                                 SmokeProbe smokeProbe) {

  /** What to do when the first install of a release fails. */
  public enum FirstInstallFailure {
    /** Uninstall the release, as {@code helm install --atomic} does. */
    UNINSTALL,
    /** Leave the failed release for inspection. */
    LEAVE;

    /** The names front ends take. */
    public static final String ALLOWED = "uninstall, leave";

    /** {@code uninstall} or {@code leave}; empty for anything else. */
    public static java.util.Optional<FirstInstallFailure> parse(String value) {
      return java.util.Arrays.stream(values()).filter(v -> v.name().equalsIgnoreCase(value == null ? "" : value.trim())).findFirst();
    }
  }

  /** How a chart is referred to. */
  public enum ChartKind { DIRECTORY, PACKAGE, REPOSITORY, OCI }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final Pattern RELEASE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Pattern SET_KEY = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.\\-\\[\\]\\\\]*$");
  static final Pattern REPO_CHART = Pattern.compile("^[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+$");

  public HelmRolloutRequest {
    valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
    set = set == null ? List.of() : List.copyOf(set);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    firstInstall = firstInstall == null ? FirstInstallFailure.UNINSTALL : firstInstall;
  }

  /** Defaults: no namespace creation, timeout 10m, history 10, rollback on, uninstall a failed first install, 3 restarts. */
  public static HelmRolloutRequest of(String kubeconfig, String release, String namespace, String chart) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, false, chart, null, null, List.of(), List.of(), DEFAULT_TIMEOUT, 10,
        false, true, FirstInstallFailure.UNINSTALL, 3, null);
  }

  public HelmRolloutRequest withCreateNamespace(boolean v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, v, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, historyMax, dryRun, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withChartVersion(String version, String repoUrl) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, version, repoUrl, valuesFiles, set, timeout, historyMax, dryRun, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withValues(List<Path> files, List<String> pairs) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, files, pairs, timeout, historyMax, dryRun, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withTimeout(Duration v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, v, historyMax, dryRun, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withHistoryMax(int v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, v, dryRun, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withDryRun(boolean v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, historyMax, v, rollback, firstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withRollback(boolean v, FirstInstallFailure onFirstInstall) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, historyMax, dryRun, v, onFirstInstall, maxRestarts, smokeProbe);
  }

  public HelmRolloutRequest withMaxRestarts(int v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, historyMax, dryRun, rollback, firstInstall, v, smokeProbe);
  }

  public HelmRolloutRequest withSmokeProbe(SmokeProbe v) {
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, chartVersion, repositoryUrl, valuesFiles, set, timeout, historyMax, dryRun, rollback, firstInstall, maxRestarts, v);
  }

  /** The chart's kind, or null when the reference is none of the allowed forms. */
  public ChartKind chartKind() {
    if (chart == null || chart.isBlank()) {
      return null;
    }
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

  /** Checks every field; throws {@link io.stamprelease.core.validation.InvalidInputException} naming each bad one. */
  public HelmRolloutRequest validate() {
    Problems p = new Problems("rollout");
    p.check(kubeconfig != null && !kubeconfig.isBlank(), "kubeconfig", "required (the kubeconfig contents, a kubeconfig file, or a hub from hubs.yaml)");
    if (p.check(release != null && !release.isBlank(), "release", "required (a name such as 'web')")) {
      p.check(release.length() <= 53 && RELEASE_NAME.matcher(release).matches(), "release",
          "'" + release + "' is not a valid Helm release name (allowed: at most 53 lower-case letters, digits, '-' and '.', "
              + "starting and ending with a letter or digit)");
    }
    if (p.check(namespace != null && !namespace.isBlank(), "namespace", "required (a namespace such as 'apps')")) {
      p.check(namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches(), "namespace",
          "'" + namespace + "' is not a valid namespace (allowed: at most 63 lower-case letters, digits and '-')");
    }
    if (p.check(chart != null && !chart.isBlank(), "chart", "required (a chart directory, a packaged .tgz, repo/name with --repo URL, or oci://registry/path)")) {
      p.check(chartKind() != null, "chart", "no chart at '" + chart + "' (allowed: a chart directory containing Chart.yaml, an existing "
          + "packaged .tgz, repo/name together with a repository URL, or oci://registry/path)");
    }
    if (repositoryUrl != null) {
      p.check(repositoryUrl.startsWith("https://") || repositoryUrl.startsWith("http://"), "repo",
          "'" + repositoryUrl + "' is not a chart repository URL (allowed: http:// or https://)");
    }
    for (Path f : valuesFiles) {
      if (!p.check(Files.isReadable(f), "values", "cannot read values file '" + f + "'")) {
        continue;
      }
      try {
        JsonNode node = new YAMLMapper().readTree(f.toFile());
        p.check(node == null || node.isMissingNode() || node.isNull() || node.isObject(), "values",
            "'" + f + "' is not a YAML map of values (found " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()) + ")");
      } catch (Exception e) {
        p.add("values", "'" + f + "' is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    for (String pair : set) {
      for (String one : splitSet(pair)) {
        int eq = one.indexOf('=');
        p.check(eq > 0 && SET_KEY.matcher(one.substring(0, eq)).matches(), "set",
            "'" + one + "' is not key=value (allowed: a key of letters, digits, '_', '-', '.', '[n]', then '=', then the value)");
      }
    }
    p.check(timeout.compareTo(Duration.ofSeconds(1)) >= 0, "timeout", "must be at least 1s (was " + timeout + ")");
    p.check(historyMax >= 0, "history-max", "must be 0 (keep all) or more (was " + historyMax + ")");
    p.check(maxRestarts >= 0, "max-restarts", "must be 0 or more (was " + maxRestarts + ")");
    if (smokeProbe != null) {
      URI u = smokeProbe.url();
      p.check(u != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null, "probe-url",
          "'" + u + "' is not an http:// or https:// URL");
      p.check(smokeProbe.host() == null || u == null || "http".equals(u.getScheme()), "probe-host",
          "a Host override works with http:// probe URLs only");
      p.check(smokeProbe.expectedStatus() >= 100 && smokeProbe.expectedStatus() <= 599, "probe-status",
          "must be an HTTP status 100..599 (was " + smokeProbe.expectedStatus() + ")");
      p.check(smokeProbe.attempts() >= 1, "probe-attempts", "must be 1 or more (was " + smokeProbe.attempts() + ")");
      p.check(smokeProbe.interval() != null && !smokeProbe.interval().isNegative(), "probe-interval", "must be 0s or more");
    }
    p.throwIfAny();
    return this;
  }

  /** {@code a=1,b=2} → {@code [a=1, b=2]}; a backslash escapes a comma, as in Helm. */
  static List<String> splitSet(String pairs) {
    return List.of(pairs.split("(?<!\\\\),"));
  }
}
