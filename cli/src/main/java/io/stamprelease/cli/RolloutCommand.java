package io.stamprelease.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.helm.HelmProcessEnvironment;
import io.stamprelease.core.helm.HelmRollout;
import io.stamprelease.core.helm.HelmRolloutRequest;
import io.stamprelease.core.helm.HelmRolloutRequest.FirstInstallFailure;
import io.stamprelease.core.helm.HelmRolloutState;
import io.stamprelease.core.helm.SmokeProbe;
import io.stamprelease.core.hub.HubsFile;
import io.stamprelease.core.validation.InvalidInputException;
import io.stamprelease.core.validation.Problems;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
final class RolloutCommand implements Callable<Integer> {
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

  @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
      description = "How long the rollout (and then a rollback) may take to become ready. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--history-max", defaultValue = "10", description = "Release records to keep; 0 keeps all. Default: ${DEFAULT-VALUE}.")
  int historyMax;

  @Option(names = "--max-restarts", defaultValue = "3", description = "A pod of the new revision restarting more often fails the rollout. Default: ${DEFAULT-VALUE}.")
  int maxRestarts;

  @Option(names = "--dry-run", description = "Render, validate with a server-side dry run, and show what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--no-rollback", negatable = false, description = "Leave a failed revision in place instead of rolling back.")
  boolean noRollback;

  @Option(names = "--on-first-install-failure", defaultValue = "uninstall", paramLabel = "uninstall|leave",
      description = "A failed first install has nothing to roll back to: uninstall it (default) or leave it for inspection.")
  String onFirstInstallFailure;

  @Option(names = "--probe-url", paramLabel = "URL", description = "Smoke probe after success (e.g. the stamp's ingress URL and path).")
  URI probeUrl;

  @Option(names = "--probe-path", paramLabel = "PATH", description = "With --hub: probe PATH on the stamp's ingress URL with the stamp's app host.")
  String probePath;

  @Option(names = "--probe-host", paramLabel = "HOST", description = "Host header of the probe (http only), e.g. the app's public host name.")
  String probeHost;

  @Option(names = "--probe-status", defaultValue = "200", description = "Expected HTTP status. Default: ${DEFAULT-VALUE}.")
  int probeStatus;

  @Option(names = "--probe-body", paramLabel = "TEXT", description = "The body must contain TEXT.")
  String probeBody;

  @Option(names = "--probe-attempts", defaultValue = "5", description = "Tries before the probe fails. Default: ${DEFAULT-VALUE}.")
  int probeAttempts;

  @Option(names = "--probe-interval", defaultValue = "2s", converter = DurationConverter.class, description = "Time between tries. Default: ${DEFAULT-VALUE}.")
  Duration probeInterval;

  @Option(names = "--state", paramLabel = "FILE", description = "Journal the rollout's state to FILE; if FILE exists, continue from it "
      + "(after a crash: re-attaches to the revision it created instead of upgrading again). Deleted when the rollout ends.")
  Path stateFile;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Result format on stdout. Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> {
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
    ObjectNode json = JSON.valueToTree(HelmRollout.outputs(outcome.state()));
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

  /** Every problem of the command line and of the request in one message (exit 2, nothing written). */
  private HelmRolloutRequest request() throws IOException {
    Problems problems = new Problems("rollout");
    String contents = "";
    HubsFile.StampCluster stamp = null;
    if (problems.check((kubeconfig == null) != (hub == null), "kubeconfig", "give either --kubeconfig FILE or --config hubs.yaml --hub NAME")) {
      if (kubeconfig != null) {
        if (problems.check(Files.isReadable(kubeconfig), "kubeconfig", "cannot read '" + kubeconfig + "'")) {
          contents = Files.readString(kubeconfig);
        }
      } else {
        Path file = config == null ? Path.of("hubs.yaml") : config;
        if (problems.check(Files.isReadable(file), "config", "cannot read hubs file '" + file + "'")) {
          stamp = HubsFile.load(file, System.getenv()).stamps().get(hub);
          if (problems.check(stamp != null && stamp.kubeconfig() != null, "hub", "'" + hub + "' has no stamp kubeconfig in " + file)
              && problems.check(Files.isReadable(stamp.kubeconfig()), "hub", "cannot read kubeconfig '" + stamp.kubeconfig() + "'")) {
            contents = Files.readString(stamp.kubeconfig());
          }
        }
      }
    }
    FirstInstallFailure first = FirstInstallFailure.parse(onFirstInstallFailure).orElse(null);
    problems.check(first != null, "on-first-install-failure", "'" + onFirstInstallFailure + "' (allowed: " + FirstInstallFailure.ALLOWED + ")");
    SmokeProbe probe = null;
    if (probePath != null) {
      if (problems.check(stamp != null && stamp.ingressUrl() != null, "probe-path", "needs --hub with an ingressUrl in the hubs file (or use --probe-url)")) {
        probe = new SmokeProbe(URI.create(stamp.ingressUrl().replaceAll("/$", "") + (probePath.startsWith("/") ? "" : "/") + probePath),
            probeHost != null ? probeHost : stamp.appHost(), probeStatus, probeBody, probeAttempts, probeInterval);
      }
    } else if (probeUrl != null) {
      probe = new SmokeProbe(probeUrl, probeHost, probeStatus, probeBody, probeAttempts, probeInterval);
    }
    HelmRolloutRequest request = new HelmRolloutRequest(contents.isEmpty() ? "(not read)" : contents, release, namespace, createNamespace,
        chart, chartVersion, repo, valuesFiles, set, timeout, historyMax, dryRun, !noRollback, first, maxRestarts, probe);
    try {
      request.validate();
    } catch (InvalidInputException e) {
      e.problems().forEach(p -> problems.add(p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 2)));
    }
    problems.throwIfAny();
    return request;
  }
}
