package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp rollout`: helm upgrade --install with watch-based fail-fast, rollback to the last good revision and a smoke probe. */
@Command(name = "rollout", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"helm upgrade --install with watch-based fail-fast, rollback to the last good revision and a smoke probe.",
        "Without Helm's --wait: every Deployment/StatefulSet/DaemonSet/Job of the new revision is watched; a pod in "
            + "CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, InvalidImageName, too many restarts or "
            + "ProgressDeadlineExceeded fails the rollout at once, and it is rolled back to the last deployed revision."})
public final class RolloutCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file of the stamp's cluster (read, never copied into the workspace).")
  Path kubeconfig;

  @Option(names = "--config", paramLabel = "FILE", description = "Hubs file; with --hub, the stamp's kubeconfig, ingress URL and app host come from it.")
  Path config;

  @Option(names = "--hub", paramLabel = "NAME", description = "Hub (stamp) in the hubs file.")
  String hub;

  @Option(names = "--release", required = true, description = "Helm release name.")
  String release;

  @Option(names = {"--namespace", "-n"}, required = true, description = "Namespace of the release.")
  String namespace;

  @Option(names = "--create-namespace", description = "Create the namespace if it does not exist.")
  boolean createNamespace;

  @Option(names = "--chart", required = true, description = "Chart directory, packaged .tgz, repo/name (with --repo) or oci://registry/path.")
  String chart;

  @Option(names = "--chart-version", paramLabel = "VERSION", description = "Chart version (repository and OCI charts).")
  String chartVersion;

  @Option(names = "--repo", paramLabel = "URL", description = "Chart repository URL for a repo/name chart.")
  String repo;

  @Option(names = {"--values", "-f"}, paramLabel = "FILE", description = "Values file (repeatable; later files win).")
  List<Path> valuesFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Value as Helm's --set takes it (repeatable; a,b=c,d pairs allowed).")
  List<String> set = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "How long the rollout (and then a rollback) may take to become ready. Default: " + HelmRolloutInput.DEFAULT_TIMEOUT + ".")
  String timeout;

  @Option(names = "--history-max", description = "Release records to keep; 0 keeps all. Default: " + HelmRolloutInput.DEFAULT_HISTORY_MAX + ".")
  Integer historyMax;

  @Option(names = "--max-restarts", description = "A pod of the new revision restarting more often fails the rollout. Default: "
      + HelmRolloutInput.DEFAULT_MAX_RESTARTS + ".")
  Integer maxRestarts;

  @Option(names = "--dry-run", description = "Render, validate with a server-side dry run, and show what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--no-rollback", negatable = false, description = "Leave a failed revision in place instead of rolling back.")
  boolean noRollback;

  @Option(names = "--on-first-install-failure", paramLabel = "uninstall|leave", description = "A failed first install has nothing "
      + "to roll back to: uninstall it or leave it for inspection. Default: " + HelmRolloutInput.DEFAULT_ON_FIRST_INSTALL_FAILURE + ".")
  String onFirstInstallFailure;

  @Option(names = "--probe-url", paramLabel = "URL", description = "Smoke probe after success (e.g. the stamp's ingress URL and path).")
  String probeUrl;

  @Option(names = "--probe-path", paramLabel = "PATH", description = "With --hub: probe PATH on the stamp's ingress URL with the stamp's app host.")
  String probePath;

  @Option(names = "--probe-host", paramLabel = "HOST", description = "Host header of the probe (http only), e.g. the app's public host name.")
  String probeHost;

  @Option(names = "--probe-status", description = "Expected HTTP status. Default: " + HelmRolloutInput.DEFAULT_PROBE_STATUS + ".")
  Integer probeStatus;

  @Option(names = "--probe-body", paramLabel = "TEXT", description = "The body must contain TEXT.")
  String probeBody;

  @Option(names = "--probe-attempts", description = "Tries before the probe fails. Default: " + HelmRolloutInput.DEFAULT_PROBE_ATTEMPTS + ".")
  Integer probeAttempts;

  @Option(names = "--probe-interval", paramLabel = "DURATION", description = "Time between tries. Default: "
      + HelmRolloutInput.DEFAULT_PROBE_INTERVAL + ".")
  String probeInterval;

  @Option(names = "--state", paramLabel = "FILE", description = "Journal the rollout's state to FILE; if FILE exists, continue from it "
      + "(after a crash: re-attaches to the revision it created instead of upgrading again). Deleted when the rollout ends.")
  Path stateFile;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Result format on stdout. Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, LABELS, () -> {
      HelmRolloutRequest request = request();
      // before the first Helm call: the Go runtime copies the environment when the native library loads
      HelmProcessEnvironment.prepare();
      try (HelmRollout rollout = new HelmRollout(request)) {
        return dryRun ? dryRun(rollout) : rollout(console, rollout);
      }
    });
  }

  private CommandResult rollout(Console console, HelmRollout rollout) {
    Outcome<HelmRolloutState> outcome = CommandSupport.runStep(console, rollout.step(), rollout.initialState(), hub, stateFile);
    ObjectNode json = JSON.valueToTree(HelmRolloutResult.of(outcome.state()).toPlainMap());
    json.put("status", outcome.status().name());
    json.put("message", outcome.message());
    json.put("durationSeconds", Math.round(outcome.elapsed().toMillis() / 100.0) / 10.0);
    String summary = (outcome.succeeded() ? "" : "FAILED: ") + outcome.message() + String.format(" (%.1f s)", outcome.elapsed().toMillis() / 1000.0);
    for (var w : outcome.state().workloads()) {
      summary += "\n  " + w.kind().toLowerCase() + " " + w.summary() + (w.problems().isEmpty() ? "" : "\n    " + String.join("\n    ", w.problems()));
      for (String e : w.events()) {
        summary += "\n    event: " + e;
      }
    }
    return new CommandResult(outcome.status().exitCode(), summary, json);
  }

  private CommandResult dryRun(HelmRollout rollout) {
    HelmRollout.DryRunReport report = rollout.dryRun();
    ObjectNode json = JSON.valueToTree(report);
    json.put("status", "DRY_RUN");
    String summary = "dry run of " + report.release() + " in " + report.namespace() + ": would create revision " + report.wouldBeRevision()
        + (report.liveRevision() == null ? " (first install)" : " over live revision " + report.liveRevision()) + "; nothing was written\n"
        + report.diff().stripTrailing();
    return new CommandResult(ExitCode.OK, summary, json);
  }

  /** Every problem of the command line, the hubs file and the rollout in one message (exit 2, nothing written). */
  private HelmRolloutRequest request() {
    Problems problems = new Problems("rollout");
    HelmRolloutInput input = new HelmRolloutInput().release(release).namespace(namespace).createNamespace(createNamespace).chart(chart)
        .chartVersion(chartVersion).repo(repo).values(valuesFiles).set(set).timeout(timeout).historyMax(historyMax)
        .maxRestarts(maxRestarts).dryRun(dryRun).rollback(!noRollback).onFirstInstallFailure(onFirstInstallFailure).probeUrl(probeUrl)
        .probePath(probePath).probeHost(probeHost).probeStatus(probeStatus).probeBody(probeBody).probeAttempts(probeAttempts)
        .probeInterval(probeInterval);
    problems.check(kubeconfig == null || hub == null, HelmRolloutInput.Field.KUBECONFIG,
        "give either --kubeconfig FILE or --config hubs.yaml --hub NAME, not both");
    if (kubeconfig != null) {
      input.kubeconfig(kubeconfig);
    } else if (hub != null) {
      Path file = config == null ? Path.of("hubs.yaml") : config;
      HubsFile hubs = problems.check(Files.isReadable(file), HubsFile.Field.CONFIG, "cannot read hubs file '" + file + "'")
          ? problems.attempt(() -> HubsFile.load(file, System.getenv())) : null;
      HubsFile.StampCluster stamp = hubs == null ? null : hubs.stamps().get(hub);
      if (hubs == null) {
        input.kubeconfigUnknown();
      } else if (problems.check(stamp != null && stamp.kubeconfig() != null, HubsFile.Field.HUB, "'" + hub + "' has no stamp kubeconfig in "
          + file)) {
        input.kubeconfig(stamp.kubeconfig()).stampIngress(stamp.ingressUrl(), stamp.appHost());
      } else {
        input.kubeconfigUnknown();
      }
    }
    HelmRolloutRequest request = problems.attempt(input::validate);
    problems.throwIfAny();
    return request;
  }

  /** The flags whose names differ from the fields they give. */
  static final FieldLabels LABELS = FieldLabels.FLAGS.with(Map.of(HelmRolloutInput.Field.ROLLBACK, "--no-rollback",
      HelmRolloutInput.Field.VALUES, "--values"));
}
