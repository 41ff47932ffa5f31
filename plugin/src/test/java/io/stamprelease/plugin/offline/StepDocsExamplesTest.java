package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import groovy.util.DelegatingScript;
import io.stamprelease.plugin.AgentResult;
import io.stamprelease.plugin.helm.HelmRolloutCallable;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.core.helm.HelmRolloutState;
import io.stamprelease.testkit.Await;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/**
 * Runs every {@code groovy} block of {@code docs/steps/*.md} as a Pipeline script: each step call is bound to its
 * step class as Pipeline binds it and run against the simulated stamp; the {@code echo} lines must equal the
 * {@code text} block that follows the example. A block fenced {@code groovy not-run} is shown, not run.
 */
@DisplayName("docs/steps: every Jenkinsfile example runs against the simulated stamp and prints what the page says")
class StepDocsExamplesTest {
  static final Path DOCS = Path.of("../docs/steps").toAbsolutePath().normalize();
  static final Pattern BLOCK = Pattern.compile("```(groovy|text)([^\\n]*)\\n(.*?)```", Pattern.DOTALL);
  static SimulatedCloud cloud;
  static Map<String, char[]> credentials;
  @TempDir
  static Path workspace;

  @BeforeAll
  static void start() throws IOException {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    credentials = Map.of("kube-seattle", cloud.hub("seattle").cluster().kubeconfig("default").toCharArray());
    copy(Path.of("../samples/charts/demo").toAbsolutePath().normalize(), workspace.resolve("charts/demo"));
  }

  @AfterAll
  static void stop() {
    cloud.close();
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
    DocPipeline pipeline = new DocPipeline(Map.of("helmRollout", StepDocsExamplesTest::helmRollout));
    compiled.setDelegate(pipeline);
    compiled.run();
    return pipeline.echoed();
  }

  static Object helmRollout(Map<?, ?> arguments) throws Exception {
    HelmRolloutStep step = StepBinder.bind(HelmRolloutStep.class, arguments);
    FakeStepContext context = new FakeStepContext();
    HelmRolloutStep.Execution execution = new HelmRolloutStep.Execution(context, step.args());
    char[] kubeconfig = step.getKubeconfigCredentialsId() == null ? null : credentials.get(step.getKubeconfigCredentialsId());
    AtomicReference<Exception> error = new AtomicReference<>();
    Await.until("helmRollout to finish", Duration.ofMinutes(3), () -> {
      try {
        AgentResult<HelmRolloutState> r = new HelmRolloutCallable(execution.args(), kubeconfig, execution.sessionId(), execution.checkpoint(),
            context.listener()).invoke(workspace.toFile(), null);
        execution.accept(r);
      } catch (Exception e) {
        error.set(e);
      }
      return context.completed() || error.get() != null;
    });
    return complete(context, error.get());
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
