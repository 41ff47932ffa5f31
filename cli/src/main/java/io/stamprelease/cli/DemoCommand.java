package io.stamprelease.cli;

import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `stamp demo`: the simulated multi-stamp release. For now it starts the hubs and describes the release to come. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start 3 simulated hubs and walk a release through them.",
        "This build starts the hubs and shows the release plan; the full release (waves, gates, rollback, report) arrives with the orchestration work."})
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--auto-approve", description = "Approve every stamp gate automatically (for unattended demos).")
  boolean autoApprove;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    long start = System.nanoTime();
    try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(3, HubSettings.fast(), console::progress)) {
      console.progress(String.format("3 simulated hubs with AKS Engine clusters ready in %.1f s", (System.nanoTime() - start) / 1e9));
      StringBuilder plan = new StringBuilder("Stamps:\n");
      for (SimulatedHub hub : cloud.hubs()) {
        plan.append(String.format("  %-8s %s/  %d nodes Ready, Traffic Manager endpoint %s%n", hub.name(), hub.arm().baseUrl(),
            hub.readyNodes(), hub.appHost(SimulatedCloud.APP)));
      }
      plan.append("""
          The release the full demo will run:
            wave 1: seattle         drain traffic -> helmRollout web+api -> smoke probe -> restore traffic 10%%/50%%/100%% -> stampGate%s
            wave 2: denver, austin  the same; austin gets a crashing image: caught in seconds, rolled back, left drained,
                                    traffic stays on seattle and denver
            then:   release.json and release-report.html (SVG timeline of stamps, gates, weights)
          """.formatted(autoApprove ? " (auto-approved)" : " (you approve)"));
      console.result(plan.toString().stripTrailing());
    }
    return ExitCode.OK;
  }
}
