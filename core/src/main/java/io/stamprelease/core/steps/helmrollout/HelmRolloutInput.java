package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest.ChartKind;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest.FirstInstallFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user asks of {@code helmRollout}, as given — the one entry point of {@code stamp rollout}, the Jenkins step and the
 * release: the chart, its values, the cluster (a kubeconfig, as contents or a file; contents are never written to the
 * workspace), and how to judge the rollout. It owns every default (the only "10m"); {@link #validate()} returns the
 * {@link HelmRolloutRequest} to run or throws every problem at once, each naming its {@link Field}.
 */
public final class HelmRolloutInput {
  public static final String DEFAULT_TIMEOUT = "10m";
  public static final int DEFAULT_HISTORY_MAX = 10;
  public static final int DEFAULT_MAX_RESTARTS = 3;
  public static final String DEFAULT_ON_FIRST_INSTALL_FAILURE = "uninstall";
  public static final int DEFAULT_PROBE_STATUS = 200;
  public static final int DEFAULT_PROBE_ATTEMPTS = 5;
  public static final String DEFAULT_PROBE_INTERVAL = "2s";
  /** The largest values file taken: a release's values live in one Kubernetes Secret, limited to 1 MiB by the API server. */
  public static final long MAX_VALUES_FILE_BYTES = 1024L * 1024;
  static final String STEP = "helmRollout";
  static final Pattern RELEASE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Pattern SET_KEY = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.\\-\\[\\]\\\\]*$");

  /** The inputs, by their canonical names (the Jenkins arguments). */
  public enum Field implements InputField {
    KUBECONFIG("kubeconfig"), RELEASE("release"), NAMESPACE("namespace"), CREATE_NAMESPACE("createNamespace"), CHART("chart"),
    CHART_VERSION("chartVersion"), REPO("repo"), VALUES("values"), SET("set"), TIMEOUT("timeout"), HISTORY_MAX("historyMax"),
    DRY_RUN("dryRun"), ROLLBACK("rollback"), ON_FIRST_INSTALL_FAILURE("onFirstInstallFailure"), MAX_RESTARTS("maxRestarts"),
    PROBE_URL("probeUrl"), PROBE_PATH("probePath"), PROBE_HOST("probeHost"), PROBE_STATUS("probeStatus"), PROBE_BODY("probeBody"),
    PROBE_ATTEMPTS("probeAttempts"), PROBE_INTERVAL("probeInterval");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  private String kubeconfigContents;
  private Path kubeconfigFile;
  private String release;
  private String namespace;
  private boolean createNamespace;
  private String chart;
  private String chartVersion;
  private String repo;
  private List<Path> values = new ArrayList<>();
  private List<String> set = new ArrayList<>();
  private String timeout;
  private Integer historyMax;
  private boolean dryRun;
  private boolean rollback = true;
  private String onFirstInstallFailure;
  private Integer maxRestarts;
  private String probeUrl;
  private String probePath;
  private String probeHost;
  private Integer probeStatus;
  private String probeBody;
  private Integer probeAttempts;
  private String probeInterval;
  private String ingressUrl;
  private String appHost;
  private boolean kubeconfigUnknown;

  /** The cluster's kubeconfig as contents (a credential, or read by the front end); never written to the workspace. */
  public HelmRolloutInput kubeconfigContents(String contents) {
    kubeconfigContents = contents;
    return this;
  }

  /** The cluster's kubeconfig file (read, never copied into the workspace). */
  public HelmRolloutInput kubeconfig(Path file) {
    kubeconfigFile = file;
    return this;
  }

  public HelmRolloutInput release(String value) {
    release = value;
    return this;
  }

  public HelmRolloutInput namespace(String value) {
    namespace = value;
    return this;
  }

  public HelmRolloutInput createNamespace(boolean value) {
    createNamespace = value;
    return this;
  }

  /** A chart directory, a packaged {@code .tgz}, {@code repo/name} (with {@link #repo}) or an {@code oci://} reference. */
  public HelmRolloutInput chart(String value) {
    chart = value;
    return this;
  }

  public HelmRolloutInput chartVersion(String value) {
    chartVersion = value;
    return this;
  }

  /** The chart repository's URL, for a {@code repo/name} chart. */
  public HelmRolloutInput repo(String value) {
    repo = value;
    return this;
  }

  /** Values files, later ones win. */
  public HelmRolloutInput values(List<Path> files) {
    values = new ArrayList<>(files == null ? List.of() : files);
    return this;
  }

  /** {@code key=value} pairs as Helm's {@code --set} takes them ({@code a=1,b=2} allowed). */
  public HelmRolloutInput set(List<String> pairs) {
    set = new ArrayList<>(pairs == null ? List.of() : pairs);
    return this;
  }

  /** How long the rollout (and then a rollback) may take to become ready; absent: {@value #DEFAULT_TIMEOUT}. */
  public HelmRolloutInput timeout(String value) {
    timeout = value;
    return this;
  }

  /** Release records to keep (Helm's --history-max); 0 keeps all; absent: {@value #DEFAULT_HISTORY_MAX}. */
  public HelmRolloutInput historyMax(Integer value) {
    historyMax = value;
    return this;
  }

  public HelmRolloutInput dryRun(boolean value) {
    dryRun = value;
    return this;
  }

  /** Roll back to the last good revision when the rollout fails; on unless turned off. */
  public HelmRolloutInput rollback(boolean value) {
    rollback = value;
    return this;
  }

  /** {@code uninstall} or {@code leave} a failed first install; absent: {@value #DEFAULT_ON_FIRST_INSTALL_FAILURE}. */
  public HelmRolloutInput onFirstInstallFailure(String value) {
    onFirstInstallFailure = value;
    return this;
  }

  /** A pod of the new revision restarting more often fails the rollout; absent: {@value #DEFAULT_MAX_RESTARTS}. */
  public HelmRolloutInput maxRestarts(Integer value) {
    maxRestarts = value;
    return this;
  }

  /** A smoke probe after success: GET this http(s) URL. */
  public HelmRolloutInput probeUrl(String value) {
    probeUrl = value;
    return this;
  }

  /** A smoke probe of this path on the stamp's ingress ({@link #stampIngress}), with the stamp's app host unless {@link #probeHost}. */
  public HelmRolloutInput probePath(String value) {
    probePath = value;
    return this;
  }

  /** The probe's Host header (http only), e.g. the app's public host name. */
  public HelmRolloutInput probeHost(String value) {
    probeHost = value;
    return this;
  }

  /** The expected HTTP status; absent: {@value #DEFAULT_PROBE_STATUS}. */
  public HelmRolloutInput probeStatus(Integer value) {
    probeStatus = value;
    return this;
  }

  /** The probe's body must contain this text. */
  public HelmRolloutInput probeBody(String value) {
    probeBody = value;
    return this;
  }

  /** Tries before the probe fails; absent: {@value #DEFAULT_PROBE_ATTEMPTS}. */
  public HelmRolloutInput probeAttempts(Integer value) {
    probeAttempts = value;
    return this;
  }

  /** Time between tries; absent: {@value #DEFAULT_PROBE_INTERVAL}. */
  public HelmRolloutInput probeInterval(String value) {
    probeInterval = value;
    return this;
  }

  /** Where the stamp's ingress answers and the app's host name (hubs.yaml's stamp entry), for {@link #probePath}. */
  public HelmRolloutInput stampIngress(String url, String host) {
    ingressUrl = url;
    appHost = host;
    return this;
  }

  /**
   * The kubeconfig comes from a source that could not be read (a hubs file whose own problem is already reported): its
   * absence is not reported again.
   */
  public HelmRolloutInput kubeconfigUnknown() {
    kubeconfigUnknown = true;
    return this;
  }

  /** Checks every field (files read, the chart looked up) before anything touches the cluster. */
  public HelmRolloutRequest validate() {
    Problems p = new Problems(STEP);
    String kubeconfig = kubeconfig(p);
    if (p.check(release != null && !release.isBlank(), Field.RELEASE, "is required (a name such as 'web')")) {
      p.check(release.length() <= 53 && RELEASE_NAME.matcher(release).matches(), Field.RELEASE,
          "'" + release + "' is not a valid Helm release name (allowed: at most 53 lower-case letters, digits, '-' and '.', "
              + "starting and ending with a letter or digit)");
    }
    if (p.check(namespace != null && !namespace.isBlank(), Field.NAMESPACE, "is required (a namespace such as 'apps')")) {
      p.check(namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches(), Field.NAMESPACE,
          "'" + namespace + "' is not a valid namespace (allowed: at most 63 lower-case letters, digits and '-')");
    }
    ChartKind kind = null;
    if (p.check(chart != null && !chart.isBlank(), Field.CHART,
        "is required (a chart directory, a packaged .tgz, repo/name with a repository URL, or oci://registry/path)")) {
      kind = HelmRolloutRequest.chartKind(chart, repo);
      p.check(kind != null, Field.CHART, "no chart at '" + chart + "' (allowed: a chart directory containing Chart.yaml, an existing "
          + "packaged .tgz, repo/name together with a repository URL, or oci://registry/path)");
    }
    if (repo != null) {
      p.check(repo.startsWith("https://") || repo.startsWith("http://"), Field.REPO,
          "'" + repo + "' is not a chart repository URL (allowed: http:// or https://)");
    }
    checkValues(p);
    for (String pair : set) {
      for (String one : HelmRolloutRequest.splitSet(pair)) {
        int eq = one.indexOf('=');
        // only the key is shown: a value given with --set may be a secret
        p.check(eq > 0 && SET_KEY.matcher(one.substring(0, eq)).matches(), Field.SET, "'" + (eq > 0 ? one.substring(0, eq) + "=…" : one)
            + "' is not key=value (allowed: a key of letters, digits, '_', '-', '.', '[n]', then '=', then the value)");
      }
    }
    Duration limit = p.duration(timeout, DEFAULT_TIMEOUT, Field.TIMEOUT);
    if (limit != null) {
      p.check(limit.compareTo(Duration.ofSeconds(1)) >= 0, Field.TIMEOUT, "must be at least 1s (was " + Durations.human(limit) + ")");
    }
    int history = historyMax == null ? DEFAULT_HISTORY_MAX : historyMax;
    p.check(history >= 0, Field.HISTORY_MAX, "must be 0 (keep all) or more (was " + history + ")");
    int restarts = maxRestarts == null ? DEFAULT_MAX_RESTARTS : maxRestarts;
    p.check(restarts >= 0, Field.MAX_RESTARTS, "must be 0 or more (was " + restarts + ")");
    String firstText = onFirstInstallFailure == null || onFirstInstallFailure.isBlank() ? DEFAULT_ON_FIRST_INSTALL_FAILURE : onFirstInstallFailure;
    FirstInstallFailure first = FirstInstallFailure.parse(firstText).orElse(null);
    p.check(first != null, Field.ON_FIRST_INSTALL_FAILURE, "'" + firstText + "' (allowed: " + FirstInstallFailure.ALLOWED + ")");
    SmokeProbe probe = probe(p);
    p.throwIfAny();
    return new HelmRolloutRequest(kubeconfig, release, namespace, createNamespace, chart, kind, chartVersion, repo, values, set, limit,
        history, dryRun, rollback, first, restarts, probe);
  }

  private String kubeconfig(Problems p) {
    if (kubeconfigContents != null) {
      if (p.check(!kubeconfigContents.isBlank(), Field.KUBECONFIG, "is empty")) {
        kubeconfigShape(kubeconfigContents, "the kubeconfig contents", p);
      }
      return kubeconfigContents;
    }
    if (!p.check(kubeconfigFile != null || kubeconfigUnknown, Field.KUBECONFIG, "is required (the kubeconfig contents, a kubeconfig file, or a hub from hubs.yaml)")) {
      return null;
    }
    if (kubeconfigFile == null) {
      return null;
    }
    try {
      String text = Files.readString(kubeconfigFile);
      kubeconfigShape(text, "'" + kubeconfigFile + "'", p);
      return text;
    } catch (IOException e) {
      p.add(Field.KUBECONFIG, "cannot read '" + kubeconfigFile + "'");
      return null;
    }
  }

  /** YAML with a {@code clusters:} list, else Helm's first call fails on it; says where, never what (it holds credentials). */
  private static void kubeconfigShape(String text, String what, Problems p) {
    try {
      JsonNode root = new YAMLMapper().readTree(text);
      p.check(root != null && root.path("clusters").isArray() && !root.path("clusters").isEmpty(), Field.KUBECONFIG,
          what + " is not a kubeconfig (no 'clusters:' list)");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      p.add(Field.KUBECONFIG, what + " is not a kubeconfig (not YAML at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
          + ")");
    }
  }

  private void checkValues(Problems p) {
    for (Path f : values) {
      valuesFileProblem(f).ifPresent(m -> p.add(Field.VALUES, m));
    }
  }

  /**
   * What is wrong with a values file, or empty: it must be readable, at most {@link #MAX_VALUES_FILE_BYTES} (judged by its
   * size, before it is read), and YAML holding a map of values (or nothing). The one rule of values files, for this step
   * and for a release plan's {@code app.valuesFiles}.
   */
  public static Optional<String> valuesFileProblem(Path f) {
    if (!Files.isReadable(f) || Files.isDirectory(f)) {
      return Optional.of("cannot read values file '" + f + "'");
    }
    try {
      long size = Files.size(f);
      if (size > MAX_VALUES_FILE_BYTES) {
        return Optional.of("values file '" + f + "' is " + String.format(Locale.ROOT, "%.1f", size / 1048576.0)
            + " MiB; at most 1 MiB is taken: Helm keeps a release's chart and values in one Kubernetes Secret, which the API server "
            + "limits to 1 MiB");
      }
      JsonNode node = new YAMLMapper().readTree(f.toFile());
      if (node == null || node.isMissingNode() || node.isNull() || node.isObject()) {
        return Optional.empty();
      }
      return Optional.of("'" + f + "' is not a YAML map of values (found " + node.getNodeType().toString().toLowerCase() + ")");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // where, not what: the offending text could be a secret value
      return Optional.of("'" + f + "' is not valid YAML (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
          + ", column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
    } catch (IOException e) {
      return Optional.of("cannot read values file '" + f + "'");
    }
  }

  private SmokeProbe probe(Problems p) {
    int status = probeStatus == null ? DEFAULT_PROBE_STATUS : probeStatus;
    int attempts = probeAttempts == null ? DEFAULT_PROBE_ATTEMPTS : probeAttempts;
    Duration interval = p.duration(probeInterval, DEFAULT_PROBE_INTERVAL, Field.PROBE_INTERVAL);
    // judged whether or not a probe is asked for: a value given is a value the user means
    if (interval != null && !p.check(!interval.isNegative() && !interval.isZero(), Field.PROBE_INTERVAL,
        "must be a positive duration such as " + DEFAULT_PROBE_INTERVAL + " (was " + Durations.human(interval) + ")")) {
      interval = null;
    }
    p.check(status >= 100 && status <= 599, Field.PROBE_STATUS, "must be an HTTP status 100..599 (was " + status + ")");
    p.check(attempts >= 1, Field.PROBE_ATTEMPTS, "must be 1 or more (was " + attempts + ")");
    String host = probeHost;
    URI url = null;
    if (probePath != null && !probePath.isBlank()) {
      p.check(probeUrl == null, Field.PROBE_PATH, "give either a probe URL or a probe path on the stamp's ingress, not both");
      if (p.check(ingressUrl != null, Field.PROBE_PATH, "needs the stamp's ingress URL (a hub whose stamp has an ingressUrl), or give a probe URL")) {
        url = uri(ingressUrl.replaceAll("/$", "") + (probePath.startsWith("/") ? "" : "/") + probePath, Field.PROBE_PATH, p);
        host = host != null ? host : appHost;
      }
    } else if (probeUrl != null && !probeUrl.isBlank()) {
      url = uri(probeUrl, Field.PROBE_URL, p);
    } else {
      return null;
    }
    if (url != null) {
      p.check(("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null, Field.PROBE_URL,
          "'" + url + "' is not an http:// or https:// URL");
      p.check(host == null || "http".equals(url.getScheme()), Field.PROBE_HOST, "a Host override works with http:// probe URLs only");
    }
    return url == null || interval == null ? null : new SmokeProbe(url, host, status, probeBody, attempts, interval);
  }

  private static URI uri(String text, Field field, Problems p) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      p.add(field, "'" + text + "' is not a URL");
      return null;
    }
  }

}
