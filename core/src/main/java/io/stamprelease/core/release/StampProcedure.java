package io.stamprelease.core.release;

import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutResult;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.steps.trafficshift.ShiftOptions;
import io.stamprelease.core.steps.trafficshift.ShiftPlan;
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
import java.util.List;
import java.util.Map;

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
  private final StampJournal journal;

  StampProcedure(ReleaseContext ctx, String stamp, StampTarget target) {
    this.ctx = ctx;
    this.journal = new StampJournal(ctx, stamp);
    this.stamp = stamp;
    this.target = target;
    this.endpoint = ctx.plan().stamp(stamp).trafficEndpoint();
  }

  /** Runs (or continues) the stamp until it ends or the release is cancelled. */
  void run() {
    try {
      if (journal.phase() == StampPhase.PENDING) {
        if (target.cluster() != null) {
          journal.enter(StampPhase.CONVERGING, LanePhase.CLUSTER, "converging the cluster (akseDeploy)", sp -> { });
        } else {
          startDrain();
        }
      }
      if (journal.phase() == StampPhase.CONVERGING && !converge()) {
        return;
      }
      if (journal.phase() == StampPhase.SCALING && !scale()) {
        return;
      }
      if (journal.phase() == StampPhase.DRAINING && !drain()) {
        return;
      }
      if (journal.phase() == StampPhase.ROLLING_OUT && !rollout()) {
        return;
      }
      if (journal.phase() == StampPhase.RESTORING) {
        restore();
      }
    } catch (RuntimeException | IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      LanePhase lane = journal.lane();
      StampPhase at = journal.phase();
      journal.fail(lane == null ? LanePhase.PREPARE : lane, message + (at == StampPhase.CONVERGING || at == StampPhase.SCALING ? notDrained() : ""),
          null);
    }
  }

  // ---- the phases ----------------------------------------------------------------------------------------------

  /** Converges the cluster (akseDeploy); false when the stamp stops here (failed or cancelled). */
  private boolean converge() throws IOException {
    ClusterTarget cluster = target.cluster();
    AkseDeployRequest request = cluster.deployInput(ctx.options()).validate();
    Outcome<AkseDeployState> o = ctx.clusters().converge(cluster.hub(), request, ctx.engine(journal::progress), journal.checkpoint(AkseDeployState.class),
        stamp, ctx.cancellation(), cp -> journal.save(cp, 0));
    if (o.status() == Outcome.Status.CANCELLED) {
      return false;
    }
    journal.stepEnded();
    AkseDeployResult result = AkseDeployResult.of(cluster.hub(), request, o);
    if (!o.succeeded()) {
      journal.fail(LanePhase.CLUSTER, o.message() + notDrained(), result);
      return false;
    }
    if (cluster.nodes().isEmpty()) {
      EndpointSetting before = drainTarget();
      journal.change().end(LanePhase.CLUSTER, Outcome.Status.SUCCEEDED, o.message(), result)
          .enter(StampPhase.DRAINING, LanePhase.DRAIN, "draining " + endpoint, sp -> sp.restoreTo = before).write();
    } else {
      journal.change().end(LanePhase.CLUSTER, Outcome.Status.SUCCEEDED, o.message(), result)
          .enter(StampPhase.SCALING, LanePhase.SCALE, "scaling " + cluster.nodes(), sp -> { }).write();
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
    Checkpoint<ScaleState> saved = journal.checkpoint(ScaleState.class);
    boolean reached = saved == null;
    for (Map.Entry<String, Integer> pool : cluster.nodes().entrySet()) {
      reached = reached || pool.getKey().equals(saved.state().pool());
      if (!reached) {
        continue; // done before the crash: the saved checkpoint is a later pool's
      }
      Checkpoint<ScaleState> from = saved != null && pool.getKey().equals(saved.state().pool()) ? saved : null;
      if (journal.lane() != LanePhase.SCALE) {
        journal.startLane(LanePhase.SCALE);
      }
      ScaleRequest request = cluster.scaleInput(pool.getKey(), pool.getValue(), target.kubeconfig(), ctx.options()).validate();
      Outcome<ScaleState> o = ctx.clusters().scale(cluster.hub(), request, ctx.engine(journal::progress), from, stamp, ctx.cancellation(),
          cp -> journal.save(cp, 0));
      if (o.status() == Outcome.Status.CANCELLED) {
        return false;
      }
      journal.stepEnded();
      AkseScaleResult result = AkseScaleResult.of(cluster.hub(), cluster.resourceGroup(), o.state(), o.succeeded());
      if (!o.succeeded()) {
        journal.fail(LanePhase.SCALE, o.message() + notDrained(), result);
        return false;
      }
      if (pool.getKey().equals(List.copyOf(cluster.nodes().keySet()).get(cluster.nodes().size() - 1))) {
        // the last pool: its lane ends and the drain is entered in one write
        EndpointSetting before = drainTarget();
        journal.change().end(LanePhase.SCALE, Outcome.Status.SUCCEEDED, result.summary(), result)
            .enter(StampPhase.DRAINING, LanePhase.DRAIN, "draining " + endpoint, sp -> sp.restoreTo = before).write();
      } else {
        journal.change().end(LanePhase.SCALE, Outcome.Status.SUCCEEDED, result.summary(), result).start(LanePhase.SCALE).write();
      }
    }
    return true;
  }

  /** What a failure before the drain means for traffic: nothing was changed. */
  private String notDrained() {
    return "; " + endpoint + " was not drained and serves as before (the app was not touched)";
  }

  /** Counts the nodes, remembers the weight the endpoint goes back to, and enters the drain. */
  private void startDrain() throws IOException {
    EndpointSetting before = drainTarget();
    journal.enter(StampPhase.DRAINING, LanePhase.DRAIN, "draining " + endpoint, sp -> sp.restoreTo = before);
  }

  /** Counts the nodes (once) and reads the weight the endpoint goes back to after the drain. */
  private EndpointSetting drainTarget() throws IOException {
    countNodes();
    return restoreTarget(ctx.traffic().read());
  }

  /** Drains the stamp's endpoint; false when the stamp stops here (failed or cancelled). */
  private boolean drain() throws IOException {
    TrafficShiftRequest request = StampInputs.drainInput(ctx.plan(), ctx.profile(), ctx.options(), stamp, requester()).validate();
    if (!journal.inFlight() && !endpointNow().enabled()) {
      // drained already (by the run before a crash, or by hand): nothing to send
      journal.change().end(LanePhase.DRAIN, Outcome.Status.SUCCEEDED, endpoint + " is already drained (disabled); nothing sent", null)
          .enter(StampPhase.ROLLING_OUT, LanePhase.ROLLOUT, "helm upgrade --install", sp -> { }).write();
      return true;
    }
    Outcome<TrafficShiftState> o = shift(request, ShiftOptions.of(request), () -> TrafficShiftPlanner.plan(ctx.traffic(), request), 0, 20);
    if (o == null) {
      return false;
    }
    TrafficShiftResult result = TrafficShiftResult.of(request.provider().value(), request.profile(), o.state());
    if (!o.succeeded()) {
      journal.fail(LanePhase.DRAIN, o.message(), result);
      return false;
    }
    journal.change().end(LanePhase.DRAIN, Outcome.Status.SUCCEEDED, o.message(), result)
        .enter(StampPhase.ROLLING_OUT, LanePhase.ROLLOUT, "helm upgrade --install", sp -> { }).write();
    return true;
  }

  /** Rolls the chart out; false when the stamp stops here (failed, rolled back, or cancelled). */
  private boolean rollout() {
    HelmRolloutRequest request = helmRequest();
    Engine engine = ctx.engine(journal::progress);
    Outcome<HelmRolloutState> o = ctx.rollouts().run(request, engine, journal.checkpoint(HelmRolloutState.class), stamp, ctx.cancellation(), cp -> {
      followRollout(request, cp.state());
      journal.save(cp, (cp.compensating() ? 60 : 20) + Math.min(55, cp.taskIndex() * 9));
    });
    if (o.status() == Outcome.Status.CANCELLED) {
      return false;
    }
    HelmRolloutState h = o.state();
    HelmRolloutResult result = HelmRolloutResult.of(h);
    // what the rollout did and where the stamp goes next, in one write: a kill between them would leave a phase whose lane ended
    StampJournal.Change next = journal.change().also(sp -> {
      sp.checkpoint = null;
      sp.helmRevision = h.targetRevision();
      sp.rolledBackToRevision = result.rolledBackToRevision();
    });
    if (!o.succeeded()) {
      LanePhase failed = journal.lane();
      if (h.phase() == HelmRolloutState.Phase.ROLLED_BACK) {
        // the failure is the rollout's (or smoke's), already ended with its reasons; the rollback itself went well
        next.end(LanePhase.ROLLBACK, Outcome.Status.SUCCEEDED, "rolled back to revision " + h.previousGoodRevision() + " as revision "
            + h.rollbackRevision(), null);
        failed = null;
      } else if (h.phase() == HelmRolloutState.Phase.UNINSTALLED || h.phase() == HelmRolloutState.Phase.LEFT_FAILED) {
        // a first install has no revision to go back to: its compensation (uninstall, or leave as asked) went as configured
        next.end(LanePhase.ROLLBACK, Outcome.Status.SUCCEEDED, "first install failed; the release was " + h.firstInstallAction(), null);
        failed = null;
      }
      next.fail(failed, o.message() + "; " + endpoint + " stays drained", result).write();
      return false;
    }
    next.end(journal.lane(), Outcome.Status.SUCCEEDED, o.message(), result)
        .enter(StampPhase.RESTORING, LanePhase.RESTORE, "restoring traffic " + ctx.plan().traffic().restoreSteps(), sp -> { }).write();
    return true;
  }

  /** Helm's sub-phases, from its typed state: the workloads are ready (the smoke probe starts), or a rollback started. */
  private void followRollout(HelmRolloutRequest request, HelmRolloutState h) {
    LanePhase lane = journal.lane();
    if (lane == LanePhase.ROLLOUT && request.smokeProbe() != null && h.phase() == HelmRolloutState.Phase.VERIFIED) {
      journal.change().end(LanePhase.ROLLOUT, Outcome.Status.SUCCEEDED, "workloads ready", null).start(LanePhase.SMOKE).write();
    } else if (lane != LanePhase.ROLLBACK && rolledBack(h.phase())) {
      journal.change().end(lane, Outcome.Status.FAILED, h.failures().isEmpty() ? "failed" : String.join("; ", h.failures()), null)
          .start(LanePhase.ROLLBACK).write();
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
    TrafficShiftRequest request = StampInputs.restoreInput(ctx.plan(), ctx.profile(), ctx.options(), stamp, requester()).validate();
    if (!journal.inFlight() && endpointNow().setting().equals(to)) {
      journal.change().end(LanePhase.RESTORE, Outcome.Status.SUCCEEDED, endpoint + " is already at " + to + "; nothing sent", null).succeed()
          .write();
      return;
    }
    Outcome<TrafficShiftState> o = shift(request, ShiftOptions.of(request), () -> TrafficShiftPlanner.restore(ctx.traffic(), request, to), 75,
        100);
    if (o == null) {
      return;
    }
    TrafficShiftResult result = TrafficShiftResult.of(request.provider().value(), request.profile(), o.state());
    if (!o.succeeded()) {
      journal.fail(LanePhase.RESTORE, o.message(), result);
      return;
    }
    journal.change().end(LanePhase.RESTORE, Outcome.Status.SUCCEEDED, o.message(), result).succeed().write();
  }

  @FunctionalInterface
  private interface Planner {
    ShiftPlan plan() throws IOException;
  }

  /** Runs one trafficShift step from the saved checkpoint or a new plan; null when cancelled. */
  private Outcome<TrafficShiftState> shift(TrafficShiftRequest request, ShiftOptions options, Planner planner, int fromPercent, int toPercent)
      throws IOException {
    Engine engine = ctx.engine(journal::progress);
    Checkpoint<TrafficShiftState> start = journal.checkpoint(TrafficShiftState.class);
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
      journal.save(start, fromPercent);
    }
    Outcome<TrafficShiftState> o = engine.run(step, start, stamp, ctx.cancellation(), cp -> journal.save(cp,
        fromPercent + (toPercent - fromPercent) * cp.state().stepIndex() / Math.max(1, cp.state().steps().size())));
    if (o.status() == Outcome.Status.CANCELLED) {
      return null;
    }
    journal.stepEnded();
    return o;
  }

  // ---- the inputs of the steps ---------------------------------------------------------------------------------

  /** Who started the release: the traffic changes are recorded as theirs. */
  private String requester() {
    return ctx.store().read(s -> s.requester);
  }

  /** The stamp's Helm request: the plan's chart and values files, the stamp's host and values, and the smoke probe. */
  private HelmRolloutRequest helmRequest() {
    return StampInputs.helmInput(ctx.plan(), ctx.planDir(), stamp, target, ctx.options()).validate();
  }

  // ---- the traffic it goes back to -----------------------------------------------------------------------------

  private EndpointState endpointNow() throws IOException {
    return ctx.traffic().read().endpoint(endpoint).orElseThrow(() -> new IllegalStateException("the traffic profile has no endpoint "
        + endpoint + " any more (the plan was checked against it before the release started)"));
  }

  /** What the stamp goes back to: the weight it has (a disabled endpoint keeps its weight); at the minimum weight, the others' mean. */
  private EndpointSetting restoreTarget(TrafficState current) throws IOException {
    endpointNow(); // says so clearly when the profile lost the endpoint
    return StampInputs.restoreTarget(current, endpoint);
  }

  // ---- state, report and progress ------------------------------------------------------------------------------

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
}
