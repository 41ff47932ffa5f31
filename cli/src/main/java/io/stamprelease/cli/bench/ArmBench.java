package io.stamprelease.cli.bench;

import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.engine.ProgressListener;
import io.stamprelease.core.engine.Step;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.aksedeploy.AkseDeployRequest;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksedeploy.AkseDeploySteps;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.ArmTimings;
import io.stamprelease.testkit.arm.JournalEntry;
import io.stamprelease.testkit.kubelet.SimulatorSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How many ARM requests and how much wall time the product's own deployment path spends on one LRO that
 * runs T seconds with {@code Retry-After: R}: polling must follow Retry-After (no busy loop), so requests
 * stay within ceil(T/R) + 3 (PUT, first GET, polls, final read) and wall time within about one R of T.
 */
@Command(name = "arm", mixinStandardHelpOptions = true,
    description = "ARM requests and wall time of an akseDeploy LRO of T seconds with Retry-After R, against a simulated hub.")
public final class ArmBench implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--lro", split = ",", defaultValue = "6,10", description = "LRO durations T in seconds (default: ${DEFAULT-VALUE}).")
  List<Integer> lroSeconds;

  @Option(names = "--retry-after", split = ",", defaultValue = "1,2", description = "Retry-After values R in seconds (default: ${DEFAULT-VALUE}).")
  List<Integer> retryAfter;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("LRO requests = the PUT, every poll, and the final read; the existence check before the PUT (what makes");
    out.println("re-runs converge) is counted apart as pre-flight.");
    out.printf("%-6s %-4s %-13s %-14s %-11s %-10s %-10s %s%n", "T", "R", "LRO requests", "bound ceil+3", "pre-flight", "wall", "wall-T", "verdict");
    boolean allWithin = true;
    for (int t : lroSeconds) {
      for (int r : retryAfter) {
        Result result = measure(Duration.ofSeconds(t), r);
        long bound = (long) Math.ceil((double) t / r) + 3;
        boolean within = result.lroRequests() <= bound;
        allWithin &= within;
        out.printf("%-6s %-4s %-13d %-14d %-11d %-10s %-10s %s%n", t + "s", r + "s", result.lroRequests(), bound, result.preflight(),
            seconds(result.wall()), seconds(result.wall().minusSeconds(t)), within ? "within bound" : "OVER BOUND");
      }
    }
    return allWithin ? 0 : 1;
  }

  record Result(long lroRequests, long preflight, Duration wall) {
  }

  private static Result measure(Duration lro, int retryAfterSeconds) throws IOException {
    HubSettings settings = new HubSettings(new ArmTimings(lro, Duration.ofMillis(200), retryAfterSeconds), SimulatorSettings.fast(),
        Duration.ofMillis(100), Duration.ofSeconds(1));
    Path dir = RunDirectory.current().newPrivateDirectory("bench-arm-"); // holds the hub's secrets: gone with the run even when killed
    try (SimulatedCloud cloud = SimulatedCloud.startBare(1, settings)) {
      SimulatedHub hub = cloud.hubs().get(0);
      HubsFile hubs = HubsFile.load(cloud.writeConfig(dir).hubsYaml(), Map.of());
      var cluster = AksEngineTemplates.Cluster.of("bench", "27182818", 1, Map.of("agentpool1", 1));
      Path template = Files.writeString(dir.resolve("azuredeploy.json"), AksEngineTemplates.template(cluster).toString());
      Path parameters = Files.writeString(dir.resolve("azuredeploy.parameters.json"), AksEngineTemplates.parametersFile(cluster).toString());
      AkseDeployRequest deployment = new AkseDeployInput().hub(hub.name()).resourceGroup("bench-rg").location(hub.location())
          .template(template).parameters(parameters).kubeconfig(dir.resolve(hub.name() + ".kubeconfig")).validate();
      HubConnection connection = HubConnection.open(hubs.hub(hub.name()), w -> { });
      connection.arm().get(connection.arm().subscriptionPath() + "/resourcegroups?", "resourceGroups"); // warm the token outside the count
      List<io.stamprelease.core.engine.Task<AkseDeployState>> tasks = new ArrayList<>(
          AkseDeploySteps.submitAndWait(connection.arm(), deployment));
      hub.arm().createResourceGroup("bench-rg");
      Step<AkseDeployState> step = new Step<>("akseDeploy", tasks, Duration.ofMinutes(5));
      Engine engine = Engine.system(ProgressListener.NONE);
      int before = hub.arm().journal().entries().size();
      long start = System.nanoTime();
      Outcome<AkseDeployState> outcome = engine.run(step, engine.start(step, AkseDeploySteps.initialState(deployment)), hub.name(),
          new Engine.Cancellation());
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      if (!outcome.succeeded()) {
        throw new IllegalStateException("benchmark deployment did not succeed: " + outcome.message());
      }
      List<JournalEntry> lroRequests = hub.arm().journal().entries().subList(before, hub.arm().journal().entries().size()).stream()
          .filter(e -> e.path().contains("/deployments/" + deployment.name())).toList();
      int put = 0;
      while (put < lroRequests.size() && !lroRequests.get(put).method().equals("PUT")) {
        put++;
      }
      return new Result(lroRequests.size() - put, put, wall);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String seconds(Duration d) {
    return String.format("%.2fs", d.toMillis() / 1000.0);
  }
}
