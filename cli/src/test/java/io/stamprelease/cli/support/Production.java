package io.stamprelease.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.file.Path;
import java.util.List;

/** The demo chart's 1.0.0 in production on every hub of a simulated cloud: what a release test then releases over. */
public final class Production {
  public static final Path CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize();

  private Production() {
  }

  /** Installs release {@code demo} of the demo chart into {@code namespace} on every hub (in parallel), each serving its app host. */
  public static void install(SimulatedCloud cloud, String namespace) {
    cloud.hubs().parallelStream().forEach(hub -> {
      try (HelmRollout rollout = new HelmRollout(new HelmRolloutInput().kubeconfigContents(hub.cluster().kubeconfig("default")).release("demo")
          .namespace(namespace).chart(CHART.toString()).createNamespace(true).set(List.of("host=" + hub.appHost(SimulatedCloud.APP)))
          .timeout("1m").validate())) {
        Engine engine = Engine.system(e -> { });
        Outcome<HelmRolloutState> o = engine.run(rollout.step(), engine.start(rollout.step(), rollout.initialState()), hub.name(),
            new Engine.Cancellation());
        assertThat(o.succeeded()).as(o.message()).isTrue();
      }
    });
  }
}
