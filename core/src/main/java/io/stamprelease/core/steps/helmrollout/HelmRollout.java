package io.stamprelease.core.steps.helmrollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.helm.HelmCalls;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.engine.Task;
import io.stamprelease.core.engine.TaskContext;
import io.stamprelease.core.engine.TaskResult;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState.Phase;
import io.stamprelease.core.steps.helmrollout.ReleaseManifest.WorkloadRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code helmRollout}: {@code helm upgrade --install} without Helm's {@code --wait}, then every workload of the
 * rendered revision is tracked with informers and the rollout fails fast on a broken pod; a failed rollout (or a
 * failing smoke probe) is rolled back to the last good revision, and the rollback is tracked the same way.
 *
 * <p>Tasks: {@code plan} (remember the deployed revision) → {@code upgrade} (send; re-attaches to a revision it
 * already created) → {@code track} → {@code smoke} → {@code rollback} (send) → {@code track-rollback} →
 * {@code report}. Each task skips itself when the phase says it does not apply, so a checkpoint fed back into the
 * engine continues exactly where it stopped. The informers are live objects and are not in the state: a re-run
 * in a new process starts them again from the revision number in the state.
 */
public final class HelmRollout implements AutoCloseable {
  /**
   * How often the track task judges the informers' caches (in memory: cheap). It bounds the delay between
   * the last pod turning Ready and success being reported; 200 ms left the p95 of that delay at ~250 ms.
   */
  static final Duration TRACK_INTERVAL = Duration.ofMillis(50);

  private final HelmRolloutRequest request;
  private KubernetesClient client;
  private Path privateDir;
  private WorkloadTracker tracker;
  private int trackedRevision;

  /** A rollout of a validated request ({@link HelmRolloutInput#validate()}); nothing touches the cluster before a task runs. */
  public HelmRollout(HelmRolloutRequest request) {
    this.request = request;
  }

  public HelmRolloutRequest request() {
    return request;
  }

  public HelmRolloutState initialState() {
    return HelmRolloutState.start(request.release(), request.namespace());
  }

  /** The plan: its tasks and an overall timeout leaving room for a rollback after a rollout that used all of its own. */
  public Step<HelmRolloutState> step() {
    return new Step<>("helmRollout", List.of(
        task("plan", this::plan), task("upgrade", this::upgrade), task("track", this::track), task("smoke", this::smoke),
        task("rollback", this::rollback), task("track-rollback", this::trackRollback), task("report", this::report)),
        request.timeout().multipliedBy(2).plus(Duration.ofMinutes(2)));
  }

  @FunctionalInterface
  private interface Body {
    TaskResult<HelmRolloutState> run(HelmRolloutState s, TaskContext c) throws Exception;
  }

