package io.stamprelease.cli.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.input.FieldLabels;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.trafficshift.ShiftOptions;
import io.stamprelease.core.steps.trafficshift.ShiftPlan;
import io.stamprelease.core.steps.trafficshift.ShiftReport;
import io.stamprelease.core.steps.trafficshift.TrafficProviders;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftPlanner;
import io.stamprelease.core.steps.trafficshift.TrafficShiftRequest;
import io.stamprelease.core.steps.trafficshift.TrafficShiftResult;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.core.steps.trafficshift.TrafficShiftStep;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp shift`: thin over core's trafficShift — parse flags, pre-flight plan, run the step, print the report. */
@Command(name = "shift", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Shift DNS traffic between stamps (Traffic Manager or F5 BIG-IP DNS) with stepwise plans and guardrails.",
        "Give exactly one operation: --set, --drain, --restore or --shift-to. Bad input and guardrail refusals exit 2 before any write."})
public final class ShiftCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--config", defaultValue = "hubs.yaml", description = "Hubs file (the format `stamp sim` writes). Default: ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--provider", description = "azure-traffic-manager | f5-gtm. Default: the one the hubs file configures, when it "
      + "configures exactly one (publicAzure.trafficManager or gslb).")
  String provider;

  @Option(names = "--profile", description = "Traffic Manager profile id, or F5 pool /<partition>/<pool>. Default: the one in the hubs file.")
  String profile;

  @ArgGroup(exclusive = true, multiplicity = "1")
  OperationOptions operation;

  static final class OperationOptions {
    @Option(names = "--set", description = "Weights in percent (or raw 1-1000 with --raw), e.g. seattle=90,denver=10; 0 disables.")
    String set;

    @Option(names = "--drain", description = "Take this stamp out (see --drain-mode).")
    String drain;

    @Option(names = "--restore", description = "Bring a drained stamp back (probed at weight 1 first when it was disabled).")
    String restore;

    @Option(names = "--shift-to", description = "Shift traffic toward this stamp in --steps.")
    String shiftTo;
  }

  @Option(names = "--raw", description = "--set values are provider weights 1-1000, not percentages.")
  boolean raw;

  @Option(names = "--drain-mode", description = "disable (default) | minimum-weight")
  String drainMode;

  @Option(names = "--steps", description = "Target share per step in percent, e.g. 10,50,100.")
  String steps;

  @Option(names = "--partial", description = "--shift-to may end below 100 % (a canary that stays).")
  boolean partial;

  @Option(names = "--bake", paramLabel = "DURATION", description = "Health gate after each step, e.g. 5m. Default: none.")
  String bake;

  @Option(names = "--max-step", description = "Largest share move per change, in points. Default: "
      + GuardrailPolicy.DEFAULT_MAX_STEP_PERCENT + ".")
  Integer maxStep;

  @Option(names = "--wait", paramLabel = "DURATION",
      description = "Replace the DNS wait computed from the profile (TTL, probe interval, tolerated failures, timeout).")
  String waitOverride;

  @Option(names = "--poll", paramLabel = "DURATION", description = "How often the gate reads health. Default: " + TrafficShiftInput.DEFAULT_POLL + ".")
  String poll;

  @Option(names = "--probe-url", description = "During bake this URL must also answer 2xx.")
  String probeUrl;

  @Option(names = "--dry-run", description = "Print the current and planned weights; write nothing.")
  boolean dryRun;

  @Option(names = "--reason", description = "Why (kept in the change records).")
  String reason;

  @Option(names = "--output", defaultValue = "text", description = "text | json")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, LABELS, () -> run(console));
  }

  private CommandResult run(Console console) throws Exception {
    // Every problem at once, judged before anything is contacted: the hubs file's (it gives the provider and profile
    // defaults) and the shift's
    Problems problems = new Problems("shift");
    HubsFile hubs = problems.check(Files.isReadable(config), HubsFile.Field.CONFIG, "cannot read hubs file '" + config
        + "' (run `stamp sim --dir DIR` and pass DIR/hubs.yaml)") ? problems.attempt(() -> HubsFile.load(config, System.getenv())) : null;
    TrafficShiftInput input = new TrafficShiftInput().provider(provider).profile(profile).set(operation.set).drain(operation.drain)
        .restore(operation.restore).shiftTo(operation.shiftTo).raw(raw).drainMode(drainMode).steps(steps).partial(partial).bake(bake)
        .maxStep(maxStep).waitOverride(waitOverride).poll(poll).probeUrl(probeUrl).actor(System.getenv().getOrDefault("USER", "unknown"))
        .reason(reason);
    if (hubs != null && provider == null) {
      Optional<ProviderType> configured = TrafficProviders.configuredIn(hubs);
      problems.check(configured.isPresent(), TrafficShiftInput.Field.PROVIDER, "is required: the hubs file configures "
          + (hubs.gslb().isPresent() ? "both Traffic Manager and a GSLB" : "no traffic provider") + " (give azure-traffic-manager or f5-gtm)");
      configured.ifPresentOrElse(t -> input.provider(t.value()), input::providerUnknown);
    }
    if (hubs != null && profile == null && input.providerType() != null) {
      TrafficProviders.profileIn(hubs, input.providerType()).ifPresent(input::profile);
    }
    if (hubs != null && hubs.gslb().isEmpty()) {
      input.noGslbConnection();
    }
    TrafficShiftRequest request = problems.attempt(input::validate);
    problems.throwIfAny();
    TrafficProvider traffic = TrafficProviders.open(request, hubs, console::progress);
    ShiftPlan plan = TrafficShiftPlanner.plan(traffic, request);
    plan.warnings().forEach(w -> console.progress("warning: " + w));
    if (dryRun) {
      return dryRunResult(plan);
    }
    Outcome<TrafficShiftState> outcome = CommandSupport.runStep(console, TrafficShiftStep.create(traffic, ShiftOptions.of(request), plan),
        plan.initialState(), null);
    ObjectNode json = JSON.createObjectNode().put("status", outcome.status().name()).put("message", outcome.message());
    json.set("result", JSON.valueToTree(TrafficShiftResult.of(request.provider().value(), request.profile(), outcome.state()).toPlainMap()));
    return new CommandResult(outcome.status().exitCode(), outcome.status() + ": " + outcome.message(), json);
  }

  /** The fields whose flag is not their key in kebab case: the operation, and the connections the hubs file gives. */
  static final FieldLabels LABELS = FieldLabels.FLAGS.with(Map.of(TrafficShiftInput.Field.OPERATION, "--set/--drain/--restore/--shift-to",
      TrafficShiftInput.Field.GSLB, "--config gslb", TrafficShiftInput.Field.HUB, "--config publicAzure"));

  private static CommandResult dryRunResult(ShiftPlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add("dry run: nothing was written. " + plan.current().provider() + " " + plan.current().profile() + " (" + (plan.current().etag() == null
        ? "no ETag: writes are read-compare-write" : "etag " + plan.current().etag()) + ")");
    lines.add(plan.table());
    lines.add("DNS wait after a weight change: " + DnsWaits.afterWeightChange(plan.current().timing()).describe());
    lines.add("DNS wait after an enable/disable: " + DnsWaits.afterEnableOrDisable(plan.current().timing()).describe());
    ObjectNode json = JSON.createObjectNode().put("dryRun", true);
    json.setAll((ObjectNode) JSON.valueToTree(ShiftReport.dryRun(plan)));
    return new CommandResult(ExitCode.OK, String.join(System.lineSeparator(), lines), json);
  }
}
