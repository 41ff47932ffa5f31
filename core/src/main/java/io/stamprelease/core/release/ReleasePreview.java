package io.stamprelease.core.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.input.Durations;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksedeploy.AkseDeploySteps;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.traffic.DnsWait;
import io.stamprelease.core.traffic.DnsWaits;
import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.EffectiveShares;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.Guardrails;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.PlannedStep;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code stamp release --dry-run}: what the release would do, stamp by stamp in wave order, from reads only — the cluster
 * as ARM's what-if sees it (or its {@code validate} where the hub serves no what-if, compared with the deployment of the
 * same name), each pool's scale as akseScale plans it, the chart against the live release (helmRollout's dry run), the
 * traffic before and after each change with its DNS wait and bake, the gates, and the release's duration from the plan:
 * its floor (DNS waits and bakes, which nothing can shorten) and its ceiling (plus every step's timeout). Sends nothing
 * but reads, ARM's side-effect-free {@code validate}/{@code whatIf}, and Helm's server-side dry run; writes no file.
 */
public final class ReleasePreview {
  /** The whole release's plan. {@code trafficNow}: the profile as read, one entry per endpoint. */
  public record Preview(String release, String profile, Map<String, String> trafficNow, List<WavePlan> waves, Estimate estimate) {
  }

  /** A wave: its stamps' plans and the gate after it (null: none). */
  public record WavePlan(String wave, int maxParallel, List<StampPlan> stamps, String gate, Duration floor, Duration ceiling) {
  }

  /**
   * One stamp: what happens to its cluster, each pool, its app, and its traffic (rows in order), and its own floor and
   * ceiling. {@code cluster}/{@code scale} are empty for a stamp without {@code cluster:}.
   */
  public record StampPlan(String stamp, String hub, List<String> cluster, List<String> scale, List<String> app, List<TrafficRow> traffic,
      Duration floor, Duration ceiling) {
  }

  /**
   * One traffic change: its label, every endpoint's setting and effective share after it (or "no change"), the wait after
   * it with its arithmetic, and the guardrails' refusals against the profile as it would be then (none: it would be sent).
   */
  public record TrafficRow(String step, Map<String, String> after, String dnsWait, Duration waitTime, Duration bake, List<String> refusals) {
  }

  /** The release's duration from the plan, with the arithmetic a person can check. */
  public record Estimate(Duration floor, Duration ceiling, int gates, String arithmetic) {
  }

  private final ReleaseSetup setup;
  private final ReleaseOptions options;
  private final Consumer<String> progress;
  private final Map<String, HubConnection> hubs = new LinkedHashMap<>();

  private ReleasePreview(ReleaseSetup setup, ReleaseOptions options, Consumer<String> progress) {
    this.setup = setup;
    this.options = options;
    this.progress = progress;
  }

  /** Plans the release of {@code setup} (already checked) with the run's {@code options}. */
  public static Preview of(ReleaseSetup setup, ReleaseOptions options, Consumer<String> progress) throws IOException {
    return new ReleasePreview(setup, options, progress).preview();
  }

  private Preview preview() throws IOException {
    ReleasePlan plan = setup.plan();
    TrafficState traffic = setup.traffic().read();
    Map<String, String> now = describe(traffic);
    Duration dnsOverride = options.dnsWait() == null ? null : Durations.parse(options.dnsWait()).orElse(null);
    Duration helmTimeout = Durations.parse(options.helmTimeout() == null ? HelmRolloutInput.DEFAULT_TIMEOUT : options.helmTimeout()).orElseThrow();
    List<WavePlan> waves = new ArrayList<>();
    Duration floor = Duration.ZERO;
    Duration ceiling = Duration.ZERO;
    int gates = 0;
    for (int w = 0; w < plan.waves().size(); w++) {
      ReleasePlan.Wave wave = plan.waves().get(w);
      List<StampPlan> stamps = new ArrayList<>();
      for (String name : wave.stamps()) {
        progress.accept("planning " + name);
        StampTarget target = setup.targets().get(name);
        ClusterView cluster = target.cluster() == null ? ClusterView.NONE : cluster(name, target);
        List<String> app = app(name, target, cluster);
        List<TrafficRow> rows = new ArrayList<>();
        traffic = traffic(traffic, plan.stamp(name).trafficEndpoint(), plan, dnsOverride, rows);
        Duration stampFloor = rows.stream().map(r -> r.waitTime().plus(r.bake())).reduce(Duration.ZERO, Duration::plus);
        Duration stampCeiling = stampFloor.plus(helmTimeout).plus(cluster.timeouts());
        stamps.add(new StampPlan(name, target.hub(), cluster.lines(), cluster.scale(), app, rows, stampFloor, stampCeiling));
      }
      Duration waveFloor = Duration.ZERO;
      Duration waveCeiling = Duration.ZERO;
      for (int i = 0; i < stamps.size(); i += wave.maxParallel()) {
        List<StampPlan> batch = stamps.subList(i, Math.min(stamps.size(), i + wave.maxParallel()));
        waveFloor = waveFloor.plus(batch.stream().map(StampPlan::floor).max(Duration::compareTo).orElse(Duration.ZERO));
        waveCeiling = waveCeiling.plus(batch.stream().map(StampPlan::ceiling).max(Duration::compareTo).orElse(Duration.ZERO));
      }
      boolean gated = wave.gate() != null && w < plan.waves().size() - 1;
      String gate = null;
      if (gated) {
        gates++;
        gate = wave.gate().minApprovals() + " of " + String.join(", ", wave.gate().approvers()) + " within " + Durations.human(wave.gate().timeout())
            + (wave.gate().allowRequester() ? " (the requester may approve)" : "");
        waveCeiling = waveCeiling.plus(wave.gate().timeout());
      }
      floor = floor.plus(waveFloor);
      ceiling = ceiling.plus(waveCeiling);
      waves.add(new WavePlan(wave.name(), wave.maxParallel(), stamps, gate, waveFloor, waveCeiling));
    }
    String arithmetic = "floor: per stamp its DNS waits and bakes, a wave's slowest stamp per batch of maxParallel, waves one after the other"
        + (gates == 0 ? "" : ", plus the time people take at " + gates + " gate(s)") + "; ceiling: plus every rollout's timeout ("
        + Durations.human(helmTimeout) + "), every cluster step's timeout where the cluster changes, and every gate's expiry";
    return new Preview(plan.name(), setup.profile(), now, waves, new Estimate(floor, ceiling, gates, arithmetic));
  }

  // ---- cluster ---------------------------------------------------------------------------------------------------

  /** What the cluster phases would do: {@code exists} false when the cluster (its resource group) is not there yet. */
  private record ClusterView(List<String> lines, List<String> scale, boolean exists, Duration timeouts) {
    static final ClusterView NONE = new ClusterView(List.of(), List.of(), true, Duration.ZERO);
  }

  private ClusterView cluster(String stamp, StampTarget target) {
    ClusterTarget cluster = target.cluster();
    AkseDeployRequest preview = cluster.deployInput(options).whatIf(true).validate();
    Duration deployTimeout = Durations.parse(AkseDeployInput.DEFAULT_TIMEOUT).orElseThrow();
    Duration scaleTimeout = Durations.parse(AkseScaleInput.DEFAULT_TIMEOUT).orElseThrow();
    List<String> lines = new ArrayList<>();
    List<String> scale = new ArrayList<>();
    ArmClient arm = hub(cluster.hub()).arm();
    if (!exists(arm, arm.resourceGroupPath(cluster.resourceGroup()), "resourceGroups")) {
      lines.add("would be created: resource group " + cluster.resourceGroup() + " does not exist on hub " + cluster.hub() + "; deployment "
          + preview.name() + " would create " + preview.shape().pools());
      cluster.nodes().forEach((pool, count) -> scale.add(pool + ": " + preview.shape().pools().getOrDefault(pool, 0) + " -> " + count
          + " nodes after the deployment creates it" + (count.equals(preview.shape().pools().get(pool)) ? " (nothing to scale)" : "")));
      return new ClusterView(lines, scale, false, deployTimeout.plus(scaleTimeout.multipliedBy(cluster.nodes().size())));
    }
    Engine engine = new Engine(Clock.systemUTC(), io.stamprelease.core.engine.Sleeper.system(Clock.systemUTC()), e -> { });
    io.stamprelease.core.engine.Step<AkseDeployState> step = AkseDeploySteps.plan(arm, preview);
    Outcome<AkseDeployState> o = engine.run(step, engine.start(step, AkseDeploySteps.initialState(preview)), stamp, new Engine.Cancellation());
    AkseDeployResult result = AkseDeployResult.of(cluster.hub(), preview, o);
    boolean changes;
    if (!o.succeeded()) {
      lines.add("ARM refused the preview: " + o.message());
      changes = true;
    } else if ("what-if".equals(result.preview())) {
      Map<String, Integer> byChange = result.changes() == null ? Map.of() : result.changes();
      changes = byChange.keySet().stream().anyMatch(k -> !k.equals("NoChange") && !k.equals("Ignore"));
      lines.add((changes ? "would change" : "unchanged") + " (what-if of deployment " + preview.name() + ": " + (byChange.isEmpty() ? "no changes"
          : byChange) + ")");
    } else {
      JsonNode existing = read(arm, arm.resourceGroupPath(cluster.resourceGroup()) + "/providers/Microsoft.Resources/deployments/" + preview.name());
      String state = existing == null ? null : existing.at("/properties/provisioningState").asText("");
      // the rule akseDeploy's submit applies: our own input hash on the deployment, not ARM's templateHash
      changes = existing == null || !preview.deployedAs(existing);
      lines.add(existing == null ? "would be deployed: no deployment " + preview.name() + " yet (hub " + cluster.hub() + " serves no what-if: "
          + result.whatIfUnavailable() + "; ARM's validate accepts the template)"
          : changes ? "would be updated: deployment " + preview.name() + " is " + state + " with other parameters or template (validate, "
          + "the hub serves no what-if)"
          : "unchanged: deployment " + preview.name() + " Succeeded with this template and these parameters (input hash "
          + preview.inputHash().substring(0, 12) + "); no PUT would be sent (validate, the hub serves no what-if)");
    }
    Duration timeouts = changes ? deployTimeout : Duration.ZERO;
    for (Map.Entry<String, Integer> pool : cluster.nodes().entrySet()) {
      String line;
      try (KubernetesClient kube = KubeClients.fromKubeconfig(target.kubeconfig())) {
        ScaleRequest request = cluster.scaleInput(pool.getKey(), pool.getValue(), target.kubeconfig(), options).validate();
        ScaleState plan = AkseScale.plan(request, arm, kube);
        int removed = (int) plan.removals().stream().filter(ScaleState.NodeRemoval::counted).count();
        line = pool.getKey() + ": " + plan.before() + " -> " + plan.after() + " nodes" + (plan.noOp() ? " (nothing to do; no write)"
            : plan.mode() == ScaleState.Mode.SCALE_OUT ? " (+" + plan.added().size() + ": " + String.join(", ", plan.added()) + ")"
            : " (-" + removed + ": " + String.join(", ", plan.removals().stream().map(ScaleState.NodeRemoval::node).toList())
            + ", cordoned and drained through the Eviction API while the stamp serves)");
        plan.notes().forEach(n -> scale.add(pool.getKey() + ": " + n));
        if (!plan.noOp()) {
          timeouts = timeouts.plus(scaleTimeout);
        }
      } catch (InvalidInputException | io.stamprelease.core.engine.TerminalException e) {
        line = pool.getKey() + ": cannot plan: " + e.getMessage();
      }
      scale.add(line);
    }
    return new ClusterView(lines, scale, true, timeouts);
  }

  private static boolean exists(ArmClient arm, String path, String type) {
    try {
      arm.get(path, type);
      return true;
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return false;
      }
      throw e;
    }
  }

  private static JsonNode read(ArmClient arm, String path) {
    try {
      return arm.get(path, "Microsoft.Resources/deployments").body();
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return null;
      }
      throw e;
    }
  }

  private HubConnection hub(String name) {
    return hubs.computeIfAbsent(name, n -> HubConnection.open(setup.hubs().hub(n), progress));
  }

  // ---- app -------------------------------------------------------------------------------------------------------

  private List<String> app(String stamp, StampTarget target, ClusterView cluster) {
    ReleasePlan.App app = setup.plan().app();
    if (!cluster.exists()) {
      return List.of("first install of " + app.release() + " (revision 1) once the cluster is up: nothing to compare with");
    }
    HelmRolloutInput input = StampInputs.helmInput(setup.plan(), setup.planFile().toAbsolutePath().getParent(), stamp, target, options)
        .dryRun(true);
    try (HelmRollout rollout = new HelmRollout(input.validate())) {
      HelmRollout.DryRunReport report = rollout.dryRun();
      List<String> lines = new ArrayList<>();
      lines.add(report.liveRevision() == null ? "first install of " + report.release() + " in " + report.namespace() + " (revision "
          + report.wouldBeRevision() + ")" : report.release() + " revision " + report.liveRevision() + " -> " + report.wouldBeRevision() + ": "
          + (report.changes().isEmpty() ? "no change to any object" : String.join(", ", report.changes())));
      lines.add("images: " + String.join(", ", report.images()));
      return lines;
    } catch (RuntimeException e) {
      return List.of("cannot compare with the live release: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  // ---- traffic ---------------------------------------------------------------------------------------------------

  /**
   * The drain and the stepwise restore of {@code endpoint}, each change checked by the guardrails against the profile as it
   * would be then, assuming the stamp comes Online after its rollout (a failed stamp would stay drained). Returns the
   * profile after the stamp.
   */
  private TrafficState traffic(TrafficState state, String endpoint, ReleasePlan plan, Duration dnsOverride, List<TrafficRow> rows) {
    GuardrailPolicy policy = new GuardrailPolicy(GuardrailPolicy.DEFAULT_MAX_STEP_PERCENT);
    EndpointSetting restoreTo = StampInputs.restoreTarget(state, endpoint);
    EndpointState e = state.endpoint(endpoint).orElseThrow();
    if (!e.enabled()) {
      rows.add(new TrafficRow("drain " + endpoint + ": already disabled, nothing sent", Map.of(), "", Duration.ZERO, Duration.ZERO, List.of()));
    } else {
      state = change(state, StepPlan.drain(state, endpoint, DrainMode.DISABLE).steps().get(0), "drain " + endpoint, policy, dnsOverride,
          Duration.ZERO, rows);
    }
    for (PlannedStep step : StepPlan.restoreStepwise(state, endpoint, restoreTo, plan.traffic().restoreSteps()).steps()) {
      state = change(state, step, step.label(), policy, dnsOverride, step.kind() == PlannedStep.Kind.PROBE ? Duration.ZERO
          : plan.traffic().bake(), rows);
    }
    return state;
  }

  private TrafficState change(TrafficState before, PlannedStep step, String label, GuardrailPolicy policy, Duration dnsOverride, Duration bake,
      List<TrafficRow> rows) {
    TrafficChange change = TrafficChange.of(step.settings(), "dry-run", label);
    List<String> refusals = Guardrails.check(before, change, policy);
    DnsWait wait = step.kind() == PlannedStep.Kind.PROBE ? DnsWaits.forMonitorTransition(before.timing()) : DnsWaits.after(before, change);
    wait = DnsWaits.overridden(wait, dnsOverride);
    // as the provider will report it: a disabled endpoint Disabled, an enabled one Online (the dry run assumes the stamp's app is healthy)
    TrafficState after = before.with(change);
    after = after.withEndpoints(after.endpoints().stream().map(x -> x.withMonitor(!x.enabled() ? MonitorStatus.Disabled
        : change.desired().containsKey(x.name()) ? MonitorStatus.Online : x.monitor())).toList());
    rows.add(new TrafficRow(label + (step.kind() == PlannedStep.Kind.PROBE ? " (then wait for the monitor to say Online)" : ""),
        describe(after), wait.describe(), wait.total(), bake, refusals));
    return after;
  }

  /** Each endpoint: {@code weight (share %)}, or {@code off} when disabled. */
  static Map<String, String> describe(TrafficState state) {
    EffectiveShares shares = EffectiveShares.of(state);
    Map<String, String> out = new LinkedHashMap<>();
    for (EndpointState e : state.endpoints()) {
      out.put(e.name(), !e.enabled() ? "off (" + e.weight() + ")" : e.weight() + " (" + Math.round(shares.of(e.name())) + "%, " + e.monitor() + ")");
    }
    return out;
  }
}
