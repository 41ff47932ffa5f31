package io.stamprelease.core.release;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressEvent;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.gate.Approval;
import io.stamprelease.core.gate.GateDecision;
import io.stamprelease.core.gate.GatePolicy;
import io.stamprelease.core.gate.GateState;
import io.stamprelease.core.gate.Gates;
import io.stamprelease.core.helm.HelmRollout;
import io.stamprelease.core.helm.HelmRolloutInput;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.helm.HelmRolloutRequest;
import io.stamprelease.core.helm.HelmRolloutState;
import io.stamprelease.core.kube.KubeClients;
import io.stamprelease.core.release.ReleaseState.StampPhase;
import io.stamprelease.core.release.ReleaseState.StampProgress;
import io.stamprelease.core.release.ReleaseState.WavePhase;
import io.stamprelease.core.release.ReleaseState.WaveProgress;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.GuardrailPolicy;
import io.stamprelease.core.traffic.Guardrails;
import io.stamprelease.core.traffic.PlannedStep;
import io.stamprelease.core.traffic.StepPlan;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficShiftInput;
import io.stamprelease.core.traffic.TrafficShiftRequest;
import io.stamprelease.core.traffic.TrafficState;
import io.stamprelease.core.traffic.Weights;
import io.stamprelease.core.traffic.tasks.HealthProbe;
import io.stamprelease.core.traffic.tasks.ShiftOptions;
import io.stamprelease.core.traffic.tasks.ShiftPlan;
import io.stamprelease.core.traffic.tasks.TrafficShiftPlanner;
import io.stamprelease.core.traffic.tasks.TrafficShiftState;
import io.stamprelease.core.traffic.tasks.TrafficShiftStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link ReleasePlan} wave by wave: per stamp drain its traffic ({@code trafficShift} drain), {@code helmRollout}
 * (fail-fast watch, rollback, smoke probe through the stamp's ingress), restore its traffic stepwise with bake
 * ({@code restoreSteps} are percentages of the weight the stamp had before the drain); stamps of a wave run in
 * parallel up to {@code maxParallel}; after a wave, its gate before the next one.
 *
 * <p>Halt on failure: when {@code maxFailedStamps} stamps have failed, no further stamp starts and every later wave is
 * frozen. A failed stamp stays drained (its release rolled back by helmRollout), so traffic stays on the healthy ones.
 *
 * <p>Resumable: the {@link ReleaseState} is written to the state file after every task of every stamp; a new run with
 * the same plan and state file skips what ended, feeds the saved checkpoint of a step in flight back to the engine
 * (helmRollout re-attaches to the revision it created; trafficShift continues at its saved step), and re-plans a
 * step that had not journaled its first task (a drain of an endpoint already disabled is skipped, a restore to the
 * weight it already has is skipped), so nothing is deployed or shifted twice.
 */
public final class ReleaseOrchestrator {
  /** How to reach a stamp: its cluster's kubeconfig contents (never stored), ingress URL and public host name. */
  public record StampTarget(String stamp, String hub, String kubeconfig, String ingressUrl, String appHost) {
    @Override
    public String toString() {
      return "StampTarget[" + stamp + " on " + hub + ", ingress " + ingressUrl + ", host " + appHost + "]";
    }
  }

  /**
   * Run settings that are not part of the plan.
   *
   * @param dnsWait       replaces the DNS wait computed from the traffic profile (TTL, probe interval); null = computed
   * @param poll          how often the traffic health gate reads the provider
   * @param helmTimeout   how long a rollout (and then its rollback) may take to become ready; null = helmRollout's default
   * @param smokeAttempts smoke probe tries, {@code smokeInterval} between them; null = helmRollout's defaults
   */
  public record Options(String dnsWait, String poll, String helmTimeout, Integer smokeAttempts, String smokeInterval) {
    public static Options defaults() {
      return new Options(null, null, null, null, null);
    }
  }

  private final ReleasePlan plan;
  private final Path planDir;
  private final Map<String, StampTarget> targets;
  private final TrafficProvider traffic;
  private final String profile;
  private final ReleaseStateFile stateFile;
  private final ReleaseState state;
  private final GateAnswers answers;
  private final Options options;
  private final ReleaseListener listener;
  private final Consumer<ReleaseRecord> recordSink;
  private final Clock clock;
  private final Engine.Cancellation cancellation;
  private final Object lock = new Object();

  public ReleaseOrchestrator(ReleasePlan plan, Path planDir, Map<String, StampTarget> targets, TrafficProvider traffic, String profile,
      ReleaseStateFile stateFile, ReleaseState state, GateAnswers answers, Options options, ReleaseListener listener,
      Consumer<ReleaseRecord> recordSink, Clock clock, Engine.Cancellation cancellation) {
    this.plan = plan;
    this.planDir = planDir;
    this.targets = Map.copyOf(targets);
    this.traffic = traffic;
    this.profile = profile;
    this.stateFile = stateFile;
    this.state = state;
    this.answers = answers;
    this.options = options;
    this.listener = listener;
    this.recordSink = recordSink;
    this.clock = clock;
    this.cancellation = cancellation;
  }

  // ---- the state to start from ---------------------------------------------------------------------------------

  /**
   * The state a run starts from: the saved one when the state file exists (it must be of the same plan), otherwise a
   * new one; {@code fromStamp} resets that stamp and every later one (and their waves' gates) to pending. Throws
   * {@link IllegalArgumentException} (invalid input, nothing written) for a state of another plan or an unknown stamp.
   */
  public static ReleaseState prepare(ReleasePlan plan, String planFile, String planDigest, ReleaseStateFile file, String requester,
      String fromStamp, String toolVersion, Instant now) {
    List<String> order = plan.waves().stream().flatMap(w -> w.stamps().stream()).toList();
    if (fromStamp != null && !order.contains(fromStamp)) {
      throw InvalidInputException.of("release", ReleaseField.FROM, "no stamp '" + fromStamp + "' in the plan (stamps: " + String.join(", ", order) + ")");
    }
    ReleaseState s;
    if (file.exists()) {
      s = file.read();
      if (!planDigest.equals(s.planDigest)) {
        throw InvalidInputException.of("release", ReleaseField.STATE, "'" + file.path() + "' belongs to another version of the plan (" + s.plan
            + "); continue with the plan it was started with, or give a new state file for a new release");
      }
    } else {
      s = new ReleaseState();
      s.release = plan.name();
      s.plan = planFile;
      s.planDigest = planDigest;
      s.requester = requester;
      s.toolVersion = toolVersion;
      for (ReleasePlan.Wave w : plan.waves()) {
        WaveProgress wp = new WaveProgress();
        wp.wave = w.name();
        s.waves.put(w.name(), wp);
        for (String name : w.stamps()) {
          s.stamps.put(name, fresh(plan, w, name));
        }
      }
    }
    if (fromStamp != null) {
      boolean reset = false;
      for (ReleasePlan.Wave w : plan.waves()) {
        for (String name : w.stamps()) {
          reset |= name.equals(fromStamp);
          if (reset) {
            s.stamps.put(name, fresh(plan, w, name));
            WaveProgress wp = new WaveProgress();
            wp.wave = w.name();
            s.waves.put(w.name(), wp);
          } else if (s.stamps.get(name).phase == StampPhase.PENDING) {
            StampProgress skipped = s.stamps.get(name);
            skipped.phase = StampPhase.FROZEN;
            skipped.message = "skipped: the release was started with --from " + fromStamp;
          }
        }
        if (!reset && s.waves.get(w.name()).phase != WavePhase.DONE) {
          s.waves.get(w.name()).phase = WavePhase.DONE; // waves before --from are not run again (nor gated)
        }
      }
      s.result = ReleaseRecord.Result.RUNNING;
      s.finished = null;
      s.message = null;
      s.notes.add(now + ": re-run from stamp " + fromStamp + " by " + requester);
    }
    return s;
  }

  private static StampProgress fresh(ReleasePlan plan, ReleasePlan.Wave w, String name) {
    StampProgress sp = new StampProgress();
    sp.stamp = name;
    sp.hub = plan.stamp(name).hub();
    sp.wave = w.name();
    return sp;
  }

  // ---- the run -------------------------------------------------------------------------------------------------

  /** Runs (or continues) the release; returns its state, also saved. RUNNING means stopped early (cancelled, or a gate waits). */
  public ReleaseState run() {
    synchronized (lock) {
      if (state.started == null) {
        state.started = clock.instant();
      }
      save();
    }
    if (state.result != ReleaseRecord.Result.RUNNING) {
      listener.line("release " + state.release + " already ended " + state.result + (state.message == null ? "" : ": " + state.message)
          + " (state " + stateFile.path() + "; --from STAMP runs stamps again)");
      return state;
    }
    List<ReleasePlan.Wave> waves = plan.waves();
    for (int i = 0; i < waves.size(); i++) {
      ReleasePlan.Wave wave = waves.get(i);
      WaveProgress wp = state.waves.get(wave.name());
      if (wp.phase == WavePhase.DONE || wp.phase == WavePhase.FROZEN) {
        continue;
      }
      if (cancellation.isCancelled()) {
        return stopped("stopped before wave " + wave.name());
      }
      if (wp.phase != WavePhase.GATE) {
        synchronized (lock) {
          wp.phase = WavePhase.RUNNING;
          save();
        }
        listener.line("wave " + wave.name() + ": " + String.join(", ", wave.stamps()) + " (up to " + wave.maxParallel() + " at a time)");
        runWave(wave);
        if (cancellation.isCancelled()) {
          return stopped("stopped during wave " + wave.name());
        }
        if (failedStamps() >= plan.maxFailedStamps()) {
          return halt("blast-radius budget reached: " + failedStamps() + " stamp(s) failed (maxFailedStamps " + plan.maxFailedStamps()
              + "): " + String.join(", ", failedNames()) + (i < waves.size() - 1 ? "; later waves frozen" : "")
              + "; traffic stays on the healthy stamps");
        }
      }
      boolean last = i == waves.size() - 1;
      if (wave.gate() != null && !last) {
        GateDecision decision = gate(wave, wp);
        if (decision.status() == GateDecision.Status.PENDING) {
          synchronized (lock) {
            state.message = "gate of wave " + wave.name() + " is waiting: " + decision.message() + "; run the same command again to answer";
            save();
          }
          listener.line(state.message);
          publish();
          return state;
        }
        if (decision.status() != GateDecision.Status.APPROVED) {
          synchronized (lock) {
            wp.phase = WavePhase.DONE;
          }
          return halt("gate of wave " + wave.name() + " " + decision.message() + "; later waves frozen");
        }
      }
      synchronized (lock) {
        wp.phase = WavePhase.DONE;
        save();
      }
      publish();
      listener.waveEnded(wave.name());
    }
    synchronized (lock) {
      state.finished = clock.instant();
      List<String> failed = failedNames();
      state.result = failed.isEmpty() ? ReleaseRecord.Result.SUCCEEDED : ReleaseRecord.Result.FAILED;
      state.message = failed.isEmpty() ? "every stamp released" : "released with failed stamps: " + String.join(", ", failed);
      save();
    }
    publish();
    return state;
  }

  private ReleaseState stopped(String why) {
    synchronized (lock) {
      state.message = why + "; run the same command again to continue";
      save();
    }
    listener.line(state.message);
    publish();
    return state;
  }

  private ReleaseState halt(String why) {
    synchronized (lock) {
      for (ReleasePlan.Wave w : plan.waves()) {
        WaveProgress wp = state.waves.get(w.name());
        if (wp.phase == WavePhase.PENDING) {
          wp.phase = WavePhase.FROZEN;
        }
        for (String name : w.stamps()) {
          StampProgress sp = state.stamps.get(name);
          if (sp.phase == StampPhase.PENDING) {
            sp.phase = StampPhase.FROZEN;
            sp.message = "frozen: the release halted";
            emit(sp);
          }
        }
      }
      state.result = ReleaseRecord.Result.HALTED;
      state.finished = clock.instant();
      state.message = why;
      save();
    }
    listener.line("HALTED: " + why);
    publish();
    return state;
  }

  private void runWave(ReleasePlan.Wave wave) {
    ExecutorService pool = Executors.newFixedThreadPool(wave.maxParallel(), r -> {
      Thread t = new Thread(r, "release-" + wave.name());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (String name : wave.stamps()) {
        running.add(pool.submit(() -> runStamp(state.stamps.get(name))));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancellation.cancel();
        } catch (java.util.concurrent.ExecutionException e) {
          listener.line("error: " + e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private int failedStamps() {
    return failedNames().size();
  }

  private List<String> failedNames() {
    synchronized (lock) {
      return state.stamps.values().stream().filter(s -> s.phase == StampPhase.FAILED).map(s -> s.stamp).toList();
    }
  }

  // ---- one stamp -----------------------------------------------------------------------------------------------

  private void runStamp(StampProgress sp) {
    try {
      if (sp.phase.ended()) {
        return;
      }
      synchronized (lock) {
        if (sp.phase == StampPhase.PENDING && failedStamps() >= plan.maxFailedStamps()) {
          return; // the budget ran out while this stamp waited for a slot: halt() freezes it
        }
      }
      if (cancellation.isCancelled()) {
        return;
      }
      StampTarget target = targets.get(sp.stamp);
      String endpoint = plan.stamp(sp.stamp).trafficEndpoint();
      if (sp.nodeCounts.isEmpty()) {
        Map<String, Integer> counts = nodeCounts(target);
        synchronized (lock) {
          sp.nodeCounts = counts;
        }
      }
      if (sp.phase == StampPhase.PENDING) {
        EndpointState e = traffic.read().endpoint(endpoint).orElseThrow(() -> new IllegalStateException("no endpoint " + endpoint));
        synchronized (lock) {
          sp.restoreTo = restoreTarget(traffic.read(), e);
          enter(sp, StampPhase.DRAINING, "drain", "draining " + endpoint);
        }
      }
      if (sp.phase == StampPhase.DRAINING) {
        Outcome<TrafficShiftState> drained = drain(sp, endpoint);
        if (drained == null) {
          return;
        }
        if (!drained.succeeded()) {
          fail(sp, "drain", drained.message());
          return;
        }
        synchronized (lock) {
          end(sp, "drain", ReleaseRecord.Result.SUCCEEDED, drained.message());
          enter(sp, StampPhase.ROLLING_OUT, "rollout", "helm upgrade --install");
        }
      }
      if (sp.phase == StampPhase.ROLLING_OUT) {
        Outcome<HelmRolloutState> rolled = rollout(sp, target);
        if (rolled == null) {
          return;
        }
        HelmRolloutState h = rolled.state();
        synchronized (lock) {
          sp.helmRevision = h.targetRevision();
          sp.rolledBackToRevision = h.rollbackRevision() == null ? null : h.previousGoodRevision();
          sp.chart = h.chart();
          sp.chartVersion = h.chartVersion();
          sp.images = new ArrayList<>(h.images());
        }
        if (!rolled.succeeded()) {
          synchronized (lock) {
            sp.failureReasons.addAll(h.failures());
            if (h.phase() == HelmRolloutState.Phase.ROLLED_BACK) {
              end(sp, "rollback", ReleaseRecord.Result.SUCCEEDED, "rolled back to revision " + h.previousGoodRevision() + " as revision "
                  + h.rollbackRevision());
            }
          }
          fail(sp, lastPhaseName(sp), rolled.message() + "; " + endpoint + " stays drained");
          return;
        }
        synchronized (lock) {
          end(sp, lastPhaseName(sp), ReleaseRecord.Result.SUCCEEDED, rolled.message());
          enter(sp, StampPhase.RESTORING, "restore", "restoring traffic " + plan.traffic().restoreSteps());
        }
      }
      if (sp.phase == StampPhase.RESTORING) {
        Outcome<TrafficShiftState> restored = restore(sp, endpoint);
        if (restored == null) {
          return;
        }
        if (!restored.succeeded()) {
          fail(sp, "restore", restored.message());
          return;
        }
        synchronized (lock) {
          end(sp, "restore", ReleaseRecord.Result.SUCCEEDED, restored.message());
          sp.phase = StampPhase.SUCCEEDED;
          sp.percent = 100;
          sp.checkpoint = null;
          sp.message = "released: revision " + sp.helmRevision + ", traffic restored to " + sp.restoreTo;
          save();
          emit(sp);
        }
        listener.line(sp.stamp + ": " + sp.message);
      }
    } catch (RuntimeException | java.io.IOException e) {
      fail(sp, sp.phases.isEmpty() ? "prepare" : lastPhaseName(sp), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** A disabled endpoint kept its weight; one at the minimum weight gets the mean of the others (as trafficShift's restore). */
  private static EndpointSetting restoreTarget(TrafficState current, EndpointState e) {
    if (e.weight() > Weights.MIN_WEIGHT) {
      return EndpointSetting.enabled(e.weight());
    }
    double mean = current.endpoints().stream().filter(o -> o.enabled() && !o.name().equals(e.name())).mapToInt(EndpointState::weight)
        .average().orElse(Weights.MAX_WEIGHT / 2.0);
    return EndpointSetting.enabled(Math.max(Weights.MIN_WEIGHT, (int) Math.round(mean)));
  }

  private Outcome<TrafficShiftState> drain(StampProgress sp, String endpoint) throws java.io.IOException {
    String reason = "release " + plan.name() + ": drain " + sp.stamp + " for its rollout";
    TrafficShiftRequest request = new TrafficShiftInput().provider(plan.traffic().provider()).profile(profile).drain(endpoint)
        .waitOverride(options.dnsWait()).poll(options.poll()).actor(state.requester).reason(reason).validate();
    ShiftOptions shift = ShiftOptions.of(request);
    if (sp.checkpoint == null) {
      TrafficState now = traffic.read();
      if (!now.endpoint(endpoint).orElseThrow().enabled()) {
        // drained already (by the run before a crash, or by hand): nothing to send
        return new Outcome<>(Outcome.Status.SUCCEEDED, null, endpoint + " is already drained (disabled); nothing sent", Map.of(), Duration.ZERO);
      }
    }
    return runTraffic(sp, shift, () -> TrafficShiftPlanner.plan(traffic, request), 0, 20);
  }

  private Outcome<TrafficShiftState> restore(StampProgress sp, String endpoint) throws java.io.IOException {
    String reason = "release " + plan.name() + ": restore " + sp.stamp + " " + plan.traffic().restoreSteps();
    ShiftOptions drainOptions = ShiftOptions.of(new TrafficShiftInput().provider(plan.traffic().provider()).profile(profile).drain(endpoint)
        .waitOverride(options.dnsWait()).poll(options.poll()).validate());
    ShiftOptions shift = new ShiftOptions(GuardrailPolicy.DEFAULT, plan.traffic().bake(), drainOptions.poll(), drainOptions.waitOverride(),
        HealthProbe.NONE,
        state.requester, reason);
    if (sp.checkpoint == null && traffic.read().endpoint(endpoint).orElseThrow().setting().equals(sp.restoreTo)) {
      return new Outcome<>(Outcome.Status.SUCCEEDED, null, endpoint + " is already at " + sp.restoreTo + "; nothing sent", Map.of(), Duration.ZERO);
    }
    return runTraffic(sp, shift, () -> restorePlan(endpoint, sp.restoreTo, shift), 75, 100);
  }

  /**
   * The stepwise restore: the stamp's endpoint goes to each {@code restoreSteps} percentage of the weight it had before
   * its drain (10 % of 500 = 50, then 250, then 500); a disabled endpoint is first enabled at weight 1 to be probed.
   * Steps at or below its current weight are skipped, so a re-plan after a crash converges instead of going back down.
   */
  private ShiftPlan restorePlan(String endpoint, EndpointSetting target, ShiftOptions shift) throws java.io.IOException {
    TrafficState current = traffic.read();
    EndpointState e = current.endpoint(endpoint).orElseThrow();
    List<PlannedStep> steps = new ArrayList<>();
    int weight = e.enabled() ? e.weight() : 0;
    if (!e.enabled()) {
      steps.add(new PlannedStep(PlannedStep.Kind.PROBE, "enable " + endpoint + " at weight 1 for probing",
          Map.of(endpoint, EndpointSetting.enabled(Weights.MIN_WEIGHT))));
      weight = Weights.MIN_WEIGHT;
    }
    for (int percent : plan.traffic().restoreSteps()) {
      int w = percent == 100 ? target.weight() : Math.max(Weights.MIN_WEIGHT, (int) Math.round(target.weight() * percent / 100.0));
      if (w <= weight && percent != 100) {
        continue;
      }
      steps.add(new PlannedStep(PlannedStep.Kind.WEIGHTS, endpoint + " " + percent + "% (weight " + w + ")", Map.of(endpoint,
          EndpointSetting.enabled(w))));
      weight = w;
    }
    List<String> violations = Guardrails.check(current, steps.get(0).toChange(shift.actor(), shift.reason()), shift.policy());
    if (!violations.isEmpty()) {
      throw new IllegalStateException("restore of " + endpoint + " refused by the guardrails: " + String.join("; ", violations));
    }
    return new ShiftPlan("restore", current, new StepPlan(steps), Guardrails.warnings(current, steps.get(0).toChange(shift.actor(),
        shift.reason())));
  }

  @FunctionalInterface
  private interface Planner {
    ShiftPlan plan() throws java.io.IOException;
  }

  /** Runs one trafficShift step from the saved checkpoint or a new plan; null when cancelled. */
  private Outcome<TrafficShiftState> runTraffic(StampProgress sp, ShiftOptions shift, Planner planner, int fromPercent, int toPercent)
      throws java.io.IOException {
    Engine engine = engine(sp);
    Checkpoint<TrafficShiftState> start;
    Step<TrafficShiftState> step;
    if (sp.checkpoint != null) {
      start = ReleaseStateFile.decode(sp.checkpoint);
      step = TrafficShiftStep.create(traffic, shift, new ShiftPlan(start.state().operation(), traffic.read(), new StepPlan(start.state().steps()),
          List.of()));
    } else {
      ShiftPlan p = planner.plan();
      step = TrafficShiftStep.create(traffic, shift, p);
      start = engine.start(step, p.initialState());
      journal(sp, start, fromPercent);
    }
    Outcome<TrafficShiftState> o = engine.run(step, start, sp.stamp, cancellation, cp -> journal(sp, cp,
        fromPercent + (toPercent - fromPercent) * cp.state().stepIndex() / Math.max(1, cp.state().steps().size())));
    if (o.status() == Outcome.Status.CANCELLED) {
      return null;
    }
    synchronized (lock) {
      sp.trafficChanges.addAll(o.state().changes());
      sp.checkpoint = null;
      save();
    }
    return o;
  }

  private Outcome<HelmRolloutState> rollout(StampProgress sp, StampTarget target) {
    try (HelmRollout rollout = new HelmRollout(helmRequest(sp.stamp, target))) {
      Engine engine = engine(sp);
      Step<HelmRolloutState> step = rollout.step();
      Checkpoint<HelmRolloutState> start;
      if (sp.checkpoint != null) {
        start = ReleaseStateFile.decode(sp.checkpoint);
      } else {
        start = engine.start(step, rollout.initialState());
        journal(sp, start, 20);
      }
      Outcome<HelmRolloutState> o = engine.run(step, start, sp.stamp, cancellation, cp -> journal(sp, cp, helmPercent(cp)));
      if (o.status() == Outcome.Status.CANCELLED) {
        return null;
      }
      synchronized (lock) {
        sp.checkpoint = null;
        save();
      }
      return o;
    }
  }

  private static int helmPercent(Checkpoint<HelmRolloutState> cp) {
    // plan, upgrade, track, smoke, rollback, track-rollback, report → 20..75
    return 20 + Math.min(55, cp.taskIndex() * 9);
  }

  /** The stamp's Helm request: the plan's chart and values files, the stamp's host and values, and the smoke probe. */
  HelmRolloutRequest helmRequest(String stamp, StampTarget target) {
    ReleasePlan.App app = plan.app();
    List<String> sets = new ArrayList<>();
    if (target.appHost() != null) {
      sets.add("host=" + target.appHost());
    }
    app.stampValues().getOrDefault(stamp, Map.of()).forEach((k, v) -> sets.add(k + "=" + v));
    List<Path> values = app.valuesFiles().stream().map(this::resolve).map(Path::of).toList();
    String chart = resolve(app.chart());
    boolean local = !chart.startsWith("oci://") && java.nio.file.Files.exists(Path.of(chart)); // a version only picks a remote chart
    return new HelmRolloutInput().kubeconfigContents(target.kubeconfig()).release(app.release()).namespace(app.namespace())
        .chart(chart).chartVersion(local ? null : app.version()).createNamespace(true).values(values).set(sets).timeout(options.helmTimeout())
        .stampIngress(target.ingressUrl(), target.appHost()).probePath(target.ingressUrl() == null ? null : app.smokePath())
        .probeAttempts(options.smokeAttempts()).probeInterval(options.smokeInterval()).validate();
  }

  /** A chart or values file path as written in the plan: relative to the plan's directory if it exists there, else as given. */
  String resolve(String ref) {
    if (ref == null || ref.startsWith("oci://") || Path.of(ref).isAbsolute() || planDir == null) {
      return ref;
    }
    Path beside = planDir.resolve(ref);
    return java.nio.file.Files.exists(beside) ? beside.toString() : ref;
  }

  private Engine engine(StampProgress sp) {
    return Engine.system(event -> onEvent(sp, event));
  }

  private void onEvent(StampProgress sp, ProgressEvent event) {
    synchronized (lock) {
      if (event.step().equals("helmRollout") && event.phase().equals("smoke") && sp.phase == StampPhase.ROLLING_OUT
          && lastPhaseName(sp).equals("rollout")) {
        end(sp, "rollout", ReleaseRecord.Result.SUCCEEDED, "workloads ready");
        sp.phases.add(new PhaseRecord("smoke", event.time(), null, ReleaseRecord.Result.RUNNING, null));
      }
      if (event.step().equals("helmRollout") && event.phase().equals("rollback") && sp.phase == StampPhase.ROLLING_OUT
          && !lastPhaseName(sp).equals("rollback")) {
        end(sp, lastPhaseName(sp), ReleaseRecord.Result.FAILED, sp.message);
        sp.phases.add(new PhaseRecord("rollback", event.time(), null, ReleaseRecord.Result.RUNNING, null));
      }
      sp.message = event.phase() + ": " + event.message();
      emit(sp);
    }
  }

  private void journal(StampProgress sp, Checkpoint<?> cp, int percent) {
    synchronized (lock) {
      sp.checkpoint = ReleaseStateFile.encode(cp);
      sp.percent = Math.max(sp.percent, percent);
      save();
      emit(sp);
    }
  }

  private void enter(StampProgress sp, StampPhase phase, String record, String message) {
    sp.phase = phase;
    sp.checkpoint = null;
    sp.message = message;
    sp.phases.add(new PhaseRecord(record, clock.instant(), null, ReleaseRecord.Result.RUNNING, null));
    save();
    emit(sp);
  }

  private void end(StampProgress sp, String record, ReleaseRecord.Result result, String message) {
    for (int i = sp.phases.size() - 1; i >= 0; i--) {
      PhaseRecord p = sp.phases.get(i);
      if (p.phase().equals(record) && p.end() == null) {
        sp.phases.set(i, new PhaseRecord(p.phase(), p.start(), clock.instant(), result, message));
        return;
      }
    }
  }

  private static String lastPhaseName(StampProgress sp) {
    return sp.phases.isEmpty() ? "" : sp.phases.get(sp.phases.size() - 1).phase();
  }

  private void fail(StampProgress sp, String phase, String message) {
    synchronized (lock) {
      end(sp, phase, ReleaseRecord.Result.FAILED, message);
      sp.phase = StampPhase.FAILED;
      sp.checkpoint = null;
      sp.message = message;
      if (sp.failureReasons.isEmpty()) {
        sp.failureReasons.add(message);
      }
      save();
      emit(sp);
    }
    listener.line(sp.stamp + " FAILED: " + message);
  }

  private void emit(StampProgress sp) {
    listener.stampChanged(new ReleaseListener.StampStatus(sp.stamp, sp.wave, sp.phase, sp.percent, sp.message));
  }

  private void save() {
    synchronized (lock) {
      stateFile.write(state);
    }
  }

  private void publish() {
    ReleaseRecord record;
    synchronized (lock) {
      record = state.toRecord();
    }
    recordSink.accept(record);
  }

  /** Ready nodes per pool ({@code agentpool} label, else role), read once per stamp for the record; best effort. */
  private Map<String, Integer> nodeCounts(StampTarget target) {
    try (KubernetesClient client = KubeClients.fromKubeconfig(target.kubeconfig())) {
      Map<String, Integer> counts = new TreeMap<>();
      for (Node n : client.nodes().list().getItems()) {
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (ready) {
          Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
          counts.merge(labels.getOrDefault("agentpool", labels.getOrDefault("kubernetes.io/role", "nodes")), 1, Integer::sum);
        }
      }
      return counts;
    } catch (RuntimeException e) {
      listener.line(target.stamp() + ": node count not read: " + e.getMessage());
      return new LinkedHashMap<>();
    }
  }

  // ---- gates ---------------------------------------------------------------------------------------------------

  private GateDecision gate(ReleasePlan.Wave wave, WaveProgress wp) {
    ReleasePlan.Gate g = wave.gate();
    GatePolicy policy = g.policy();
    synchronized (lock) {
      if (wp.gateOpened == null) {
        wp.gateOpened = clock.instant();
        listener.line("gate of wave " + wave.name() + ": " + g.minApprovals() + " approval(s) of " + String.join(", ", g.approvers())
            + (g.allowRequester() ? "" : "; " + state.requester + " started the release and may not approve"));
      }
      wp.phase = WavePhase.GATE;
      save();
    }
    GateState gs = new GateState(wave.name(), state.requester, wp.gateOpened, wp.answers);
    GateDecision decision;
    if (answers.automatic()) {
      // --auto-approve: recorded as what it is, not as any listed approver
      String who = "auto-approve (" + state.requester + ")";
      GatePolicy auto = new GatePolicy(Set.of(who), 1, policy.expiry(), true);
      Instant now = clock.instant();
      gs = Gates.answer(auto, gs, new Approval(who, Set.of(), Approval.Decision.APPROVE, now, "--auto-approve"));
      decision = Gates.decide(auto, gs, now);
    } else {
      decision = Gates.decide(policy, gs, clock.instant());
      while (!decision.closed()) {
        List<Approval> next = answers.next(wave.name(), policy, gs);
        boolean recorded = false;
        for (Approval a : next) {
          var refusal = Gates.refusal(policy, gs, a.user(), a.groups(), clock.instant());
          if (refusal.isPresent()) {
            listener.line("gate of wave " + wave.name() + ": answer of " + a.user() + " refused: " + refusal.get());
            synchronized (lock) {
              state.notes.add("gate " + wave.name() + ": answer of " + a.user() + " refused: " + refusal.get());
            }
            continue;
          }
          gs = Gates.answer(policy, gs, a);
          recorded = true;
          listener.line("gate of wave " + wave.name() + ": " + a.user() + " " + a.decision().name().toLowerCase()
              + (a.comment().isEmpty() ? "" : " (" + a.comment() + ")"));
          decision = Gates.decide(policy, gs, clock.instant());
          if (decision.closed()) {
            break;
          }
        }
        if (!recorded) {
          break;
        }
      }
    }
    synchronized (lock) {
      wp.answers = new ArrayList<>(gs.answers());
      if (decision.closed()) {
        wp.gateClosed = clock.instant();
        wp.gateDecision = decision.status().name();
      }
      save();
    }
    listener.line("gate of wave " + wave.name() + ": " + decision.status() + " (" + decision.message() + ")");
    return decision;
  }
}
