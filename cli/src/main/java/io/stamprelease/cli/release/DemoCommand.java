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
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.files.RunDirectory;
import io.stamprelease.core.release.GateAnswers;
import io.stamprelease.core.release.ReleaseOptions;
import io.stamprelease.core.release.ReleaseSetup;
import io.stamprelease.core.steps.helmrollout.HelmRollout;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.core.steps.helmrollout.HelmRolloutRequest;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `stamp demo`: a whole release on one laptop. Starts 3 simulated hubs, installs version 1.0.0 of the demo chart on
 * every stamp (production before the release), then releases 1.1.0 with the sample plan: wave canary (seattle), its
 * gate, wave rest (denver, austin in parallel) — austin gets the chart's crash toggle, is caught, rolled back and left
 * drained while traffic stays on seattle and denver. Writes hubs.yaml, the plan, release-state.json, release.json and
 * release-report.html.
 *
 * <p>Exit code: 0 when the demo went as designed (seattle and denver released, austin failed and was rolled back) —
 * the failure is the point of the demo, not a failure of the command; 1 when anything else happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a whole 3-stamp, 2-wave release against simulated hubs in under a minute.",
        "Wave canary (seattle), its approval gate, then wave rest (denver, austin): austin gets a crashing release that is "
            + "caught, rolled back and left drained while traffic stays on the healthy stamps. Writes release.json and release-report.html.",
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
      try (SimulatedCloud cloud = SimulatedCloud.startWithClusters(3, settings(), console::progress)) {
        console.progress(String.format("3 simulated hubs with AKS Engine clusters ready in %.1f s", seconds(start)));
        credentials = credentialFiles(work, cloud);
        if (!keep) {
          List<Path> generated = credentials;
          cleanUp = new Thread(() -> deleteCredentials(generated), "stamp-demo-cleanup");
          Runtime.getRuntime().addShutdownHook(cleanUp);
        }
        SimConfigFiles files = cloud.writeConfig(work);
        extractChart(work.resolve("charts").resolve("demo"));
        Path plan = writePlan(work, PromptGate.currentUser());
        ReleaseSetup setup = ReleaseSetup.load(plan, HubsFile.load(files.hubsYaml(), System.getenv()), console::progress);
        HelmProcessEnvironment.prepare();
        installProduction(cloud, setup, console);
        awaitServing(setup, console);
        console.progress(String.format("releasing 1.1.0 with %s (%.1f s so far)", plan, seconds(start)));
        GateAnswers answers = autoApprove ? GateAnswers.AUTO_APPROVE : new PromptGate(new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8)), spec.commandLine().getErr(), PromptGate.currentUser(), Clock.systemUTC());
        CommandResult r = ReleaseCommand.run(console, new ProgressDisplay(console, spec.commandLine().getErr(), ProgressDisplay.isTerminal()),
            setup, work.resolve("release-state.json"), work, answers, PromptGate.currentUser(), null,
            new ReleaseOptions("300ms", "200ms", "2m", 10, "300ms"),
            new Engine.Cancellation());
        boolean asDesigned = asDesigned(r);
        String summary = r.summary() + String.format("%nhubs.yaml: %s%nplan: %s%n", files.hubsYaml(), plan)
            + (keep ? "credentials kept (--keep): " + work.resolve("<stamp>.kubeconfig") + ", " + work.resolve("secrets") + "/\n"
                : "credentials deleted: the stamps' kubeconfigs and secrets/ (the simulated hubs are gone; --keep keeps them)\n")
            + String.format("demo %s in %.1f s", asDesigned ? "went as designed (austin caught and rolled back)" : "did NOT go as designed",
            seconds(start));
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
    List<Path> files = new java.util.ArrayList<>(cloud.hubs().stream().map(h -> work.resolve(h.name() + ".kubeconfig")).toList());
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

  /** seattle and denver released, austin failed and was rolled back: the demo's story. */
  static boolean asDesigned(CommandResult r) {
    var stamps = r.json().path("record").path("stamps");
    boolean ok = stamps.size() == 3;
    for (var s : stamps) {
      String name = s.path("stamp").asText();
      String result = s.path("result").asText();
      ok &= name.equals("austin") ? result.equals("FAILED") && s.path("phases").toString().contains("\"rollback\"") : result.equals("SUCCEEDED");
    }
    return ok;
  }

  public static void extractChart(Path target) throws IOException {
    for (String f : CHART_FILES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + "charts/demo/" + f)) {
        if (in == null) {
          throw new IllegalStateException("the demo chart file " + f + " is missing from this build");
        }
        Path out = target.resolve(f);
        Files.createDirectories(out.getParent());
        Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * samples/stamps.yaml pointed at the extracted chart, with the release's values (images 1.1.0), austin's crash
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
    Files.writeString(file, "# samples/stamps.yaml as `stamp demo` runs it: chart extracted beside it, austin crashes on purpose,\n"
        + "# and the canary gate is yours to answer (or --auto-approve).\n" + yaml.writeValueAsString(plan));
    return file;
  }

  /** Version 1.0.0 on every stamp, as production before the release (the endpoints need a healthy app to be Online). */
  private static void installProduction(SimulatedCloud cloud, ReleaseSetup setup, Console console) {
    String chart = setup.planFile().toAbsolutePath().resolveSibling("charts").resolve("demo").toString();
    cloud.hubs().parallelStream().forEach(hub -> {
      var target = setup.targets().get(hub.name());
      HelmRolloutRequest request = new HelmRolloutInput().kubeconfigContents(target.kubeconfig()).release(setup.plan().app().release())
          .namespace(setup.plan().app().namespace()).chart(chart).createNamespace(true).set(List.of("host=" + hub.appHost(SimulatedCloud.APP)))
          .timeout("2m").validate();
      try (HelmRollout rollout = new HelmRollout(request)) {
        Engine engine = Engine.system(e -> { });
        Outcome<HelmRolloutState> o = engine.run(rollout.step(), engine.start(rollout.step(), rollout.initialState()), hub.name(),
            new Engine.Cancellation());
        if (!o.succeeded()) {
          throw new IllegalStateException("installing 1.0.0 on " + hub.name() + " failed: " + o.message());
        }
      }
      console.progress(hub.name() + ": production version 1.0.0 installed");
    });
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
