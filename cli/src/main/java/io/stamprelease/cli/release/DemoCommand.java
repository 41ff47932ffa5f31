package io.stamprelease.cli.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.stamprelease.cli.support.CommandResult;
import io.stamprelease.cli.support.CommandSupport;
import io.stamprelease.cli.support.Console;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.cli.support.ProgressDisplay;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.engine.Engine;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.release.ReleaseOptions;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.kubelet.SimulatorSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `stamp demo`: a whole release on one laptop, from bare hubs. Starts 3 simulated hubs with nothing deployed (and the
 * global Traffic Manager profile, its three stamps out of rotation), then runs the sample plan, whose stamps each have a
 * {@code cluster:}: per stamp the release first deploys its AKS Engine cluster from {@code samples/clusters/<stamp>}
 * (akseDeploy) and sets its pool to the plan's count (akseScale: denver grows by one node), then installs the app
 * (helmRollout, smoke probe) and brings the stamp into rotation stepwise — wave canary (seattle), its gate, wave rest
 * (denver, austin in parallel). Austin gets the chart's crash toggle: its first install is caught and uninstalled, and
 * austin never takes traffic while seattle and denver serve. Writes hubs.yaml, the plan, the cluster files,
 * release-state.json, release.json and release-report.html.
 *
 * <p>Exit code: 0 when the demo went as designed (three clusters deployed, seattle and denver released, austin failed
 * and was rolled back) — the failure is the point of the demo, not a failure of the command; 1 when anything else
 * happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a whole 3-stamp, 2-wave release from bare simulated hubs, clusters first, in about a minute.",
        "Per stamp: deploy its AKS Engine cluster and scale its pool (akseDeploy, akseScale), install the app, bring it into rotation. "
            + "Wave canary (seattle), its approval gate, then wave rest (denver, austin): austin gets a crashing release that is "
            + "caught and uninstalled while traffic stays on the healthy stamps. Writes release.json and release-report.html.",
        "Exit 0 when the demo went as designed (austin's failure included), 1 otherwise."})
public final class DemoCommand implements Callable<Integer> {
  static final List<String> CHART_FILES = List.of("Chart.yaml", "values.yaml", "templates/_helpers.tpl", "templates/deployment-web.yaml",
      "templates/deployment-api.yaml", "templates/service-web.yaml", "templates/service-api.yaml", "templates/ingress.yaml");
  static final String RESOURCES = "/io/stamprelease/cli/demo/";

  @Spec
  CommandSpec spec;

  @Option(names = "--auto-approve", description = "Approve the gate automatically (recorded as auto-approve by you); otherwise you are asked.")
  boolean autoApprove;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo writes its files. Default: a new temporary directory.")
  Path dir;

