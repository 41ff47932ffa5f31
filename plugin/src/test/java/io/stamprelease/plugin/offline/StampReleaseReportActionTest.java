package io.stamprelease.plugin.offline;

import com.thoughtworks.xstream.XStream;
import hudson.AbortException;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.steps.GateEnded;
import io.stamprelease.core.steps.StepKind;
import io.stamprelease.core.steps.StepEnded;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord.Result;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecordBuilder.Build;
import io.stamprelease.core.steps.aksedeploy.AkseDeployResult;
import io.stamprelease.core.steps.aksedeploy.AkseDeployState;
import io.stamprelease.core.steps.aksescale.ScaleState;
import io.stamprelease.core.steps.stampgate.Approval.Decision;
import io.stamprelease.core.steps.stampgate.Gates;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.akse.AkseScaleCallable;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.gate.StampGateExecution;
import io.stamprelease.plugin.gate.StampGateStep;
import io.stamprelease.plugin.hubs.AgentHub;
import io.stamprelease.plugin.report.StampReleaseReportAction;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stamp Release report action (offline: the hooks' effect on the ledger, the rendered page and release.json)")
class StampReleaseReportActionTest {
  static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  static final String SECRET = "s3cr3t-of-the-seattle-principal";

  StampReleaseReportAction action;

  @TempDir
  Path workspace;

  static Instant at(int minute) {
    return T0.plusSeconds(minute * 60L);
  }

  static Build ended() {
    return new Build("stamps » release #7", "Pipeline stamps/release", "stamp-release plugin 0.1.0", "carol", T0, at(40), Result.FAILED, null);
  }

  /** What the agent returns when akseDeploy ends well: its typed result, with values (correlation id, API server) the report does not show. */
  static AgentResult<AkseDeployState> deployed() {
    return AgentResult.done(null, Outcome.Status.SUCCEEDED, null, new AkseDeployResult("seattle", "rg-app", "app-1", "deployed", null, null,
        "9a1c", null, null, null, null, "https://" + SECRET + ".seattle.example", Map.of("master", 1, "agentpool1", 2), 3, 3, null, null, null));
  }

  /** How a long step's execution tells its end: the agent's result as a StepEnded of the hub it ran on. */
  static StepEnded ended(StepKind kind, String hub, AgentResult<?> result, java.time.Instant start, java.time.Instant end) {
    return StepEnded.of(kind, hub, hub, start, end, result.status(), result.message(), result.result());
  }

  @BeforeEach
  void recordAPipeline() throws Exception {
    action = new StampReleaseReportAction();
    // Given seattle deployed (wave 1) ...
    action.add(ended(StepKind.AKSE_DEPLOY, "seattle", deployed(), at(1), at(6)));
    // ... denver's gate approved by alice and dave through the real stampGate execution ...
    StampGateStep step = new StampGateStep("denver", "alice,dave");
    step.setMinApprovals(2);
    StampGateExecution gate = new StampGateExecution(new FakeStepContext(), "denver", step.policy(), "Release denver?");
    gate.open("carol", at(10));
    assertThat(gate.answer("alice", Set.of(), Decision.APPROVE, "seattle <b>looks</b> fine & calm", at(12))).isEmpty();
    assertThat(gate.answer("dave", Set.of(), Decision.APPROVE, "", at(14))).isEmpty();
    action.add(GateEnded.of(gate.state(), Gates.decide(gate.policy(), gate.state(), at(14)), at(14)));
    // ... and denver's scale-out failed on the agent with a message carrying markup
    action.add(ended(StepKind.AKSE_SCALE, "denver", AgentResult.<ScaleState>done(null, Outcome.Status.FAILED,
        "deployment scale-agentpool1-2-to-4 failed: <VMExtensionProvisioningError> exit status 50 & more", null), at(15), at(22)));
  }

  @Test
  @DisplayName("the page shows each step as a phase of its hub's stamp, the failed one as Failed with its message, escaped")
  void page() {
    // When
    String html = action.html(ended());
    // Then
    assertThat(html).contains("<title>Release stamps » release #7 — Failed</title>", "Pipeline stamps/release", "stamp-release plugin 0.1.0");
    assertThat(html).contains("deployment app-1: deployed, 3/3 nodes Ready", "agentpool1: 2", "master: 1");
    assertThat(html).contains("<tr class=\"stamp r-failed\">")
        .contains("failed: &lt;VMExtensionProvisioningError&gt; exit status 50 &amp; more")
        .doesNotContain("<VMExtensionProvisioningError>");
    assertThat(html).contains("After wave 1", "APPROVED", "alice", "dave", "seattle &lt;b&gt;looks&lt;/b&gt; fine &amp; calm")
        .doesNotContain("<b>looks</b>");
  }

  @Test
  @DisplayName("release.json holds the same record and reads back equal; seattle is wave 1, denver wave 2 after its gate")
  void json() {
    // When
    String json = action.json(ended());
    ReleaseRecord record = ReleaseJson.parse(json, "release.json");
    // Then
    assertThat(record).isEqualTo(action.record(ended()));
    assertThat(record.stamps()).extracting(StampRecord::stamp).containsExactly("seattle", "denver");
    assertThat(record.stamps()).extracting(StampRecord::wave).containsExactly("1", "2");
    StampRecord denver = record.stamps().get(1);
    assertThat(denver.result()).isEqualTo(Result.FAILED);
    assertThat(denver.phases().get(0).message()).startsWith("deployment scale-agentpool1-2-to-4 failed:");
    assertThat(denver.failureReasons()).singleElement().asString().startsWith("akseScale: deployment scale-agentpool1-2-to-4 failed");
    assertThat(record.gates().get(0).approvals()).extracting(ReleaseRecord.ApprovalRecord::user).containsExactly("alice", "dave");
    assertThat(record.result()).isEqualTo(Result.FAILED);
  }

  @Test
  @DisplayName("a step that failed without an agent result (core's validation on the agent) is recorded with the logged message")
  void failureWithoutResult() throws Exception {
    // Given the AbortException akseScale's callable throws for bad input (a hub nobody listens on: nothing is contacted)
    AgentHub nowhere = AgentHubs.nowhere("austin", SECRET);
    AkseScaleCallable callable = new AkseScaleCallable(new AkseScaleStep("austin", "rg-app", "master", 3, "missing.kubeconfig").args(), nowhere,
        null, new RecordingListener());
    AbortException failure = org.junit.jupiter.api.Assertions.assertThrows(AbortException.class, () -> RemotingChannel.call(callable, workspace.toFile()));
    // When
    action.add(StepEnded.of(StepKind.AKSE_SCALE, "austin", "austin", at(30), at(30), Outcome.Status.FAILED, failure.getMessage(), null));
    // Then
    StampRecord austin = action.record(ended()).stamps().get(2);
    assertThat(austin.result()).isEqualTo(Result.FAILED);
    assertThat(austin.phases().get(0).message()).isEqualTo(failure.getMessage()).contains("pool: masters cannot be scaled");
    assertThat(action.html(ended())).contains("[akseScale] invalid input: ");
  }

  @Test
  @DisplayName("no secret reaches the report: outputs other than the named ones are never read")
  void noSecrets() {
    assertThat(action.html(ended())).doesNotContain(SECRET).doesNotContain("9a1c");
    assertThat(action.json(ended())).doesNotContain(SECRET).doesNotContain("kubeconfigText");
  }

  @Test
  @DisplayName("while the build runs the release is RUNNING, not yet finished")
  void running() {
    Build running = new Build("stamps » release #7", "Pipeline stamps/release", "stamp-release plugin 0.1.0", "carol", T0, null, null, null);
    ReleaseRecord record = action.record(running);
    assertThat(record.result()).isEqualTo(Result.RUNNING);
    assertThat(action.html(running)).contains("still running");
  }

  @Test
  @DisplayName("the action survives build.xml (XStream, as Jenkins stores actions) and renders the same record after it")
  void xstream() {
    // Given
    XStream xstream = new XStream();
    xstream.allowTypesByWildcard(new String[] {"io.stamprelease.**"});
    // When
    String xml = xstream.toXML(action);
    StampReleaseReportAction back = (StampReleaseReportAction) xstream.fromXML(xml);
    // Then
    assertThat(back.record(ended())).isEqualTo(action.record(ended()));
    assertThat(xml).doesNotContain(SECRET).contains("<phase>akseDeploy</phase>");
    // and a later step is added to the loaded action as to a new one
    back.add(ended(StepKind.AKSE_DEPLOY, "austin", AgentResult.done(null, Outcome.Status.SUCCEEDED, null, null), at(31), at(35)));
    assertThat(back.record(ended()).stamps()).hasSize(3);
    assertThat(action.record(ended()).stamps()).as("the original is untouched").hasSize(2);
  }

  @Test
  @DisplayName("every core class the action keeps in build.xml is listed in META-INF/hudson.remoting.ClassFilter (JEP-200)")
  void classFilter() throws Exception {
    // Given the whitelist the plugin ships
    java.util.Set<String> listed = new java.util.HashSet<>();
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/hudson.remoting.ClassFilter")) {
      assertThat(in).as("META-INF/hudson.remoting.ClassFilter on the classpath").isNotNull();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(listed::add);
    }
    // When walking the action's persisted fields
    java.util.List<String> core = persisted(StampReleaseReportAction.class).stream()
        .filter(c -> c.getName().startsWith("io.stamprelease.core.") && !c.isEnum()).map(Class::getName).toList();
    // Then
    assertThat(core).contains("io.stamprelease.core.report.ReleaseRecordBuilder", "io.stamprelease.core.report.RecordEntries$StepEntry");
    assertThat(listed).containsAll(core);
  }

  @Test
  @DisplayName("every Serializable class of core is listed in the JEP-200 whitelist: checkpoints and step states cross Remoting and live in program.dat")
  void everySerializableCoreClassIsWhitelisted() throws Exception {
    // Given the whitelist and core's jar (or classes directory)
    java.util.Set<String> listed = new java.util.HashSet<>();
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/hudson.remoting.ClassFilter")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(listed::add);
    }
    java.nio.file.Path core = java.nio.file.Path.of(io.stamprelease.core.engine.Checkpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    java.util.List<String> names = new java.util.ArrayList<>();
    if (java.nio.file.Files.isDirectory(core)) {
      try (var files = java.nio.file.Files.walk(core)) {
        files.map(f -> core.relativize(f).toString()).filter(n -> n.endsWith(".class")).forEach(names::add);
      }
    } else {
      try (var jar = new java.util.jar.JarFile(core.toFile())) {
        jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(names::add);
      }
    }
    // When
    java.util.List<String> serializable = new java.util.ArrayList<>();
    for (String n : names) {
      Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.').replace('\\', '.'), false, getClass().getClassLoader());
      if (java.io.Serializable.class.isAssignableFrom(c) && !c.isEnum() && !c.isInterface() && !Throwable.class.isAssignableFrom(c)) {
        serializable.add(c.getName());
      }
    }
    // Then
    assertThat(serializable).contains("io.stamprelease.core.engine.Checkpoint", "io.stamprelease.core.steps.helmrollout.HelmRolloutState");
    assertThat(serializable).as("missing from META-INF/hudson.remoting.ClassFilter").allMatch(listed::contains);
  }

  /** The classes XStream meets writing an instance of {@code root}: its non-static, non-transient fields' types, recursively. */
  static java.util.Set<Class<?>> persisted(Class<?> root) {
    java.util.Set<Class<?>> seen = new java.util.LinkedHashSet<>();
    java.util.Deque<java.lang.reflect.Type> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
    while (!todo.isEmpty()) {
      java.lang.reflect.Type t = todo.pop();
      if (t instanceof java.lang.reflect.ParameterizedType p) {
        todo.push(p.getRawType());
        java.util.Arrays.stream(p.getActualTypeArguments()).forEach(todo::push);
      } else if (t instanceof java.lang.reflect.WildcardType w) {
        java.util.Arrays.stream(w.getUpperBounds()).forEach(todo::push);
      } else if (t instanceof Class<?> c && !c.isPrimitive() && !c.getName().startsWith("java.") && seen.add(c)) {
        for (java.lang.reflect.Field f : c.getDeclaredFields()) {
          int m = f.getModifiers();
          if (!java.lang.reflect.Modifier.isStatic(m) && !java.lang.reflect.Modifier.isTransient(m)) {
            todo.push(f.getGenericType());
          }
        }
      }
    }
    return seen;
  }

  @Test
  @DisplayName("the pages are served as UTF-8 with a Content-Security-Policy that allows only the page's inline CSS")
  void served() throws Exception {
    // Given
    FakeResponse response = new FakeResponse();
    // When
    StampReleaseReportAction.serve(response.proxy(), "text/html;charset=UTF-8", action.html(ended()));
    // Then
    assertThat(response.headers).containsEntry("Content-Type", "text/html;charset=UTF-8")
        .containsEntry("Content-Security-Policy", StampReleaseReportAction.CSP).containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(StampReleaseReportAction.CSP).startsWith("sandbox; default-src 'none'; style-src 'unsafe-inline'").doesNotContain("script-src");
    assertThat(response.body.toString(StandardCharsets.UTF_8)).isEqualTo(action.html(ended())).contains("stamps » release #7");
    assertThat(response.headers).containsEntry("Content-Length", String.valueOf(response.body.size()));
  }

  @Test
  @DisplayName("the build page link: icon, name and URL")
  void link() {
    assertThat(action.getDisplayName()).isEqualTo("Stamp Release report");
    assertThat(action.getUrlName()).isEqualTo("stamp-release");
    assertThat(action.getIconFileName()).isEqualTo("symbol-document-text");
  }

  /** The parts of a servlet response the report sets, recorded. */
  static final class FakeResponse {
    final Map<String, String> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    HttpServletResponse proxy() {
      ServletOutputStream out = new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
          body.write(b);
        }
      };
      return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
          (p, method, args) -> switch (method.getName()) {
            case "setContentType" -> headers.put("Content-Type", (String) args[0]);
            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
            case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
            case "getOutputStream" -> out;
            default -> throw new UnsupportedOperationException(method.getName() + " is not used by the report");
          });
    }
  }
}