  private Task<HelmRolloutState> task(String name, Body body) {
    return new Task<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public TaskResult<HelmRolloutState> execute(HelmRolloutState state, TaskContext context) throws Exception {
        if (!request.release().equals(state.release()) || !request.namespace().equals(state.namespace())) {
          throw new io.stamprelease.core.engine.TerminalException("the saved state is for release " + state.release() + " in "
              + state.namespace() + ", not " + request.release() + " in " + request.namespace() + "; nothing was done");
        }
        return body.run(state, context);
      }
    };
  }

  // ---- tasks ---------------------------------------------------------------------------------------------------

  private TaskResult<HelmRolloutState> plan(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.NEW) {
      return TaskResult.succeeded(s);
    }
    ReleaseRecords records = records();
    int base = records.latestRevision();
    Integer good = records.deployedRevision().orElse(null);
    return TaskResult.succeeded(s.edit().phase(Phase.PLANNED).startedAt(c.now()).deadline(c.now().plus(request.timeout()))
        .baseRevision(base).previousGoodRevision(good).build(),
        good == null ? "first install of " + request.release() + (base > 0 ? " (no deployed revision among " + base + ")" : "")
            : request.release() + " revision " + good + " is deployed; upgrading", Map.of());
  }

  private TaskResult<HelmRolloutState> upgrade(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.PLANNED) {
      return TaskResult.succeeded(s);
    }
    ReleaseRecords records = records();
    int latest = records.latestRevision();
    String message;
    if (latest > s.baseRevision()) {
      message = "re-attached to revision " + latest + " (created before a restart); not upgrading again";
    } else {
      try {
        Release r;
        try {
          r = HelmCalls.call("upgrade", helmCallTimeout(), () -> upgradeCommand().call());
        } finally {
          deleteKubeconfigFile();
        }
        latest = Integer.parseInt(r.getRevision());
        message = "helm upgrade --install created revision " + latest + " (" + r.getChart() + "), status " + r.getStatus();
      } catch (HelmCalls.HelmException e) {
        int after = records.latestRevision();
        if (after <= s.baseRevision()) {
          throw e; // nothing was stored: a rendering or validation error, there is nothing to roll back
        }
        // Helm stored a failed revision (e.g. the API server refused an object): roll back like any other failure
        return TaskResult.succeeded(withRevision(s, records, after).phase(Phase.FAILED).failures(List.of(e.getMessage())).build(),
            e.getMessage(), Map.of());
      }
    }
    records.prune(request.historyMax());
    return TaskResult.succeeded(withRevision(s, records, latest).phase(Phase.SUBMITTED).build(), message, Map.of());
  }

  private HelmRolloutState.Builder withRevision(HelmRolloutState s, ReleaseRecords records, int revision) {
    ObjectNode record = records.read(revision);
    ReleaseManifest manifest = ReleaseManifest.parse(record.path("manifest").asText(""));
    return s.edit().targetRevision(revision).chart(ReleaseRecords.chartName(record), ReleaseRecords.chartVersion(record))
        .images(manifest.images());
  }

  private TaskResult<HelmRolloutState> track(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.SUBMITTED) {
      return TaskResult.succeeded(s);
    }
    return follow(s, c, s.targetRevision(), Phase.VERIFIED, Phase.FAILED);
  }

  private TaskResult<HelmRolloutState> trackRollback(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.ROLLBACK_SUBMITTED) {
      return TaskResult.succeeded(s);
    }
    return follow(s, c, s.rollbackRevision(), Phase.ROLLED_BACK, Phase.ROLLBACK_FAILED);
  }

  /** One look at the informers' caches: ready, failed (fail fast), past the deadline, or call again shortly. */
  private TaskResult<HelmRolloutState> follow(HelmRolloutState s, TaskContext c, int revision, Phase ok, Phase bad) {
    WorkloadTracker t = trackerFor(revision);
    if (ok == Phase.ROLLED_BACK) {
      for (var pod : t.stuckPodsOfOtherRevisions()) {
        client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        c.progress("deleted pod " + pod.getMetadata().getName() + " of the failed revision: its controller does not replace a failing "
            + "pod after a rollback (StatefulSet forced rollback)");
      }
    }
    WorkloadTracker.Verdict v = t.check();
    switch (v.state()) {
      case READY -> {
        closeTracker();
        // after a rollback the workloads keep the failed revision's results (what went wrong); the progress says the rest
        List<WorkloadResult> workloads = ok == Phase.ROLLED_BACK ? s.workloads() : v.workloads();
        return TaskResult.succeeded(s.edit().phase(ok).workloads(workloads).lastProgress(v.progress()).build(),
            "revision " + revision + " is ready: " + v.progress(), Map.of());
      }
      case FAILED -> {
        closeTracker();
        markFailed(revision, v.failures().get(0));
        List<String> failures = new ArrayList<>(s.failures());
        failures.addAll(v.failures());
        return TaskResult.succeeded(s.edit().phase(bad).workloads(v.workloads()).failures(failures).lastProgress(v.progress()).build(),
            "revision " + revision + " failed: " + String.join("; ", v.failures()), Map.of());
      }
      default -> {
        if (c.now().isAfter(s.deadline())) {
          closeTracker();
          String why = "revision " + revision + " not ready within " + Durations.human(request.timeout()) + ": " + v.progress();
          markFailed(revision, why);
          List<String> failures = new ArrayList<>(s.failures());
          failures.add(why);
          return TaskResult.succeeded(s.edit().phase(bad).workloads(v.workloads()).failures(failures).lastProgress(v.progress()).build(), why,
              Map.of());
        }
        String progress = v.progress();
        boolean changed = !progress.equals(s.lastProgress());
        List<WorkloadResult> workloads = ok == Phase.ROLLED_BACK ? s.workloads() : v.workloads();
        return TaskResult.running(s.edit().workloads(workloads).lastProgress(progress).build(), TRACK_INTERVAL, changed ? progress : null);
      }
    }
  }

  private TaskResult<HelmRolloutState> smoke(HelmRolloutState s, TaskContext c) {
    if (s.phase() != Phase.VERIFIED) {
      return TaskResult.succeeded(s);
    }
    SmokeProbe probe = request.smokeProbe();
    if (probe == null) {
      return TaskResult.succeeded(s.edit().phase(Phase.SUCCEEDED).build());
    }
    SmokeProbe.Answer answer = probe.probeOnce();
    int attempts = s.probeAttempts() + 1;
    if (probe.accepts(answer)) {
      return TaskResult.succeeded(s.edit().phase(Phase.SUCCEEDED).probeAttempts(attempts).build(),
          "smoke probe passed (attempt " + attempts + "/" + probe.attempts() + "): GET " + probe.url() + " answered " + answer.status(), Map.of());
    }
    String why = "smoke probe attempt " + attempts + "/" + probe.attempts() + ": " + probe.describe(answer);
    if (attempts < probe.attempts() && c.now().isBefore(s.deadline())) {
      return TaskResult.running(s.edit().probeAttempts(attempts).build(), probe.interval(), why);
    }
    markFailed(s.targetRevision(), "smoke probe failed");
    List<String> failures = new ArrayList<>(s.failures());
    failures.add("smoke probe failed after " + attempts + " attempt(s): " + probe.describe(answer));
    return TaskResult.succeeded(s.edit().phase(Phase.FAILED).probeAttempts(attempts).failures(failures).build(), why, Map.of());
  }

  private TaskResult<HelmRolloutState> rollback(HelmRolloutState s, TaskContext c) throws IOException {
    if (s.phase() != Phase.FAILED || !request.rollback()) {
      return TaskResult.succeeded(s);
    }
    ReleaseRecords records = records();
    if (s.previousGoodRevision() == null) {
      if (request.firstInstall() == HelmRolloutRequest.FirstInstallFailure.LEAVE) {
        return TaskResult.succeeded(s.edit().phase(Phase.LEFT_FAILED).firstInstallAction("left").build(),
            "first install failed; no earlier revision to roll back to; leaving the failed release for inspection (--on-first-install-failure leave)",
            Map.of());
      }
      String answer = HelmCalls.call("uninstall", request.timeout(),
          () -> Helm.uninstall(request.release()).withNamespace(request.namespace()).withKubeConfigContents(request.kubeconfig()).ignoreNotFound().call());
      return TaskResult.succeeded(s.edit().phase(Phase.UNINSTALLED).firstInstallAction("uninstalled").build(),
          "first install failed; no earlier revision to roll back to; " + answer.strip(), Map.of());
    }
    int latest = records.latestRevision();
    int rollbackRevision;
    String message;
    if (latest > s.targetRevision()) {
      rollbackRevision = latest;
      message = "re-attached to rollback revision " + latest + " (created before a restart)";
    } else {
      rollbackRevision = submitRollback(records, s.previousGoodRevision());
      // Helm's upgrade supersedes the failed revision when no revision is deployed; helm rollback leaves it failed
      records.markStatus(s.targetRevision(), "failed", null);
      message = "rolled back to revision " + s.previousGoodRevision() + " as new revision " + rollbackRevision;
    }
    return TaskResult.succeeded(s.edit().phase(Phase.ROLLBACK_SUBMITTED).rollbackRevision(rollbackRevision)
        .deadline(c.now().plus(request.timeout())).lastProgress(null).build(), message, Map.of());
  }

  /**
   * {@code helm rollback} as helm-java lacks it: a new revision with the good revision's chart and user values,
   * rebuilt from its release record, sent with {@code --reset-values} and the description Helm writes.
   */
  private int submitRollback(ReleaseRecords records, int good) throws IOException {
    ObjectNode record = records.read(good);
    Path dir = Files.createTempDirectory(privateDir(), "rollback-");
    Path chartDir = ReleaseRecords.writeChart(record, dir);
    Release r;
    try {
      r = HelmCalls.call("rollback", helmCallTimeout(), () -> new Helm(chartDir).upgrade().withName(request.release())
          .withNamespace(request.namespace()).withKubeConfig(kubeconfigFile()).resetValues().withValuesFile(dir.resolve("values.yaml"))
          .withTimeout(helmTimeoutSeconds()).withDescription("Rollback to " + good).call());
    } finally {
      deleteKubeconfigFile();
    }
    records.prune(request.historyMax());
    return Integer.parseInt(r.getRevision());
  }

  private TaskResult<HelmRolloutState> report(HelmRolloutState s, TaskContext c) {
    closeTracker();
    return switch (s.phase()) {
      case SUCCEEDED -> TaskResult.succeeded(s, request.release() + " revision " + s.targetRevision() + " rolled out", Map.of());
      case ROLLED_BACK -> TaskResult.failed(s, "rollout of " + request.release() + " revision " + s.targetRevision() + " failed and was rolled back to revision "
          + s.previousGoodRevision() + " (new revision " + s.rollbackRevision() + "): " + firstFailure(s));
      case UNINSTALLED, LEFT_FAILED -> TaskResult.failed(s, "first install of " + request.release() + " failed and the release was "
          + s.firstInstallAction() + ": " + firstFailure(s));
      default -> TaskResult.failed(s, "rollout of " + request.release() + " failed (" + s.phase().name().toLowerCase().replace('_', ' ')
          + (request.rollback() ? "" : ", rollback off") + "): " + String.join("; ", s.failures()));
    };
  }

  private static String firstFailure(HelmRolloutState s) {
    return s.failures().isEmpty() ? "no reason recorded" : s.failures().get(0) + (s.failures().size() > 1 ? " (and " + (s.failures().size() - 1) + " more)" : "");
  }

  // ---- dry run -------------------------------------------------------------------------------------------------

  /** What {@code --dry-run} found: the revision it would create and what would change against the live release. */
  public record DryRunReport(String release, String namespace, int wouldBeRevision, Integer liveRevision, List<String> images,
                             List<String> changes, String diff) implements io.stamprelease.core.steps.StepResult {
    private static final long serialVersionUID = 1L;

    @Override
    public io.stamprelease.core.steps.StepKind step() {
      return io.stamprelease.core.steps.StepKind.HELM_ROLLOUT;
    }

    @Override
    public Map<String, Object> toPlainMap() {
      return new io.stamprelease.core.steps.PlainValues().put("release", release).put("namespace", namespace)
          .put("wouldBeRevision", wouldBeRevision).put("liveRevision", liveRevision).put("images", images).put("changes", changes)
          .put("diff", diff).put("dryRun", true).map();
    }

    @Override
    public String summary() {
      return "dry run of " + release + " in " + namespace + ": would create revision " + wouldBeRevision + "; nothing was written";
    }
  }

  /** Server-side dry-run (the API server validates every object), client render, and a diff against the live release; writes nothing. */
  public DryRunReport dryRun() {
    Release serverCheck;
    try {
      serverCheck = HelmCalls.call("upgrade --dry-run=server", helmCallTimeout(), () -> upgradeCommand().dryRun().withDryRunOption(DryRun.SERVER).call());
    } finally {
      deleteKubeconfigFile();
    }
    String rendered = HelmCalls.call("template", request.timeout(), () -> templateCommand().call());
    ReleaseRecords records = records();
    Integer live = records.deployedRevision().orElse(null);
    ReleaseManifest before = live == null ? new ReleaseManifest(List.of()) : ReleaseManifest.parse(records.read(live).path("manifest").asText(""));
    ReleaseManifest after = ReleaseManifest.parse(rendered);
    ManifestDiff diff = ManifestDiff.between(before, after, request.namespace());
    return new DryRunReport(request.release(), request.namespace(), Integer.parseInt(serverCheck.getRevision()), live, after.images(),
        diff.changes(), diff.text());
  }

  // ---- helm commands -------------------------------------------------------------------------------------------

  private UpgradeCommand upgradeCommand() throws IOException {
    UpgradeCommand cmd = switch (request.chartKind()) {
      case DIRECTORY, PACKAGE -> new Helm(Path.of(request.chart())).upgrade();
      case OCI -> Helm.upgrade(request.chart());
      case REPOSITORY -> Helm.upgrade(request.chart()).withRepositoryConfig(repositoryConfig());
    };
    // helm-java 0.0.21 ignores withKubeConfigContents on upgrade (HJ #252: it falls back to ~/.kube/config or
    // localhost:8080), so upgrade alone gets the contents as a file in our private 0700 directory, never in the workspace
    cmd.install().withName(request.release()).withNamespace(request.namespace()).withKubeConfig(kubeconfigFile())
        .withTimeout(helmTimeoutSeconds());
    if (request.createNamespace()) {
      cmd.createNamespace();
    }
    if (request.chartVersion() != null) {
      cmd.withVersion(request.chartVersion());
    }
    request.valuesFiles().forEach(cmd::withValuesFile);
    setPairs().forEach(cmd::set);
    return cmd;
  }

  private TemplateCommand templateCommand() throws IOException {
    TemplateCommand cmd = switch (request.chartKind()) {
      case DIRECTORY, PACKAGE -> new Helm(Path.of(request.chart())).template();
      case OCI -> Helm.template(request.chart());
      case REPOSITORY -> Helm.template(request.chart()).withRepositoryConfig(repositoryConfig());
    };
    cmd.withName(request.release()).withNamespace(request.namespace());
    if (request.chartVersion() != null) {
      cmd.withVersion(request.chartVersion());
    }
    request.valuesFiles().forEach(cmd::withValuesFile);
    setPairs().forEach(cmd::set);
    return cmd;
  }

  private Map<String, String> setPairs() {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : request.set()) {
      for (String one : HelmRolloutRequest.splitSet(pair)) {
        int eq = one.indexOf('=');
        pairs.put(one.substring(0, eq), one.substring(eq + 1));
      }
    }
    return pairs;
  }

  /** {@code repo/name} with a URL: the repository is added to a private repositories file, never the user's. */
  private Path repositoryConfig() throws IOException {
    Path config = privateDir().resolve("repositories.yaml");
    if (!Files.exists(config)) {
      String name = request.chart().substring(0, request.chart().indexOf('/'));
      HelmCalls.call("repo add", request.timeout(), () -> Helm.repo().add().withRepositoryConfig(config).withName(name)
          .withUrl(URI.create(request.repositoryUrl())).call());
    }
    return config;
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private void markFailed(int revision, String why) {
    records().markStatus(revision, "failed", "Upgrade \"" + request.release() + "\" failed: " + why);
  }

  private WorkloadTracker trackerFor(int revision) {
    if (tracker == null || trackedRevision != revision) {
      closeTracker();
      ReleaseManifest manifest = ReleaseManifest.parse(records().read(revision).path("manifest").asText(""));
      List<WorkloadRef> workloads = manifest.workloads(request.namespace());
      tracker = new WorkloadTracker(client(), workloads, request.maxRestarts()).start();
      trackedRevision = revision;
    }
    return tracker;
  }

  private void closeTracker() {
    if (tracker != null) {
      tracker.close();
      tracker = null;
    }
  }

  private ReleaseRecords records() {
    return new ReleaseRecords(client(), request.namespace(), request.release());
  }

  private synchronized KubernetesClient client() {
    if (client == null) {
      client = KubeClients.fromKubeconfig(request.kubeconfig());
    }
    return client;
  }

  private synchronized Path privateDir() throws IOException {
    if (privateDir == null) {
      privateDir = Files.createTempDirectory("stamp-helm-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return privateDir;
  }

  /** The kubeconfig copy lives only for the duration of one upgrade call. */
  private void deleteKubeconfigFile() {
    if (privateDir != null) {
      try {
        Files.deleteIfExists(privateDir.resolve("kubeconfig"));
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete the temporary kubeconfig copy", e);
      }
    }
  }

  private Path kubeconfigFile() throws IOException {
    Path file = privateDir().resolve("kubeconfig");
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, request.kubeconfig());
    }
    return file;
  }

  /**
   * Helm's own timeout. Without --wait it only bounds hooks: Helm runs pre/post-upgrade hook Jobs inside the
   * upgrade call and waits for them (default 300 s), so they get the rollout's timeout.
   */
  private int helmTimeoutSeconds() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, request.timeout().toSeconds()));
  }

  /** Our bound on a native call: a little over Helm's, so Helm's own clearer timeout message wins. */
  private Duration helmCallTimeout() {
    return request.timeout().plusSeconds(30);
  }


  /** Stops the informers, closes the client and deletes the private directory (kubeconfig copy, rebuilt charts). */
  @Override
  public synchronized void close() {
    closeTracker();
    if (client != null) {
      client.close();
      client = null;
    }
    if (privateDir != null) {
      try (Stream<Path> files = Files.walk(privateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      privateDir = null;
    }
  }
}