  @Option(names = "--keep", description = "Keep the generated credentials (DIR/<stamp>.kubeconfig, DIR/secrets/) when the demo ends; "
      + "by default they are deleted then, on Ctrl-C too.")
  boolean keep;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
    long start = System.nanoTime();
    return CommandSupport.execute(console, "text", () -> {
      Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("stamp-demo-");
      Thread cleanUp = null;
      List<Path> credentials = List.of();
      try (SimulatedCloud cloud = SimulatedCloud.startBare(3, settings())) {
        cloud.createTrafficRouting(false); // the global profile: the stamps are out of rotation until their first release
        console.progress(String.format("3 bare simulated hubs ready in %.1f s: no cluster, no app; Traffic Manager endpoints disabled",
            seconds(start)));
        credentials = credentialFiles(work, cloud);
        if (!keep) {
          List<Path> generated = credentials;
          cleanUp = new Thread(() -> deleteCredentials(generated), "stamp-demo-cleanup");
          Runtime.getRuntime().addShutdownHook(cleanUp);
        }
        SimConfigFiles files = cloud.writeConfig(work);
        extractChart(work.resolve("charts").resolve("demo"));
        extractClusters(work.resolve("clusters"));
        Path plan = writePlan(work, PromptGate.currentUser());
        ReleaseOptions options = new ReleaseOptions("300ms", "200ms", "2m", 10, "300ms", "200ms");
        ReleaseSetup setup = ReleaseSetup.load(plan, HubsFile.load(files.hubsYaml(), System.getenv()), options, console::progress);
        HelmProcessEnvironment.prepare();
        console.progress(String.format("releasing with %s: clusters first, then the app (%.1f s so far)", plan, seconds(start)));
        GateAnswers answers = autoApprove ? GateAnswers.AUTO_APPROVE : new PromptGate(new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8)), spec.commandLine().getErr(), PromptGate.currentUser(), Clock.systemUTC());
        CommandResult r = ReleaseCommand.run(console, new ProgressDisplay(console, spec.commandLine().getErr(), ProgressDisplay.isTerminal()),
            setup, work.resolve("release-state.json"), work, answers, PromptGate.currentUser(), null, options, new Engine.Cancellation());
        boolean asDesigned = asDesigned(r);
        String summary = r.summary() + String.format("%nhubs.yaml: %s%nplan: %s%n", files.hubsYaml(), plan)
            + (keep ? "credentials kept (--keep): " + work.resolve("<stamp>.kubeconfig") + ", " + work.resolve("secrets") + "/\n"
                : "credentials deleted: the stamps' kubeconfigs and secrets/ (the simulated hubs are gone; --keep keeps them)\n")
            + String.format("demo %s in %.1f s", asDesigned ? "went as designed (3 clusters deployed; seattle and denver released; austin "
            + "caught, rolled back, never in rotation)" : "did NOT go as designed", seconds(start));
        return new CommandResult(asDesigned ? ExitCode.OK : ExitCode.FAILED, summary, r.json());
      } finally {
        if (cleanUp != null) {
          deleteCredentials(credentials);
          try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
          } catch (IllegalStateException exiting) {
            // the JVM is exiting and the hook deletes them
          }
        }
      }
    });
  }

  /** What {@link SimulatedCloud#writeConfig} writes that holds a credential: each stamp's kubeconfig and the secrets directory. */
  public static List<Path> credentialFiles(Path work, SimulatedCloud cloud) {
    List<Path> files = new ArrayList<>(cloud.hubs().stream().map(h -> work.resolve(h.name() + ".kubeconfig")).toList());
    files.add(work.resolve("secrets"));
    return files;
  }

  /** Deletes what {@link #credentialFiles} named (best effort; a missing file is fine). */
  public static void deleteCredentials(List<Path> credentials) {
    credentials.forEach(RunDirectory::deleteTree);
  }

  /**
   * {@link HubSettings#demo()} with a quicker kubelet: pods still visibly start, get Ready and crash, but a whole
   * release (two waves, three bakes per stamp) stays well under a minute.
   */
  static HubSettings settings() {
    HubSettings demo = HubSettings.demo();
    return new HubSettings(demo.arm(), new SimulatorSettings(Duration.ofMillis(500), Duration.ofMillis(700), Duration.ofSeconds(2),
        Duration.ofSeconds(1)), demo.nodeBootDelay(), demo.probePeriod());
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Every stamp's cluster deployed first; seattle and denver released, austin failed and was rolled back: the demo's story. */
  static boolean asDesigned(CommandResult r) {
    var stamps = r.json().path("record").path("stamps");
    boolean ok = stamps.size() == 3;
    for (var s : stamps) {
      String name = s.path("stamp").asText();
      String result = s.path("result").asText();
      var phases = s.path("phases");
      ok &= phases.size() > 0 && phases.get(0).path("phase").asText().equals("cluster") && phases.get(0).path("result").asText().equals("SUCCEEDED");
      ok &= name.equals("austin") ? result.equals("FAILED") && phases.toString().contains("\"rollback\"") : result.equals("SUCCEEDED");
    }
    return ok;
  }

  /** The sample clusters' aks-engine-azurestack generate output for the three hubs ({@code samples/clusters}). */
  public static void extractClusters(Path target) throws IOException {
    for (String stamp : List.of("seattle", "denver", "austin")) {
      for (String f : List.of("apimodel.json", "azuredeploy.json", "azuredeploy.parameters.json")) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + "clusters/" + stamp + "/" + f)) {
          if (in == null) {
            throw new IllegalStateException("the sample cluster file " + stamp + "/" + f + " is missing from this build");
          }
          Path out = target.resolve(stamp).resolve(f);
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  public static void extractChart(Path target) throws IOException {
    for (String f : CHART_FILES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + "charts/demo/" + f)) {
        if (in == null) {
          throw new IllegalStateException("the demo chart file " + f + " is missing from this build");
        }
        Path out = target.resolve(f);
        Files.createDirectories(out.getParent());
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * samples/stamps.yaml (its clusters: relative to it, extracted beside it) pointed at the extracted chart, with the release's
   * values (images 1.1.0), austin's crash
   * toggle, a short bake, and — when a person approves — a gate they may answer themselves.
   */
  static Path writePlan(Path work, String user) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    ObjectNode plan;
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + "stamps.yaml")) {
      plan = (ObjectNode) yaml.readTree(in);
    }
    Files.writeString(work.resolve("release-values.yaml"), "# the release: version 1.1.0 of both images\nweb:\n  image:\n    tag: \"1.1.0\"\n"
        + "api:\n  image:\n    tag: \"1.1.0\"\n");
    ObjectNode app = (ObjectNode) plan.get("app");
    app.put("chart", "charts/demo");
    app.putArray("valuesFiles").add("release-values.yaml");
    app.putObject("stampValues").putObject("austin").put("crash", "true");
    ((ObjectNode) plan.get("traffic")).put("bake", "1s");
    ArrayNode waves = (ArrayNode) plan.get("waves");
    ObjectNode gate = (ObjectNode) waves.get(0).get("gate");
    gate.put("timeout", "1h");
    gate.putArray("approvers").add(user);
    gate.put("minApprovals", 1).put("allowRequester", true);
    Path file = work.resolve("stamps.yaml");
    Files.writeString(file, "# samples/stamps.yaml as `stamp demo` runs it: chart and cluster files extracted beside it, austin crashes on\n"
        + "# purpose, and the canary gate is yours to answer (or --auto-approve).\n" + yaml.writeValueAsString(plan));
    return file;
  }

  public static void awaitServing(ReleaseSetup setup, Console console) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      List<EndpointState> endpoints = setup.traffic().read().endpoints();
      if (endpoints.stream().allMatch(EndpointState::serving)) {
        console.progress("Traffic Manager: every stamp Online " + endpoints.stream().map(e -> e.name() + "=" + e.weight()).toList());
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the stamps did not come Online in Traffic Manager within 30 s: " + endpoints);
      }
      Thread.sleep(200); // the demo's own set-up wait, polling the simulated monitor
    }
  }
}
