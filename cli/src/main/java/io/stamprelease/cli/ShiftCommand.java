package io.stamprelease.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.hub.HubConnection;
import io.stamprelease.core.hub.HubsFile;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficShiftInput;
import io.stamprelease.core.traffic.TrafficShiftRequest;
import io.stamprelease.core.traffic.TrafficShiftValidator;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.core.traffic.tasks.HealthProbe;
import io.stamprelease.core.traffic.tasks.ShiftOptions;
import io.stamprelease.core.traffic.tasks.ShiftPlan;
import io.stamprelease.core.traffic.tasks.ShiftReport;
import io.stamprelease.core.traffic.tasks.TrafficShiftPlanner;
import io.stamprelease.core.traffic.tasks.TrafficShiftState;
import io.stamprelease.core.traffic.tasks.TrafficShiftStep;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `stamp shift`: thin over core's trafficShift — parse flags, pre-flight plan, run the step, print the report. */
@Command(name = "shift", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Shift DNS traffic between stamps (Traffic Manager or F5 BIG-IP DNS) with stepwise plans and guardrails.",
        "Give exactly one operation: --set, --drain, --restore or --shift-to. Bad input and guardrail refusals exit 2 before any write."})
final class ShiftCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Option(names = "--config", defaultValue = "hubs.yaml", description = "Hubs file (the format `stamp sim` writes). Default: ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--provider", required = true, description = "azure-traffic-manager | f5-gtm")
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

  @Option(names = "--bake", converter = DurationConverter.class, description = "Health gate after each step, e.g. 5m. Default: none.")
  Duration bake;

  @Option(names = "--max-step", description = "Largest share move per change, in points. Default: 50.")
  Integer maxStep;

  @Option(names = "--wait", converter = DurationConverter.class, description = "Replace the DNS wait computed from the profile (TTL, probe interval, tolerated failures, timeout).")
  Duration waitOverride;

  @Option(names = "--poll", converter = DurationConverter.class, defaultValue = "10s", description = "How often the gate reads health. Default: ${DEFAULT-VALUE}.")
  Duration poll;

  @Option(names = "--probe-url", description = "During bake this URL must also answer 2xx.")
  URI probeUrl;

  @Option(names = "--dry-run", description = "Print the current and planned weights; write nothing.")
  boolean dryRun;

  @Option(names = "--reason", description = "Why (kept in the change records).")
  String reason;

  @Option(names = "--output", defaultValue = "text", description = "text | json")
  String output;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    return CommandSupport.execute(console, output, () -> run(console));
  }

  private CommandResult run(Console console) throws Exception {
    if (poll.isZero() || poll.isNegative()) {
      throw new IllegalArgumentException("--poll must be more than 0 (was " + poll + ")");
    }
    // The flags are judged before the hubs file is even read: every problem in one message, nothing contacted.
    validate(profile != null ? profile : "(from the hubs file)");
    if (!Files.isReadable(config)) {
      throw new IllegalArgumentException("--config: cannot read hubs file '" + config + "' (run `stamp sim --dir DIR` and pass DIR/hubs.yaml)");
    }
    HubsFile hubs = HubsFile.load(config, System.getenv());
    TrafficShiftRequest request = validate(profileFor(ProviderType.parse(provider).orElseThrow(), hubs));
    TrafficProvider traffic = open(request, hubs, console);
    ShiftPlan plan = TrafficShiftPlanner.plan(traffic, request);
    plan.warnings().forEach(w -> console.progress("warning: " + w));
    if (dryRun) {
      return dryRunResult(plan);
    }
    ShiftOptions options = new ShiftOptions(request.policy(), request.bake(), poll, request.waitOverride(),
        probeUrl == null ? HealthProbe.NONE : HealthProbe.http(probeUrl), request.actor(), request.reason());
    Outcome<TrafficShiftState> outcome = CommandSupport.runStep(console, TrafficShiftStep.create(traffic, options, plan), plan.initialState(), null);
    ObjectNode json = JSON.createObjectNode().put("status", outcome.status().name()).put("message", outcome.message());
    json.set("result", JSON.valueToTree(ShiftReport.outputs(outcome.state())));
    return new CommandResult(outcome.status().exitCode(), outcome.status() + ": " + outcome.message(), json);
  }

  private TrafficShiftRequest validate(String profileId) {
    String actor = System.getenv().getOrDefault("USER", "unknown");
    return TrafficShiftValidator.validate(new TrafficShiftInput(operationName(), provider, profileId,
        operation.set, raw, operation.drain != null ? operation.drain : operation.restore != null ? operation.restore : operation.shiftTo,
        steps, partial, drainMode, bake, maxStep, waitOverride, actor, reason == null ? "stamp shift " + operationName() : reason));
  }

  private String operationName() {
    return operation.set != null ? "set-weights" : operation.drain != null ? "drain" : operation.restore != null ? "restore" : "shift";
  }

  private String profileFor(ProviderType type, HubsFile hubs) {
    if (profile != null) {
      return profile;
    }
    return type == ProviderType.AZURE_TRAFFIC_MANAGER ? hubs.trafficManagerProfileId().orElse(null)
        : hubs.gslb().map(g -> g.pool()).orElse(null);
  }

  private static TrafficProvider open(TrafficShiftRequest request, HubsFile hubs, Console console) {
    if (request.provider() == ProviderType.AZURE_TRAFFIC_MANAGER) {
      var publicAzure = hubs.publicAzure().orElseThrow(() -> new IllegalArgumentException(
          "--provider azure-traffic-manager: the hubs file has no publicAzure: section (Traffic Manager lives in public Azure)"));
      return new TrafficManagerProvider(HubConnection.open(publicAzure, console::progress).arm(), request.profile());
    }
    var gslb = hubs.gslb().orElseThrow(() -> new IllegalArgumentException("--provider f5-gtm: the hubs file has no gslb: section"));
    return F5GtmProvider.of(gslb, request.profile());
  }

  private static CommandResult dryRunResult(ShiftPlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add("dry run: nothing was written. " + plan.current().provider() + " " + plan.current().profile() + " (etag " + plan.current().etag() + ")");
    lines.add(plan.table());
    lines.add("DNS wait after a weight change: " + DnsWaits.afterWeightChange(plan.current().timing()).describe());
    lines.add("DNS wait after an enable/disable: " + DnsWaits.afterEnableOrDisable(plan.current().timing()).describe());
    ObjectNode json = JSON.createObjectNode().put("dryRun", true);
    json.setAll((ObjectNode) JSON.valueToTree(ShiftReport.dryRun(plan)));
    return new CommandResult(ExitCode.OK, String.join(System.lineSeparator(), lines), json);
  }
}
