package io.stamprelease.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.DurationConverter;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.ArmFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `stamp sim`: run simulated hubs in the foreground to try Jenkinsfiles and scripts locally. */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run simulated Azure Stack Hubs (one stamp each) and a simulated public-Azure region on 127.0.0.1 until interrupted.",
        "Writes DIR/hubs.yaml, DIR/ca.pem, DIR/<stamp>.kubeconfig and DIR/secrets/* (0600; deleted when the simulation stops)."})
public final class SimCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--hubs", defaultValue = "2", description = "Number of hubs, 1-12 (default: ${DEFAULT-VALUE}).")
  int hubs;

  @Option(names = "--dir", required = true, description = "Directory for hubs.yaml, ca.pem, kubeconfigs and secrets.")
  Path dir;

  @Option(names = "--faults", description = {"Faults injected into every hub's ARM, comma separated; prefix with <hub>@ for one hub:",
      "throttle:<match>:<times>:<retryAfterSeconds>, 5xx:<match>:<times>[:<status>], reset:<match>:<times>, latency:<millis>, lro-fail.",
      "Example: --faults 'seattle@throttle:PUT /subscriptions:2:1,latency:50'"})
  String faults;

  @Option(names = "--bare", description = "Start empty hubs: no cluster deployed; the Traffic Manager profile lists the stamps "
      + "disabled (out of rotation until a release brings them in).")
  boolean bare;

  @Option(names = "--speed", defaultValue = "demo", description = "Simulated durations: demo (visible phases) or fast (tests). Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(names = "--duration", converter = DurationConverter.class,
      description = "Stop by itself after this long (e.g. 10m); default: run until interrupted.")
  Duration duration;

  @Option(names = "--verbose", description = "Print every ARM request the hubs serve (secrets redacted).")
  boolean verbose;

  @Option(names = "--output", defaultValue = "text", description = "text or json (the summary on stdout).")
  String output;

  @Override
  public Integer call() throws IOException {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    List<String> problems = validate();
    if (!problems.isEmpty()) {
      console.error("invalid `stamp sim` input: " + String.join("; ", problems));
      return ExitCode.INVALID_INPUT;
    }
    HubSettings settings = speed.equals("fast") ? HubSettings.fast() : HubSettings.demo();
    long start = System.nanoTime();
    SimulatedCloud cloud = start(hubs, settings, bare, console::progress);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> stop(cloud, stopped), "stamp-sim-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    applyFaults(cloud);
    if (verbose) {
      cloud.hubs().forEach(h -> h.arm().journal().onEntry(e -> console.progress("[" + h.name() + "] " + e)));
    }
    SimConfigFiles files = cloud.writeConfig(dir);
    console.progress(String.format("%d simulated hub(s) ready in %.1f s", hubs, (System.nanoTime() - start) / 1e9));
    summarize(cloud, files, console);
    try {
      if (duration != null) {
        stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        console.progress("running until interrupted (Ctrl-C)");
        stopped.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (stopped.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        stop(cloud, stopped);
      }
    }
    console.progress("simulation stopped; its credential files were deleted");
    return ExitCode.OK;
  }

  /**
   * The simulation `stamp sim` runs: hubs with a cluster each and the global routing serving them, or — {@code bare} — empty
   * hubs (no cluster, no app) whose stamps are in the Traffic Manager profile but disabled, out of rotation until a release
   * brings them in (the docs' examples run against the same).
   */
  public static SimulatedCloud start(int hubs, HubSettings settings, boolean bare, Consumer<String> progress) {
    if (!bare) {
      return SimulatedCloud.startWithClusters(hubs, settings, progress);
    }
    SimulatedCloud cloud = SimulatedCloud.startBare(hubs, settings);
    try {
      cloud.createTrafficRouting(false);
      return cloud;
    } catch (RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  private List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (hubs < 1 || hubs > SimulatedCloud.STAMP_NAMES.size()) {
      problems.add("--hubs: must be between 1 and " + SimulatedCloud.STAMP_NAMES.size() + " (was " + hubs + ")");
    }
    if (!speed.equals("demo") && !speed.equals("fast")) {
      problems.add("--speed: must be demo or fast (was '" + speed + "')");
    }
    if (!output.equals("text") && !output.equals("json")) {
      problems.add("--output: must be text or json (was '" + output + "')");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      problems.add("--dir: '" + dir + "' exists and is not a directory");
    }
    if (faults != null) {
      for (String item : faults.split(",")) {
        String spec = item.contains("@") ? item.substring(item.indexOf('@') + 1) : item;
        String hub = item.contains("@") ? item.substring(0, item.indexOf('@')).trim() : null;
        if (hub != null && !SimulatedCloud.STAMP_NAMES.subList(0, Math.max(0, Math.min(hubs, SimulatedCloud.STAMP_NAMES.size()))).contains(hub)) {
          problems.add("--faults: names hub '" + hub + "' but the hubs are " + SimulatedCloud.STAMP_NAMES.subList(0, Math.max(1, Math.min(hubs, 12))));
        }
        try {
          new ArmFaults().apply(spec);
        } catch (IllegalArgumentException e) {
          problems.add("--faults: " + e.getMessage());
        }
      }
    }
    return problems;
  }

  private void applyFaults(SimulatedCloud cloud) {
    if (faults == null) {
      return;
    }
    for (String item : faults.split(",")) {
      if (item.contains("@")) {
        cloud.hub(item.substring(0, item.indexOf('@')).trim()).arm().faults().apply(item.substring(item.indexOf('@') + 1));
      } else {
        cloud.hubs().forEach(h -> h.arm().faults().apply(item));
      }
    }
  }

  private void summarize(SimulatedCloud cloud, SimConfigFiles files, Console console) throws IOException {
    if (output.equals("json")) {
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = json.createObjectNode().put("hubsYaml", files.hubsYaml().toString()).put("caFile", files.caPem().toString());
      var array = root.putArray("hubs");
      for (SimulatedHub hub : cloud.hubs()) {
        array.addObject().put("name", hub.name()).put("armEndpoint", hub.arm().baseUrl() + "/")
            .put("kubeconfig", dir.resolve(hub.name() + ".kubeconfig").toString()).put("ingressUrl", hub.ingress().url())
            .put("readyNodes", hub.readyNodes());
      }
      root.put("publicAzureArmEndpoint", cloud.publicRegion().arm().baseUrl() + "/");
      root.put("gslbUrl", cloud.gslb().url());
      cloud.trafficProfileId().ifPresent(id -> root.put("trafficManagerProfileId", id));
      console.result(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      return;
    }
    StringBuilder text = new StringBuilder();
    for (SimulatedHub hub : cloud.hubs()) {
      text.append(String.format("%-9s ARM %s/  (%s)  kubeconfig %s  ingress %s  %d nodes Ready%n", hub.name(), hub.arm().baseUrl(),
          hub.arm().tokens().system().name().toLowerCase(), dir.resolve(hub.name() + ".kubeconfig"), hub.ingress().url(), hub.readyNodes()));
    }
    text.append("public Azure ARM ").append(cloud.publicRegion().arm().baseUrl()).append('/');
    cloud.trafficProfileId().ifPresent(id -> text.append("\nTraffic Manager profile ").append(id));
    text.append("\nF5 BIG-IP DNS ").append(cloud.gslb().url()).append(" (pool /Common/").append(SimulatedCloud.GSLB_POOL).append(')');
    text.append("\nhubs.yaml ").append(files.hubsYaml()).append("   CA ").append(files.caPem());
    console.result(text.toString());
  }

  /** Stops the hubs and deletes the credentials written for them: they are worthless once the simulation is gone. */
  private void stop(SimulatedCloud cloud, CountDownLatch stopped) {
    if (stopped.getCount() == 0) {
      return;
    }
    cloud.close();
    try {
      for (SimulatedHub hub : cloud.hubs()) {
        Files.deleteIfExists(dir.resolve(hub.name() + ".kubeconfig"));
        Files.deleteIfExists(dir.resolve("secrets").resolve(hub.name() + ".client-secret"));
      }
      Files.deleteIfExists(dir.resolve("secrets").resolve("public-azure.client-secret"));
      Files.deleteIfExists(dir.resolve("secrets").resolve("f5-gtm.password"));
      Files.deleteIfExists(dir.resolve("secrets"));
    } catch (IOException e) {
      spec.commandLine().getErr().println("warning: could not delete the simulation's credential files in " + dir + ": " + e.getMessage());
    }
    stopped.countDown();
  }
}
