package io.stamprelease.core.release;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.CheckpointCodec;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.steps.StepResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.steps.trafficshift.ShiftOptions;
import io.stamprelease.core.steps.trafficshift.ShiftPlan;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.steps.trafficshift.TrafficShiftPlanner;
import io.stamprelease.core.steps.trafficshift.TrafficShiftRequest;
import io.stamprelease.core.steps.trafficshift.TrafficShiftResult;
import io.stamprelease.core.steps.trafficshift.TrafficShiftState;
import io.stamprelease.core.steps.trafficshift.TrafficShiftStep;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One stamp's part of a release, as a state machine over {@link StampPhase}: when the plan gives the stamp a
 * {@code cluster:}, first converge its AKS Engine cluster (akseDeploy: nothing sent when ARM finds the deployment
 * unchanged) and set each pool to its count (akseScale: a scale-in drains nodes through the Eviction API while the stamp
 * still serves, its PodDisruptionBudgets protecting the app) — a failure there leaves the stamp serving, untouched; then
 * drain its traffic (trafficShift's drain) →
 * roll the chart out (helmRollout: fail-fast watch, rollback, smoke probe through the stamp's ingress) → restore its
 * traffic stepwise with bake ({@code restoreSteps} are shares of the weight it had before the drain). Each step is built
 * from the same input a Jenkins step or the CLI builds, and run by the engine; every checkpoint is journaled, so a run
 * killed at any moment continues from the saved phase and checkpoint: the rollout re-attaches to the revision it created,
 * a shift continues at its saved step, and a step not yet journaled is re-planned against what is live (a drain of an
 * endpoint already disabled, or a restore to the weight it already has, sends nothing).
 *
 * <p>A failed stamp stays where it failed: drained, its release rolled back; traffic stays on the healthy stamps.
 */
final class StampProcedure {
  private final ReleaseContext ctx;
  private final String stamp;
  private final StampTarget target;
  private final String endpoint;

  StampProcedure(ReleaseContext ctx, String stamp, StampTarget target) {
    this.ctx = ctx;
    this.stamp = stamp;
    this.target = target;
    this.endpoint = ctx.plan().stamp(stamp).trafficEndpoint();
  }

  /** Runs (or continues) the stamp until it ends or the release is cancelled. */
  void run() {
    try {
      if (phase() == StampPhase.PENDING) {
        if (target.cluster() != null) {
          enter(StampPhase.CONVERGING, LanePhase.CLUSTER, "converging the cluster (akseDeploy)", sp -> { });
        } else {
          startDrain();
        }
      }
      if (phase() == StampPhase.CONVERGING && !converge()) {
        return;
      }
      if (phase() == StampPhase.SCALING && !scale()) {
        return;
      }
      if (phase() == StampPhase.DRAINING && !drain()) {
        return;
      }
      if (phase() == StampPhase.ROLLING_OUT && !rollout()) {
        return;
      }
      if (phase() == StampPhase.RESTORING) {
        restore();
      }
    } catch (RuntimeException | IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      LanePhase lane = lane();
      StampPhase at = phase();
      fail(lane == null ? LanePhase.PREPARE : lane, message + (at == StampPhase.CONVERGING || at == StampPhase.SCALING ? notDrained() : ""),
          null);
    }
  }

  // ---- the phases ----------------------------------------------------------------------------------------------

  /** Converges the cluster (akseDeploy); false when the stamp stops here (failed or cancelled). */
  private boolean converge() throws IOException {
    ClusterTarget cluster = target.cluster();
    AkseDeployRequest request = cluster.deployInput(ctx.options()).validate();
    Outcome<AkseDeployState> o = ctx.clusters().converge(cluster.hub(), request, ctx.engine(this::progress), checkpoint(AkseDeployState.class),
        stamp, ctx.cancellation(), cp -> journal(cp, 0));
    if (o.status() == Outcome.Status.CANCELLED) {
      return false;
    }
    ctx.store().update(s -> s.stamps.get(stamp).checkpoint = null);
    AkseDeployResult result = AkseDeployResult.of(cluster.hub(), request, o);
    if (!o.succeeded()) {
      fail(LanePhase.CLUSTER, o.message() + notDrained(), result);
      return false;
    }
    end(LanePhase.CLUSTER, Outcome.Status.SUCCEEDED, o.message(), result);
    if (cluster.nodes().isEmpty()) {
      startDrain();
    } else {
      enter(StampPhase.SCALING, LanePhase.SCALE, "scaling " + cluster.nodes(), sp -> { });
    }
    return true;
  }

  /**
   * Sets each pool of the plan to its count (akseScale), in the plan's order, one "scale" lane phase per pool; a pool at
   * its count is planned (reads only) and nothing is written. After a crash, the pool of the saved checkpoint continues
   * from it (the pools before it are done) and the later ones are planned afresh. False when the stamp stops here.
   */
  private boolean scale() throws IOException {
    ClusterTarget cluster = target.cluster();
    Checkpoint<ScaleState> saved = checkpoint(ScaleState.class);
    boolean reached = saved == null;
    for (Map.Entry<String, Integer> pool : cluster.nodes().entrySet()) {
      reached = reached || pool.getKey().equals(saved.state().pool());
      if (!reached) {
        continue; // done before the crash: the saved checkpoint is a later pool's
      }
      Checkpoint<ScaleState> from = saved != null && pool.getKey().equals(saved.state().pool()) ? saved : null;
      if (lane() != LanePhase.SCALE) {
        startLane(LanePhase.SCALE);
      }
      ScaleRequest request = cluster.scaleInput(pool.getKey(), pool.getValue(), target.kubeconfig(), ctx.options()).validate();
      Outcome<ScaleState> o = ctx.clusters().scale(cluster.hub(), request, ctx.engine(this::progress), from, stamp, ctx.cancellation(),
          cp -> journal(cp, 0));
      if (o.status() == Outcome.Status.CANCELLED) {
        return false;
      }
      ctx.store().update(s -> s.stamps.get(stamp).checkpoint = null);
      AkseScaleResult result = AkseScaleResult.of(cluster.hub(), cluster.resourceGroup(), o.state(), o.succeeded());
      if (!o.succeeded()) {
        fail(LanePhase.SCALE, o.message() + notDrained(), result);
        return false;
      }
      end(LanePhase.SCALE, Outcome.Status.SUCCEEDED, result.summary(), result);
    }
    startDrain();
    return true;
  }

  /** What a failure before the drain means for traffic: nothing was changed. */
  private String notDrained() {
    return "; " + endpoint + " was not drained and serves as before (the app was not touched)";
  }

  /** Counts the nodes, remembers the weight the endpoint goes back to, and enters the drain. */
  private void startDrain() throws IOException {
    countNodes();
    EndpointSetting before = restoreTarget(ctx.traffic().read());
    enter(StampPhase.DRAINING, LanePhase.DRAIN, "draining " + endpoint, sp -> sp.restoreTo = before);
  }

  /** Drains the stamp's endpoint; false when the stamp stops here (failed or cancelled). */
  private boolean drain() throws IOException {
    TrafficShiftRequest request = trafficInput().drain(endpoint).reason(reason("drain " + stamp + " for its rollout")).validate();
    if (!inFlight() && !endpointNow().enabled()) {
      // drained already (by the run before a crash, or by hand): nothing to send
      end(LanePhase.DRAIN, Outcome.Status.SUCCEEDED, endpoint + " is already drained (disabled); nothing sent", null);
      enter(StampPhase.ROLLING_OUT, LanePhase.ROLLOUT, "helm upgrade --install", sp -> { });
      return true;
    }
    Outcome<TrafficShiftState> o = shift(request, ShiftOptions.of(request), () -> TrafficShiftPlanner.plan(ctx.traffic(), request), 0, 20);
    if (o == null) {
      return false;
    }
    TrafficShiftResult result = TrafficShiftResult.of(request.provider().value(), request.profile(), o.state());
    if (!o.succeeded()) {
      fail(LanePhase.DRAIN, o.message(), result);
      return false;
    }
    end(LanePhase.DRAIN, Outcome.Status.SUCCEEDED, o.message(), result);
    enter(StampPhase.ROLLING_OUT, LanePhase.ROLLOUT, "helm upgrade --install", sp -> { });
    return true;
  }

  /** Rolls the chart out; false when the stamp stops here (failed, rolled back, or cancelled). */
  private boolean rollout() {
    HelmRolloutRequest request = helmRequest();
    Engine engine = ctx.engine(this::progress);
    Outcome<HelmRolloutState> o = ctx.rollouts().run(request, engine, checkpoint(HelmRolloutState.class), stamp, ctx.cancellation(), cp -> {
      followRollout(request, cp.state());
      journal(cp, (cp.compensating() ? 60 : 20) + Math.min(55, cp.taskIndex() * 9));
    });
    if (o.status() == Outcome.Status.CANCELLED) {
      return false;
    }
    HelmRolloutState h = o.state();
    HelmRolloutResult result = HelmRolloutResult.of(h);
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.checkpoint = null;
      sp.helmRevision = h.targetRevision();
      sp.rolledBackToRevision = result.rolledBackToRevision();
    });
    if (!o.succeeded()) {
      LanePhase failed = lane();
      if (h.phase() == HelmRolloutState.Phase.ROLLED_BACK) {
        // the failure is the rollout's (or smoke's), already ended with its reasons; the rollback itself went well
        end(LanePhase.ROLLBACK, Outcome.Status.SUCCEEDED, "rolled back to revision " + h.previousGoodRevision() + " as revision "
            + h.rollbackRevision(), null);
        failed = null;
      } else if (h.phase() == HelmRolloutState.Phase.UNINSTALLED || h.phase() == HelmRolloutState.Phase.LEFT_FAILED) {
        // a first install has no revision to go back to: its compensation (uninstall, or leave as asked) went as configured
        end(LanePhase.ROLLBACK, Outcome.Status.SUCCEEDED, "first install failed; the release was " + h.firstInstallAction(), null);
        failed = null;
      }
      fail(failed, o.message() + "; " + endpoint + " stays drained", result);
      return false;
    }
    end(lane(), Outcome.Status.SUCCEEDED, o.message(), result);
    enter(StampPhase.RESTORING, LanePhase.RESTORE, "restoring traffic " + ctx.plan().traffic().restoreSteps(), sp -> { });
    return true;
  }

  /** Helm's sub-phases, from its typed state: the workloads are ready (the smoke probe starts), or a rollback started. */
  private void followRollout(HelmRolloutRequest request, HelmRolloutState h) {
    LanePhase lane = lane();
    if (lane == LanePhase.ROLLOUT && request.smokeProbe() != null && h.phase() == HelmRolloutState.Phase.VERIFIED) {
      end(LanePhase.ROLLOUT, Outcome.Status.SUCCEEDED, "workloads ready", null);
      startLane(LanePhase.SMOKE);
    } else if (lane != LanePhase.ROLLBACK && rolledBack(h.phase())) {
      end(lane, Outcome.Status.FAILED, h.failures().isEmpty() ? "failed" : String.join("; ", h.failures()), null);
      startLane(LanePhase.ROLLBACK);
    }
  }

  private static boolean rolledBack(HelmRolloutState.Phase phase) {
    return switch (phase) {
      case ROLLBACK_SUBMITTED, ROLLED_BACK, ROLLBACK_FAILED, UNINSTALLED, LEFT_FAILED -> true;
      default -> false;
    };
  }

  /** Restores the stamp's traffic stepwise; the stamp ends here (succeeded, failed, or left for a re-run when cancelled). */
  private void restore() throws IOException {
    EndpointSetting to = ctx.store().read(s -> s.stamps.get(stamp).restoreTo);
    List<Integer> percents = ctx.plan().traffic().restoreSteps();
    TrafficShiftRequest request = trafficInput().restore(endpoint).steps(percents.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .bake(ctx.plan().traffic().bake().toString()).reason(reason("restore " + stamp + " " + percents)).validate();
    if (!inFlight() && endpointNow().setting().equals(to)) {
      end(LanePhase.RESTORE, Outcome.Status.SUCCEEDED, endpoint + " is already at " + to + "; nothing sent", null);
      succeed();
      return;
    }
    Outcome<TrafficShiftState> o = shift(request, ShiftOptions.of(request), () -> TrafficShiftPlanner.restore(ctx.traffic(), request, to), 75,
        100);
    if (o == null) {
      return;
    }
    TrafficShiftResult result = TrafficShiftResult.of(request.provider().value(), request.profile(), o.state());
    if (!o.succeeded()) {
      fail(LanePhase.RESTORE, o.message(), result);
      return;
    }
    end(LanePhase.RESTORE, Outcome.Status.SUCCEEDED, o.message(), result);
    succeed();
  }

  @FunctionalInterface
  private interface Planner {
    ShiftPlan plan() throws IOException;
  }

  /** Runs one trafficShift step from the saved checkpoint or a new plan; null when cancelled. */
  private Outcome<TrafficShiftState> shift(TrafficShiftRequest request, ShiftOptions options, Planner planner, int fromPercent, int toPercent)
      throws IOException {
    Engine engine = ctx.engine(this::progress);
    Checkpoint<TrafficShiftState> start = checkpoint(TrafficShiftState.class);
    Step<TrafficShiftState> step;
    if (start != null) {
      // the steps are in the saved state; the read only gives the step its current view
      TrafficShiftState saved = start.state();
      step = TrafficShiftStep.create(ctx.traffic(), options, new ShiftPlan(saved.operation(), ctx.traffic().read(), new StepPlan(saved.steps()),
          List.of()));
    } else {
      ShiftPlan plan = planner.plan();
      step = TrafficShiftStep.create(ctx.traffic(), options, plan);
      start = engine.start(step, plan.initialState());
      journal(start, fromPercent);
    }
    Outcome<TrafficShiftState> o = engine.run(step, start, stamp, ctx.cancellation(), cp -> journal(cp,
        fromPercent + (toPercent - fromPercent) * cp.state().stepIndex() / Math.max(1, cp.state().steps().size())));
    if (o.status() == Outcome.Status.CANCELLED) {
      return null;
    }
    ctx.store().update(s -> s.stamps.get(stamp).checkpoint = null);
    return o;
  }

  // ---- the inputs of the steps ---------------------------------------------------------------------------------

  private TrafficShiftInput trafficInput() {
    return new TrafficShiftInput().provider(ctx.plan().traffic().provider()).profile(ctx.profile()).waitOverride(ctx.options().dnsWait())
        .poll(ctx.options().poll()).actor(ctx.store().read(s -> s.requester));
  }

  private String reason(String what) {
    return "release " + ctx.plan().name() + ": " + what;
  }

  /** The stamp's Helm request: the plan's chart and values files, the stamp's host and values, and the smoke probe. */
  HelmRolloutRequest helmRequest() {
    return helmInput(ctx.plan(), ctx.planDir(), stamp, target, ctx.options()).validate();
  }

  /** The stamp's helmRollout input as the release builds it (the dry run adds {@code dryRun}). */
  static HelmRolloutInput helmInput(ReleasePlan plan, Path planDir, String stamp, StampTarget target, ReleaseOptions options) {
    ReleasePlan.App app = plan.app();
    List<String> sets = new ArrayList<>();
    if (target.appHost() != null) {
      sets.add("host=" + target.appHost());
    }
    app.stampValues().getOrDefault(stamp, Map.of()).forEach((k, v) -> sets.add(k + "=" + v));
    List<Path> values = app.valuesFiles().stream().map(f -> resolve(planDir, f)).map(Path::of).toList();
    String chart = resolve(planDir, app.chart());
    boolean local = !chart.startsWith("oci://") && Files.exists(Path.of(chart)); // a version only picks a remote chart
    return new HelmRolloutInput().kubeconfigContents(target.kubeconfig()).release(app.release()).namespace(app.namespace())
        .chart(chart).chartVersion(local ? null : app.version()).createNamespace(true).values(values).set(sets)
        .timeout(options.helmTimeout()).stampIngress(target.ingressUrl(), target.appHost())
        .probePath(target.ingressUrl() == null ? null : app.smokePath()).probeAttempts(options.smokeAttempts())
        .probeInterval(options.smokeInterval());
  }

  /** A chart or values file path as written in the plan: relative to the plan's directory if it exists there, else as given. */
  String resolve(String ref) {
    return resolve(ctx.planDir(), ref);
  }

  static String resolve(Path planDir, String ref) {
    if (ref == null || ref.startsWith("oci://") || Path.of(ref).isAbsolute() || planDir == null) {
      return ref;
    }
    Path beside = planDir.resolve(ref);
    return Files.exists(beside) ? beside.toString() : ref;
  }

  // ---- the traffic it goes back to -----------------------------------------------------------------------------

  private EndpointState endpointNow() throws IOException {
    return ctx.traffic().read().endpoint(endpoint).orElseThrow(() -> new IllegalStateException("the traffic profile has no endpoint "
        + endpoint + " any more (the plan was checked against it before the release started)"));
  }

  /** What the stamp goes back to: the weight it has (a disabled endpoint keeps its weight); at the minimum weight, the others' mean. */
  private EndpointSetting restoreTarget(TrafficState current) throws IOException {
    endpointNow(); // says so clearly when the profile lost the endpoint
    return restoreTarget(current, endpoint);
  }

  /** What {@code endpoint} goes back to after its rollout (the dry run predicts it the same way). */
  static EndpointSetting restoreTarget(TrafficState current, String endpoint) {
    EndpointState e = current.endpoint(endpoint).orElseThrow();
    return e.weight() > io.stamprelease.core.traffic.Weights.MIN_WEIGHT ? EndpointSetting.enabled(e.weight())
        : EndpointSetting.enabled(Math.max(io.stamprelease.core.traffic.Weights.MIN_WEIGHT, (int) Math.round(current.endpoints().stream()
            .filter(o -> o.enabled() && !o.name().equals(endpoint)).mapToInt(EndpointState::weight).average()
            .orElse(io.stamprelease.core.traffic.Weights.MAX_WEIGHT / 2.0))));
  }

  // ---- state, report and progress ------------------------------------------------------------------------------

  private StampPhase phase() {
    return ctx.store().read(s -> s.stamps.get(stamp).phase);
  }

  private LanePhase lane() {
    return ctx.store().read(s -> s.stamps.get(stamp).lane);
  }

  /** Whether a step of this stamp was journaled and has not ended. */
  private boolean inFlight() {
    return ctx.store().read(s -> s.stamps.get(stamp).checkpoint) != null;
  }

  /** The checkpoint of the step in flight, as journaled; null before the step's first. */
  private <S> Checkpoint<S> checkpoint(Class<S> stateType) {
    String saved = ctx.store().read(s -> s.stamps.get(stamp).checkpoint);
    try {
      return saved == null ? null : CheckpointCodec.fromText(saved, stateType);
    } catch (CheckpointCodec.UnreadableCheckpointException e) {
      throw InvalidInputException.of("release state", ReleaseField.STATE, "stamps." + stamp + ".checkpoint cannot be continued from: "
          + e.getMessage());
    }
  }

  private void countNodes() {
    if (ctx.store().read(s -> s.stamps.get(stamp).nodesCounted)) {
      return;
    }
    Map<String, Integer> counts;
    try {
      counts = ctx.nodes().count(target);
    } catch (RuntimeException e) {
      ctx.listener().line(stamp + ": node count not read: " + e.getMessage());
      counts = Map.of();
    }
    Map<String, Integer> read = counts;
    ctx.store().update(s -> {
      s.stamps.get(stamp).nodesCounted = true;
      s.record.nodeCounts(stamp, read);
    });
  }

  private void enter(StampPhase phase, LanePhase lane, String message, java.util.function.Consumer<StampProgress> also) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      also.accept(sp);
      sp.phase = phase;
      sp.checkpoint = null;
      sp.message = message;
      sp.lane = lane;
      s.record.settle(stamp, ReleaseRecord.Result.RUNNING);
      s.record.started(lane.label(), stamp, sp.hub, sp.wave, ctx.clock().instant());
    });
    emit();
  }

  private void startLane(LanePhase lane) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.lane = lane;
      s.record.started(lane.label(), stamp, sp.hub, sp.wave, ctx.clock().instant());
    });
  }

  private void end(LanePhase lane, Outcome.Status status, String message, StepResult result) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      s.record.add(new StepEnded(lane.step(), lane.label(), stamp, sp.hub, sp.wave, null, ctx.clock().instant(), status, message, result));
      sp.lane = null;
    });
  }

  /** The stamp failed; {@code lane} (null: none open) ends FAILED with the message and the result's reasons. */
  private void fail(LanePhase lane, String message, StepResult result) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      if (lane != null) {
        s.record.add(new StepEnded(lane.step(), lane.label(), stamp, sp.hub, sp.wave, null, ctx.clock().instant(), Outcome.Status.FAILED,
            message, result));
      }
      sp.phase = StampPhase.FAILED;
      sp.lane = null;
      sp.checkpoint = null;
      sp.message = message;
      s.record.settle(stamp, ReleaseRecord.Result.FAILED);
    });
    emit();
    ctx.listener().line(stamp + " FAILED: " + message);
  }

  private void succeed() {
    String message = ctx.store().read(s -> "released: revision " + s.stamps.get(stamp).helmRevision + ", traffic restored to "
        + s.stamps.get(stamp).restoreTo);
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.phase = StampPhase.SUCCEEDED;
      sp.percent = 100;
      sp.checkpoint = null;
      sp.lane = null;
      sp.message = message;
      s.record.settle(stamp, ReleaseRecord.Result.SUCCEEDED);
    });
    emit();
    ctx.listener().line(stamp + ": " + message);
  }

  private void journal(Checkpoint<?> cp, int percent) {
    ctx.store().update(s -> {
      StampProgress sp = s.stamps.get(stamp);
      sp.checkpoint = CheckpointCodec.toText(cp);
      sp.percent = Math.max(sp.percent, percent);
    });
    emit();
  }

  private void progress(ProgressEvent event) {
    ctx.store().update(s -> s.stamps.get(stamp).message = event.phase() + ": " + event.message());
    emit();
  }

  private void emit() {
    ReleaseListener.StampStatus status = ctx.store().read(s -> {
      StampProgress sp = s.stamps.get(stamp);
      return new ReleaseListener.StampStatus(sp.stamp, sp.wave, sp.phase, sp.percent, sp.message);
    });
    ctx.listener().stampChanged(status);
  }
}
