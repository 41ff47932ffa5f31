package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.cli.support.ProgressDisplay;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Sleeper;
import io.stamprelease.core.files.ExclusiveLock;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.release.ApprovalsFile;
import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.release.NodeCounter;
import io.stamprelease.core.release.ReleaseContext;
import io.stamprelease.core.release.ReleaseField;
import io.stamprelease.core.release.ReleaseListener;
import io.stamprelease.core.release.ReleaseOptions;
import io.stamprelease.core.release.ReleasePreflight;
import io.stamprelease.core.release.ReleasePreview;
import io.stamprelease.core.release.ReleaseRun;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.release.ReleaseStart;
import io.stamprelease.core.release.ReleaseState;
import io.stamprelease.core.release.ReleaseStateFile;
import io.stamprelease.core.release.ReleaseStateStore;
import io.stamprelease.core.release.StampCluster;
import io.stamprelease.core.release.StampRollout;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseReports;
import io.stamprelease.core.report.ToolVersion;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp release`: thin over core's ReleaseRun — check everything, then run the plan wave by wave, resumably. */
@Command(name = "release", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a stamps.yaml release plan wave by wave, resumably.",
        "Per stamp: converge its AKS Engine cluster and scale its pools when the plan gives it a cluster:, drain its traffic, helm upgrade with fail-fast watch, rollback and smoke probe, restore traffic stepwise "
            + "with bake; stamps of a wave in parallel up to maxParallel; after each wave its gate. When maxFailedStamps "
            + "stamps failed, later waves are frozen. Progress is journaled to --state after every task: re-run the same "
            + "command to continue after a crash."})
public final class ReleaseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The release plan (stamps.yaml).")
  Path plan;

  @Option(names = "--config", defaultValue = "hubs.yaml", paramLabel = "FILE", description = "Hubs file. Default: ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--state", paramLabel = "FILE", description = "State file (journal); continued when it exists. Default: "
      + "release-state.json beside the plan.")
  Path state;

  @Option(names = "--from", paramLabel = "STAMP", description = "Run again from this stamp: it and every later stamp (and their waves' gates) start over.")
  String from;

  @Option(names = "--auto-approve", description = "Approve every gate automatically (recorded as auto-approve by you). For demos.")
  boolean autoApprove;

  @Option(names = "--approvals", paramLabel = "FILE", description = "Scripted gate answers: a YAML list of {wave, user, decision, comment}.")
  Path approvals;

  @Option(names = "--out", paramLabel = "DIR", description = "Where release.json goes. Default: the state file's directory.")
  Path out;

  @Option(names = "--dns-wait", paramLabel = "DURATION",
      description = "Replace the DNS wait computed from the traffic profile (TTL, probe interval × tolerated failures).")
  String dnsWait;

  @Option(names = "--poll", paramLabel = "DURATION", description = "How often the traffic health gate reads the provider. Default: "
      + TrafficShiftInput.DEFAULT_POLL + ".")
  String poll;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "How long each stamp's rollout may take to become ready. Default: "
      + HelmRolloutInput.DEFAULT_TIMEOUT + ".")
  String timeout;

  @Option(names = "--cluster-poll", paramLabel = "DURATION", description = "How often the cluster phases look at nodes and drains "
      + "(akseDeploy's and akseScale's poll interval). Default: theirs.")
  String clusterPoll;

  @Option(names = "--dry-run", description = "Print the plan of the whole release and write nothing: per stamp the cluster's what-if (validate "
      + "where the hub has none), each pool's scale, the chart's diff against the live release, the traffic before and after each step with "
      + "its DNS wait, the gates, and the estimated duration.")
  boolean dryRun;

  @Option(names = "--output", defaultValue = "text", paramLabel = "text|json", description = "Result format on stdout. Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> {
      if (autoApprove && approvals != null) {
        throw InvalidInputException.of("release", ReleaseField.APPROVALS, "give either --auto-approve or --approvals FILE, not both");
      }
      if (!Files.isReadable(plan)) {
        throw InvalidInputException.of("release", ReleaseField.PLAN, "cannot read '" + plan + "'");
      }
      if (!Files.isReadable(config)) {
        throw InvalidInputException.of("release", HubsFile.Field.CONFIG, "cannot read hubs file '" + config
            + "' (run `stamp sim --dir DIR` and pass DIR/hubs.yaml)");
      }
      HubsFile hubs = HubsFile.load(config, System.getenv());
      ReleaseOptions options = new ReleaseOptions(dnsWait, poll, timeout, null, null, clusterPoll);
      ReleaseSetup setup = ReleaseSetup.load(plan, hubs, options, console::progress);
      // every stamp's step inputs with these options, before the first drain (a dry run is judged as a run would be)
      ReleasePreflight.check(setup, options);
      if (dryRun) {
        // before the first Helm call: the Go runtime copies the environment when the native library loads
        HelmProcessEnvironment.prepare();
        return ReleasePlanView.of(ReleasePreview.of(setup, options, console::progress));
      }
      String requester = PromptGate.currentUser();
      Clock clock = Clock.systemUTC();
      GateAnswers answers = autoApprove ? GateAnswers.AUTO_APPROVE
          : approvals != null ? ApprovalsFile.load(approvals, setup.plan(), requester, clock)
          : new PromptGate(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), spec.commandLine().getErr(), requester, clock);
      Path stateFile = state != null ? state : plan.toAbsolutePath().resolveSibling("release-state.json");
      return run(console, new ProgressDisplay(console, spec.commandLine().getErr(), ProgressDisplay.isTerminal()), setup, stateFile,
          out, answers, requester, from, options, new Engine.Cancellation());
    });
  }

  /**
   * Everything after the checks: take the release's one-writer lock (another run of it → invalid input, nothing written),
   * prepare the state (invalid input → nothing written), run, write release.json, summarize. The lock is held to the end.
   */
  public static CommandResult run(Console console, ReleaseListener display, ReleaseSetup setup, Path stateFile, Path outDir, GateAnswers answers,
      String requester, String from, ReleaseOptions options, Engine.Cancellation cancellation) {
    Path dir = outDir != null ? outDir : stateFile.toAbsolutePath().getParent();
    ReleaseStart.checkWhereItWrites(stateFile, dir);
    ReleaseStateFile file = new ReleaseStateFile(stateFile);
    try (ExclusiveLock writer = ReleaseStateStore.lock(file, "stamp release")) {
      return runLocked(console, display, setup, file, dir, answers, requester, from, options, cancellation);
    }
  }

  private static CommandResult runLocked(Console console, ReleaseListener display, ReleaseSetup setup, ReleaseStateFile file, Path dir,
      GateAnswers answers, String requester, String from, ReleaseOptions options, Engine.Cancellation cancellation) {
    Path stateFile = file.path();
    ReleaseState state = ReleaseStart.prepare(setup.plan(), setup.planFile().toString(), setup.planDigest(), file, requester, from,
        ToolVersion.of("stamp"), Clock.systemUTC().instant());
    if (file.exists()) {
      console.progress("continuing release " + state.release + " from " + stateFile);
    }
    // before the first Helm call: the Go runtime copies the environment when the native library loads
    HelmProcessEnvironment.prepare();
    Thread hook = new Thread(cancellation::cancel, "stamp-release-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    ReleaseState end;
    try {
      Clock clock = Clock.systemUTC();
      ReleaseContext context = new ReleaseContext(setup.plan(), setup.planFile().toAbsolutePath().getParent(), setup.traffic(), setup.profile(),
          options, new ReleaseStateStore(file, state), display, clock, Sleeper.system(clock), cancellation, StampRollout.HELM,
          NodeCounter.KUBERNETES, StampCluster.arm(setup.hubs()::hub, console::progress));
      end = new ReleaseRun(context, setup.targets(), answers, record -> ReleaseReports.write(record, dir)).run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook has cancelled the run
      }
    }
    return result(end, stateFile, dir.resolve(ReleaseReports.JSON_FILE));
  }

  static CommandResult result(ReleaseState s, Path stateFile, Path releaseJson) {
    StringBuilder text = new StringBuilder();
    text.append("release ").append(s.release).append(": ").append(s.result).append(s.message == null ? "" : " - " + s.message).append('\n');
    for (ReleaseState.StampProgress sp : s.stamps.values()) {
      text.append(String.format("  %-10s %-8s %-10s %s%n", sp.stamp, sp.wave, sp.phase, sp.message == null ? "" : sp.message));
    }
    for (ReleaseState.WaveProgress w : s.waves.values()) {
      if (w.gateOpened != null) {
        text.append(String.format("  gate %-8s %s %s%n", w.wave, w.gateDecision == null ? "PENDING" : w.gateDecision,
            String.join(", ", w.answers.stream().map(a -> a.user() + " " + a.decision().name().toLowerCase()).toList())));
      }
    }
    text.append("state: ").append(stateFile).append('\n').append("release.json: ").append(releaseJson).append('\n')
        .append("release-report.html: ").append(releaseJson.resolveSibling(ReleaseReports.HTML_FILE));
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = json.createObjectNode().put("result", s.result.name()).put("message", s.message).put("state", stateFile.toString())
        .put("releaseJson", releaseJson.toString()).put("releaseReport", releaseJson.resolveSibling(ReleaseReports.HTML_FILE).toString());
    try {
      // release.json's own serializer: ISO instants, schemaVersion, the same field order
      node.set("record", json.readTree(ReleaseJson.toJson(s.toRecord())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("ReleaseJson wrote JSON it cannot read back", e);
    }
    int exit = s.result == ReleaseRecord.Result.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
    return new CommandResult(exit, text.toString(), node);
  }
}
