package io.stamprelease.plugin.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import groovy.lang.GroovyShell;
import groovy.util.DelegatingScript;
import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.HubConnection;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.HubsFile;
import io.stamprelease.core.steps.helmrollout.HelmRolloutState;
import io.stamprelease.core.steps.stampgate.Approval.Decision;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.azure.TrafficManagerProvider;
import io.stamprelease.core.traffic.f5.F5GtmProvider;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.akse.AkseDeployArgs;
import io.stamprelease.plugin.akse.AkseDeployCallable;
import io.stamprelease.plugin.akse.AkseDeployExecution;
import io.stamprelease.plugin.akse.AkseDeployStep;
import io.stamprelease.plugin.akse.AkseScaleCallable;
import io.stamprelease.plugin.akse.AkseScaleExecution;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.gate.StampGateExecution;
import io.stamprelease.plugin.gate.StampGateStep;
import io.stamprelease.plugin.helm.HelmRolloutCallable;
import io.stamprelease.plugin.helm.HelmRolloutExecution;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.plugin.hubs.AgentGslb;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.traffic.TrafficShiftArgs;
import io.stamprelease.plugin.traffic.TrafficShiftCallable;
import io.stamprelease.plugin.traffic.TrafficShiftExecution;
import io.stamprelease.plugin.traffic.TrafficShiftStep;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.StampApps;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code groovy} block of {@code docs/steps/*.md} as a Pipeline script: each step call is bound to its
 * step class as Pipeline binds it and run against the simulated stamp; the {@code echo} lines must equal the
 * {@code text} block that follows the example. A block fenced {@code groovy not-run} is shown, not run.
 */
@DisplayName("docs/steps: every Jenkinsfile example runs against the simulated stamp and prints what the page says")
class StepDocsExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path DOCS = Path.of("../docs/steps").toAbsolutePath().normalize();
  static final Pattern BLOCK = Pattern.compile("```(groovy|text)([^\\n]*)\\n(.*?)```", Pattern.DOTALL);
  static final Pattern ANSWERED_BY = Pattern.compile("// answered by: (.*)");
  static final Instant OPENED = Instant.now();
  /** A hub with a cluster for helmRollout, and a bare hub where akseDeploy creates clusters. */
  static SimulatedCloud cloud;
  static SimulatedCloud bare;
  static HubsFile bareHubs;
  static Map<String, char[]> credentials;
  /** Two stamps serving behind the simulated Traffic Manager and BIG-IP DNS, for trafficShift; started by its first example. */
  static SimulatedCloud traffic;
  static HubsFile trafficHubs;
  @TempDir
  static Path workspace;

  @BeforeAll
  static void start() throws IOException {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    credentials = Map.of("kube-seattle", cloud.hub("seattle").cluster().kubeconfig("default").toCharArray());
    copy(Path.of("../samples/charts/demo").toAbsolutePath().normalize(), workspace.resolve("charts/demo"));
    bare = SimulatedCloud.startBare(1, HubSettings.fast());
    bareHubs = HubsFile.load(bare.writeConfig(workspace).hubsYaml(), Map.of());
    aksEngineOutput("app-seattle", "31000001");
    aksEngineOutput("scale-seattle", "31000002");
  }

  @AfterAll
  static void stop() {
    cloud.close();
    bare.close();
    if (traffic != null) {
      traffic.close();
    }
  }

  /** What {@code aks-engine generate} writes for a 1-master, 2-agent cluster: {@code _output/<dnsPrefix>/}. */
  static void aksEngineOutput(String dnsPrefix, String nameSuffix) throws IOException {
    Cluster cluster = Cluster.of(dnsPrefix, nameSuffix, 1, Map.of("agentpool1", 2));
    Path dir = Files.createDirectories(workspace.resolve("_output").resolve(dnsPrefix));
    Files.writeString(dir.resolve("azuredeploy.json"), JSON.writeValueAsString(AksEngineTemplates.template(cluster)));
    Files.writeString(dir.resolve("azuredeploy.parameters.json"), JSON.writeValueAsString(AksEngineTemplates.parametersFile(cluster)));
  }

  @TestFactory
  Stream<DynamicTest> examples() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> pages = Files.list(DOCS)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = BLOCK.matcher(Files.readString(page));
        String script = null;
        int n = 0;
        while (m.find()) {
          if (m.group(1).equals("groovy") && !m.group(2).contains("not-run")) {
            script = m.group(3);
          } else if (m.group(1).equals("text") && script != null) {
            String code = script;
            List<String> expected = m.group(3).lines().filter(l -> !l.isBlank()).toList();
            tests.add(DynamicTest.dynamicTest(page.getFileName() + " example " + (++n), () -> assertThat(run(code)).isEqualTo(expected)));
            script = null;
          }
        }
        assertThat(n).as(page.getFileName() + " has examples with their expected output").isPositive();
      }
    }
    return tests.stream();
  }

  /** Runs the script; returns what it echoed. */
  static List<String> run(String script) {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(DelegatingScript.class.getName());
    DelegatingScript compiled = (DelegatingScript) new GroovyShell(StepDocsExamplesTest.class.getClassLoader(), config).parse(script, "WorkflowScript");
    Matcher answered = ANSWERED_BY.matcher(script);
    List<String> answers = answered.find() ? List.of(answered.group(1).split(",\\s*")) : List.of();
    DocPipeline pipeline = new DocPipeline(Map.of("helmRollout", StepDocsExamplesTest::helmRollout, "akseDeploy", StepDocsExamplesTest::akseDeploy,
        "akseScale", StepDocsExamplesTest::akseScale, "stampGate", a -> stampGate(a, answers), "trafficShift", StepDocsExamplesTest::trafficShift));
    compiled.setDelegate(pipeline);
    compiled.run();
    return pipeline.echoed();
  }

  static Object helmRollout(Map<?, ?> arguments) throws Exception {
    HelmRolloutStep step = StepBinder.bind(HelmRolloutStep.class, arguments);
    FakeStepContext context = new FakeStepContext();
    HelmRolloutExecution execution = new HelmRolloutExecution(context, step.args());
    char[] kubeconfig = step.getKubeconfigCredentialsId() == null ? null : credentials.get(step.getKubeconfigCredentialsId());
    AtomicReference<Exception> error = new AtomicReference<>();
    Await.until("helmRollout to finish", Duration.ofMinutes(3), () -> {
      try {
        AgentResult<HelmRolloutState> r = RemotingChannel.call(new HelmRolloutCallable(execution.args(), kubeconfig, execution.sessionId(), execution.checkpoint(),
            context.listener()), workspace.toFile());
        execution.accept(r);
      } catch (Exception e) {
        error.set(e);
      }
      return context.completed() || error.get() != null;
    });
    return complete(context, error.get());
  }

  static Object akseDeploy(Map<?, ?> arguments) throws Exception {
    AkseDeployArgs args = StepBinder.bind(AkseDeployStep.class, arguments).args();
    FakeStepContext context = new FakeStepContext();
    AkseDeployExecution execution = new AkseDeployExecution(context, args);
    return visits(context, "akseDeploy", () -> execution.accept(RemotingChannel.call(new AkseDeployCallable(args, agentHub(args.hub()), execution.checkpoint(),
        context.listener()), workspace.toFile())));
  }

  static Object akseScale(Map<?, ?> arguments) throws Exception {
    AkseScaleCallable.Args args = StepBinder.bind(AkseScaleStep.class, arguments).args();
    FakeStepContext context = new FakeStepContext();
    AkseScaleExecution execution = new AkseScaleExecution(context, args);
    return visits(context, "akseScale", () -> execution.accept(RemotingChannel.call(new AkseScaleCallable(args, agentHub(args.hub()), execution.checkpoint(),
        context.listener()), workspace.toFile())));
  }

  /**
   * trafficShift as the controller starts it in a build carol started (the hub {@code public-azure} and the GSLB
   * {@code lab-bigip} configured), then visit after visit on the agent with the hub's or the GSLB's credentials.
   */
  static Object trafficShift(Map<?, ?> arguments) throws Exception {
    HubsFile hubs = trafficCloud();
    TrafficShiftArgs args = StepBinder.bind(TrafficShiftStep.class, arguments).args(List.of("public-azure"), List.of("lab-bigip"))
        .forBuild("carol", "release#1");
    AgentHub hub = null;
    AgentGslb gslb = null;
    if (args.f5()) {
      GslbSpec spec = hubs.gslb().orElseThrow();
      gslb = new AgentGslb("lab-bigip", spec.url().toString(), spec.username(), spec.password().read(io.stamprelease.core.clients.hub.GslbSpec.Field.PASSWORD).toCharArray(), spec.pool(),
          Files.readString(spec.caFile()));
    } else {
      HubSpec spec = hubs.publicAzure().orElseThrow();
      hub = AgentHubs.of("public-azure", spec, ApiProfile.PUBLIC_AZURE);
    }
    FakeStepContext context = new FakeStepContext();
    TrafficShiftExecution execution = new TrafficShiftExecution(context, args);
    AgentHub tm = hub;
    AgentGslb f5 = gslb;
    return visits(context, "trafficShift", () -> execution.accept(RemotingChannel.call(new TrafficShiftCallable(args, tm, f5, execution.checkpoint(),
        context.listener()), workspace.toFile())));
  }

  /** Starts the two-stamp cloud once, both stamps' apps healthy, and waits until both providers see them Online. */
  static synchronized HubsFile trafficCloud() throws IOException {
    if (traffic == null) {
      traffic = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
      traffic.hubs().forEach(StampApps::deployHealthy);
      trafficHubs = HubsFile.load(traffic.writeConfig(Files.createDirectories(workspace.resolve("traffic"))).hubsYaml(), Map.of());
      TrafficProvider azure = new TrafficManagerProvider(HubConnection.open(trafficHubs.publicAzure().orElseThrow(), w -> { }).arm(),
          traffic.trafficProfileId().orElseThrow());
      for (TrafficProvider p : List.of(azure, F5GtmProvider.of(trafficHubs.gslb().orElseThrow(), null))) {
        Await.until(p.type().value() + ": both stamps serving", Duration.ofSeconds(30), () -> p.read().serving().size() == 2);
      }
    }
    return trafficHubs;
  }

  /** The gate opened by carol (who started the build), then answered as the example's comment says: user[@group]=approve|reject. */
  static Object stampGate(Map<?, ?> arguments, List<String> answers) throws Exception {
    StampGateStep step = StepBinder.bind(StampGateStep.class, arguments);
    FakeStepContext context = new FakeStepContext();
    StampGateExecution gate = new StampGateExecution(context, step.getStamp(), step.policy(),
        step.getMessage() == null ? "Release " + step.getStamp() + "?" : step.getMessage());
    gate.open("carol", OPENED);
    int minute = 0;
    for (String answer : answers) {
      String[] who = answer.split("=")[0].split("@");
      Decision decision = answer.endsWith("=reject") ? Decision.REJECT : Decision.APPROVE;
      gate.answer(who[0], who.length > 1 ? Set.of(who[1]) : Set.of(), decision, "", OPENED.plusSeconds(60L * ++minute));
    }
    assertThat(context.completed()).as("the example's answers decide the gate").isTrue();
    return complete(context, null);
  }

  /** One visit after another (each from the execution's checkpoint) until the step completes. */
  private static Object visits(FakeStepContext context, String step, Visit visit) throws Exception {
    AtomicReference<Exception> error = new AtomicReference<>();
    Await.until(step + " to finish", Duration.ofMinutes(3), () -> {
      try {
        visit.run();
      } catch (Exception e) {
        error.set(e);
      }
      return context.completed() || error.get() != null;
    });
    return complete(context, error.get());
  }

  private interface Visit {
    void run() throws Exception;
  }

  /** The hub as the controller ships it to the agent after resolving its credentials. */
  static AgentHub agentHub(String name) throws IOException {
    return AgentHubs.of(bareHubs.hub(name));
  }

  private static Object complete(FakeStepContext context, Exception error) throws Exception {
    if (error != null) {
      throw error;
    }
    if (context.failure() instanceof Exception e) {
      throw e;
    }
    return context.result();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
