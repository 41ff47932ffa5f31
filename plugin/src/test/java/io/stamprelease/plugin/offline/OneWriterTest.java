package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.model.Job;
import hudson.model.Run;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.plugin.agent.AgentExecution;
import io.stamprelease.plugin.agent.AgentResult;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.WriterSlot.Admission;
import io.stamprelease.plugin.akse.AkseDeployArgs;
import io.stamprelease.plugin.akse.AkseDeployExecution;
import io.stamprelease.plugin.akse.AkseDeployStep;
import io.stamprelease.plugin.akse.AkseScaleCallable;
import io.stamprelease.plugin.akse.AkseScaleExecution;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.helm.HelmRolloutExecution;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.plugin.traffic.TrafficShiftStep;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One writer per stamp and step (issue 17): the controller's {@link OneWriter} registry as the step executions use it
 * before each agent call ({@link AgentExecution#admit()}, which the timer calls first in every visit). Each test uses
 * its own hub, so the tests share the controller's registry as builds do.
 */
@DisplayName("One writer per stamp and step")
class OneWriterTest {
  private static final AtomicInteger HUBS = new AtomicInteger();
  private static final AtomicInteger BUILDS = new AtomicInteger();

  static String newHub() {
    return "writer-hub-" + HUBS.incrementAndGet();
  }

  static AkseDeployExecution deploy(FakeStepContext context, String hub, String resourceGroup) {
    return new AkseDeployExecution(context, new AkseDeployArgs(hub, resourceGroup, "t.json", "p.json", null, null, null, "Incremental", "30m",
        null, false, "5s", Map.of()));
  }

  static AkseScaleExecution scale(FakeStepContext context, String hub, String resourceGroup, String pool) {
    return new AkseScaleExecution(context, new AkseScaleCallable.Args(hub, resourceGroup, pool, 3, "k", null, null, null, null, false, null, null));
  }

  @Test
  @DisplayName("a second build's same step on the same target waits, says once for whom, and runs once the first has ended")
  void secondWaits() throws Exception {
    // Given build #1's akseDeploy holds hub + resource group
    String hub = newHub();
    FakeBuild first = new FakeBuild("deploy");
    FakeBuild second = new FakeBuild("deploy");
    FakeStepContext firstContext = new FakeStepContext(first);
    FakeStepContext secondContext = new FakeStepContext(second);
    AkseDeployExecution one = deploy(firstContext, hub, "rg-app");
    AkseDeployExecution two = deploy(secondContext, hub, "rg-app");
    assertThat(one.admit()).isEqualTo(Admission.ADMITTED);
    // When build #2's step asks twice (two timer looks)
    Admission firstLook = two.admit();
    Admission secondLook = two.admit();
    // Then it waits, with one line naming build #1, what it does and since when, and is not completed
    assertThat(firstLook).isEqualTo(Admission.WAITING);
    assertThat(secondLook).isEqualTo(Admission.WAITING);
    assertThat(secondContext.listener().text().lines().toList()).singleElement().asString()
        .startsWith("[akseDeploy] waiting for " + first.getFullDisplayName() + " (" + first.getUrl() + ") which has been deploying resource group "
            + "rg-app on hub " + hub + " since ")
        .endsWith("(concurrent: 'wait')");
    assertThat(two.getStatus()).contains("waiting for " + first.getFullDisplayName());
    assertThat(secondContext.completed()).isFalse();
    // When build #1's step ends, then build #2's step holds the target
    one.accept(AgentResult.done(null, Outcome.Status.SUCCEEDED, "converged", null));
    assertThat(two.admit()).isEqualTo(Admission.ADMITTED);
    assertThat(OneWriter.CONTROLLER.holder(target("akseDeploy", "hub " + hub, "resource group rg-app")).orElseThrow().build())
        .isEqualTo(second.getExternalizableId());
  }

  @Test
  @DisplayName("with concurrent: 'fail' the second step fails at once naming the first build and since when, and holds nothing")
  void secondFails() throws Exception {
    // Given build #1's helmRollout holds release web in apps on stamp seattle
    FakeBuild first = new FakeBuild("rollout");
    String stamp = newHub();
    HelmRolloutExecution one = new HelmRolloutExecution(new FakeStepContext(first), helm(stamp, "apps").args());
    assertThat(one.admit()).isEqualTo(Admission.ADMITTED);
    FakeStepContext secondContext = new FakeStepContext(new FakeBuild("rollout"));
    AgentExecution<?> two = new HelmRolloutExecution(secondContext, helm(stamp, "apps").args()).concurrent(OneWriter.Mode.FAIL);
    // When / Then
    assertThatThrownBy(two::admit).isInstanceOf(AbortException.class)
        .hasMessageStartingWith("[helmRollout] not started: " + first.getFullDisplayName() + " (" + first.getUrl() + ") has been rolling out "
            + "release web in namespace apps on stamp " + stamp + " since ")
        .hasMessageContaining("concurrent: 'fail'");
    assertThat(two.checkpoint()).as("no agent call was made").isNull();
    assertThat(OneWriter.CONTROLLER.holder(target("helmRollout", "stamp " + stamp, "release web in namespace apps")).orElseThrow().build())
        .isEqualTo(first.getExternalizableId());
  }

  @Test
  @DisplayName("different targets — another resource group, another pool, another step, another namespace — run side by side")
  void differentTargets() throws Exception {
    // Given
    String hub = newHub();
    AkseDeployExecution deploy = deploy(new FakeStepContext(new FakeBuild("a")), hub, "rg-1");
    AkseDeployExecution otherGroup = deploy(new FakeStepContext(new FakeBuild("b")), hub, "rg-2");
    AkseDeployExecution otherHub = deploy(new FakeStepContext(new FakeBuild("c")), newHub(), "rg-1");
    AkseScaleExecution scale = scale(new FakeStepContext(new FakeBuild("d")), hub, "rg-1", "agentpool1");
    AkseScaleExecution otherPool = scale(new FakeStepContext(new FakeBuild("e")), hub, "rg-1", "agentpool2");
    HelmRolloutExecution apps = new HelmRolloutExecution(new FakeStepContext(new FakeBuild("f")), helm(hub, "apps").args());
    HelmRolloutExecution staging = new HelmRolloutExecution(new FakeStepContext(new FakeBuild("g")), helm(hub, "staging").args());
    // When / Then
    for (AgentExecution<?> e : new AgentExecution<?>[] {deploy, otherGroup, otherHub, scale, otherPool, apps, staging}) {
      assertThat(e.admit()).as(e.getStatus()).isEqualTo(Admission.ADMITTED);
    }
  }

  @Nested
  @DisplayName("frees the key when the first")
  class Frees {
    @Test
    @DisplayName("is stopped (the build aborted)")
    void stopped() throws Exception {
      String hub = newHub();
      AkseScaleExecution one = scale(new FakeStepContext(new FakeBuild("scale")), hub, "rg", "agentpool1");
      AkseScaleExecution two = scale(new FakeStepContext(new FakeBuild("scale")), hub, "rg", "agentpool1");
      assertThat(one.admit()).isEqualTo(Admission.ADMITTED);
      assertThat(two.admit()).isEqualTo(Admission.WAITING);
      // When
      one.stop(new InterruptedException("aborted by the user"));
      // Then
      assertThat(two.admit()).isEqualTo(Admission.ADMITTED);
    }

    @Test
    @DisplayName("fails")
    void failed() throws Exception {
      String hub = newHub();
      AkseDeployExecution one = deploy(new FakeStepContext(new FakeBuild("deploy")), hub, "rg");
      AkseDeployExecution two = deploy(new FakeStepContext(new FakeBuild("deploy")), hub, "rg");
      assertThat(one.admit()).isEqualTo(Admission.ADMITTED);
      assertThat(two.admit()).isEqualTo(Admission.WAITING);
      // When
      one.accept(AgentResult.done(null, Outcome.Status.FAILED, "deployment failed", null));
      // Then
      assertThat(two.admit()).isEqualTo(Admission.ADMITTED);
    }

    @Test
    @DisplayName("belongs to a build that no longer runs, although its step never gave the key back")
    void buildGone() throws Exception {
      String hub = newHub();
      FakeBuild killed = new FakeBuild("deploy");
      AkseDeployExecution one = deploy(new FakeStepContext(killed), hub, "rg");
      AkseDeployExecution two = deploy(new FakeStepContext(new FakeBuild("deploy")), hub, "rg");
      assertThat(one.admit()).isEqualTo(Admission.ADMITTED);
      assertThat(two.admit()).isEqualTo(Admission.WAITING);
      // When the build ends without its step being stopped
      killed.building = false;
      // Then
      assertThat(two.admit()).isEqualTo(Admission.ADMITTED);
    }
  }

  @Nested
  @DisplayName("after a controller restart (the registry starts empty)")
  class Restart {
    final Set<String> running = new HashSet<>();
    final OneWriter registry = new OneWriter(running::contains);
    final OneWriter.Target target = target("akseDeploy", "hub seattle", "resource group rg");
    final OneWriter.Holder first = new OneWriter.Holder("step-1", "deploy#1", "deploy #1", "job/deploy/1/", Instant.EPOCH);
    final OneWriter.Holder second = new OneWriter.Holder("step-2", "deploy#2", "deploy #2", "job/deploy/2/", Instant.EPOCH);

    @Test
    @DisplayName("a waiting step leaves the key to the holder it waited for while that build runs, then takes it when it has ended")
    void waiterDefers() {
      // Given build #1 still runs but has not resumed yet
      running.add("deploy#1");
      // When build #2's step, which waited for #1 before the restart, asks
      OneWriter.Decision early = registry.take(target, second, () -> true, first);
      // Then it still waits for #1
      assertThat(early.other()).contains(first);
      // When #1 resumes and takes its key again, then #2 sees it held
      assertThat(registry.reclaim(target, first, () -> true)).isEmpty();
      assertThat(registry.take(target, second, () -> true, first).other()).contains(first);
      // When #1 gives it back, then #2 takes it
      registry.release(target, "step-1");
      assertThat(registry.take(target, second, () -> true, null).taken()).isTrue();
    }

    @Test
    @DisplayName("a waiting step whose holder's build ended during the restart takes the key")
    void holderGone() {
      // Given build #1 no longer runs
      // When
      OneWriter.Decision d = registry.take(target, second, () -> true, first);
      // Then
      assertThat(d.taken()).isTrue();
      assertThat(registry.holder(target)).contains(second);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"akseDeploy", "akseScale", "helmRollout", "trafficShift"})
  @DisplayName("a concurrent: value other than 'wait' or 'fail' is refused naming the argument, before the step starts")
  void badValue(String stepName) {
    // Given
    Step step = switch (stepName) {
      case "akseDeploy" -> configured(new AkseDeployStep("seattle", "rg", "t.json", "p.json"), AkseDeployStep::setConcurrent);
      case "akseScale" -> configured(new AkseScaleStep("seattle", "rg", "agentpool1", 3, "k"), AkseScaleStep::setConcurrent);
      case "helmRollout" -> configured(helm("seattle", "apps"), HelmRolloutStep::setConcurrent);
      default -> configured(new TrafficShiftStep("azure-traffic-manager"), TrafficShiftStep::setConcurrent);
    };
    FakeStepContext context = new FakeStepContext(new FakeBuild("bad"));
    // When / Then
    assertThatThrownBy(() -> step.start(context)).isInstanceOf(AbortException.class)
        .hasMessage("[" + stepName + "] invalid input: concurrent: must be 'wait' (wait for the other build to end) or 'fail' (fail at once "
            + "naming it), not 'sometimes'");
  }

  @Test
  @DisplayName("concurrent: defaults to 'wait' and binds 'fail'")
  void defaults() {
    AkseDeployStep step = new AkseDeployStep("seattle", "rg", "t.json", "p.json");
    assertThat(step.getConcurrent()).isEqualTo("wait");
    step.setConcurrent(" fail ");
    assertThat(step.getConcurrent()).isEqualTo("fail");
    step.setConcurrent("");
    assertThat(step.getConcurrent()).isEqualTo("wait");
  }

  static <T extends Step> T configured(T step, BiConsumer<T, String> setter) {
    setter.accept(step, "sometimes");
    return step;
  }

  static HelmRolloutStep helm(String stamp, String namespace) {
    HelmRolloutStep step = new HelmRolloutStep("web", namespace, "chart");
    step.setStamp(stamp);
    step.setKubeconfig("k");
    return step;
  }

  static OneWriter.Target target(String step, String stamp, String subject) {
    return new OneWriter.Target(step, stamp, subject, "");
  }

  /** A running build of job {@code job}: the real {@code Run(job, timestamp)} constructor; id, name and URL as Jenkins forms them. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static final class FakeBuild extends Run {
    private final String job;
    private final int number = BUILDS.incrementAndGet();
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    volatile boolean building = true;

    FakeBuild(String job) {
      super((Job) null, 0L);
      this.job = job;
    }

    @Override
    public String getExternalizableId() {
      return job + "-" + nonce + "#" + number;
    }

    @Override
    public String getFullDisplayName() {
      return job + " #" + number;
    }

    @Override
    public String getUrl() {
      return "job/" + job + "/" + number + "/";
    }

    @Override
    public boolean isBuilding() {
      return building;
    }
  }
}
