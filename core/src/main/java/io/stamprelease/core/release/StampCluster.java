package io.stamprelease.core.release;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksedeploy.AkseDeploySteps;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.core.steps.aksescale.ScaleState;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a stamp's cluster phases run: {@link #arm}, core's {@code akseDeploy} and {@code akseScale} against the stamp's hub
 * and cluster (a seam: tests run a fake). Each runs its step to its end on {@code engine}, from {@code from} when it was
 * journaled before (null: from the start), handing every checkpoint to {@code journal} — the first one too.
 */
public interface StampCluster {
  /** Converges the cluster to its files (akseDeploy: a no-op when ARM finds the deployment unchanged). */
  Outcome<AkseDeployState> converge(String hub, AkseDeployRequest request, Engine engine, Checkpoint<AkseDeployState> from, String stamp,
      Engine.Cancellation cancellation, Consumer<Checkpoint<AkseDeployState>> journal);

  /**
   * Sets one pool to its count (akseScale). Without {@code from} it plans first (reads only): a pool at its count ends
   * SUCCEEDED with the plan as its state, nothing written and nothing journaled.
   */
  Outcome<ScaleState> scale(String hub, ScaleRequest request, Engine engine, Checkpoint<ScaleState> from, String stamp,
      Engine.Cancellation cancellation, Consumer<Checkpoint<ScaleState>> journal);

  /** For a release whose plan has no {@code cluster:}: never called, and says so if it is. */
  StampCluster NONE = new StampCluster() {
    @Override
    public Outcome<AkseDeployState> converge(String hub, AkseDeployRequest request, Engine engine, Checkpoint<AkseDeployState> from,
        String stamp, Engine.Cancellation cancellation, Consumer<Checkpoint<AkseDeployState>> journal) {
      throw new IllegalStateException("the release was started without access to the hubs' ARM, but stamp " + stamp + " has a cluster");
    }

    @Override
    public Outcome<ScaleState> scale(String hub, ScaleRequest request, Engine engine, Checkpoint<ScaleState> from, String stamp,
        Engine.Cancellation cancellation, Consumer<Checkpoint<ScaleState>> journal) {
      throw new IllegalStateException("the release was started without access to the hubs' ARM, but stamp " + stamp + " has a cluster");
    }
  };

  /** The steps against each hub's ARM (opened per phase from {@code hubs}) and the stamp's cluster. */
  static StampCluster arm(Function<String, HubSpec> hubs, Consumer<String> warnings) {
    return new StampCluster() {
      @Override
      public Outcome<AkseDeployState> converge(String hub, AkseDeployRequest request, Engine engine, Checkpoint<AkseDeployState> from,
          String stamp, Engine.Cancellation cancellation, Consumer<Checkpoint<AkseDeployState>> journal) {
        HubConnection connection = HubConnection.open(hubs.apply(hub), warnings);
        Step<AkseDeployState> step = AkseDeploySteps.plan(connection.arm(), request);
        Checkpoint<AkseDeployState> start = from != null ? from : engine.start(step, AkseDeploySteps.initialState(request));
        journal.accept(start);
        return engine.run(step, start, stamp, cancellation, journal);
      }

      @Override
      public Outcome<ScaleState> scale(String hub, ScaleRequest request, Engine engine, Checkpoint<ScaleState> from, String stamp,
          Engine.Cancellation cancellation, Consumer<Checkpoint<ScaleState>> journal) {
        HubConnection connection = HubConnection.open(hubs.apply(hub), warnings);
        try (KubernetesClient kube = KubeClients.fromKubeconfig(request.kubeconfig())) {
          Step<ScaleState> step = AkseScale.step(request, connection.arm(), kube);
          Checkpoint<ScaleState> start = from;
          if (start == null) {
            ScaleState plan = AkseScale.plan(request, connection.arm(), kube);
            if (plan.noOp()) {
              return new Outcome<>(Outcome.Status.SUCCEEDED, plan, "pool " + request.pool() + " already has " + request.targetCount()
                  + " nodes; nothing to do", Map.of(), Duration.ZERO);
            }
            start = engine.start(step, plan);
          }
          journal.accept(start);
          return engine.run(step, start, stamp, cancellation, journal);
        }
      }
    };
  }
}
