package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import groovy.util.DelegatingScript;
import io.stamprelease.plugin.akse.AkseDeployStep;
import io.stamprelease.plugin.akse.AkseScaleStep;
import io.stamprelease.plugin.gate.StampGateStep;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.plugin.traffic.TrafficShiftStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The samples a user copies — {@code samples/Jenkinsfile} and the shared-library step {@code samples/vars/stampRelease.groovy}
 * — run as Pipeline scripts whose step calls are bound to the real step classes and checked as the controller checks
 * them before anything runs (argument names, types, core's validation). Nothing is deployed: a sample with a wrong
 * argument name or value fails here instead of in a user's first build.
 */
@DisplayName("samples: every step call of the sample Jenkinsfile and shared library binds to the real steps and passes their checks")
class SamplesBindTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String TM_PROFILE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/global-traffic/providers/"
      + "Microsoft.Network/trafficManagerProfiles/stamp-release-app";

  final List<String> calls = new ArrayList<>();

  DocPipeline pipeline() {
    return new DocPipeline(Map.of(
        "akseDeploy", a -> {
          AkseDeployStep step = StepBinder.bind(AkseDeployStep.class, a);
          step.args();
          for (String file : new String[] {step.getTemplate(), step.getParameters(), step.getApimodel()}) {
            assertThat(Files.isRegularFile(ROOT.resolve(file))).as(file + " in the repository").isTrue();
          }
          assertThat(step.getKubeconfig()).as("the kubeconfig from the stamp's secret file credential").contains("secretFiles/kube-");
          calls.add("akseDeploy " + step.getHub() + " into " + step.getResourceGroup() + " from " + step.getTemplate());
          return Map.of("deploymentName", step.getHub() + "-0123456789", "result", "unchanged", "readyNodes", 6, "expectedNodes", 6);
        },
        "akseScale", a -> {
          AkseScaleStep step = StepBinder.bind(AkseScaleStep.class, a);
          step.args();
          assertThat(Files.isRegularFile(ROOT.resolve(step.getTemplate()))).as(step.getTemplate() + " in the repository").isTrue();
          calls.add("akseScale " + step.getHub() + " " + step.getPool() + " to " + step.getCount());
          return Map.of("summary", step.getPool() + ": 3 -> " + step.getCount() + " nodes");
        },
        "trafficShift", a -> {
          TrafficShiftStep step = StepBinder.bind(TrafficShiftStep.class, a);
          step.args(List.of("public-azure"), List.of("lab-bigip"));
          calls.add("trafficShift " + (step.getDrain() != null ? "drain " + step.getDrain() : "restore " + step.getRestore()));
          return Map.of();
        },
        "helmRollout", a -> {
          HelmRolloutStep step = StepBinder.bind(HelmRolloutStep.class, a);
          step.args();
          assertThat(Files.isDirectory(ROOT.resolve(step.getChart()))).as("chart " + step.getChart() + " in the repository").isTrue();
          calls.add("helmRollout " + step.getStamp() + " with " + step.getKubeconfigCredentialsId());
          return Map.of("revision", 1);
        },
        "stampGate", a -> {
          StampGateStep step = StepBinder.bind(StampGateStep.class, a);
          step.policy();
          calls.add("stampGate " + step.getStamp());
          return Map.of("approvers", List.of("alice", "bob"));
        }), ROOT);
  }

  static DelegatingScript parse(Path file) throws Exception {
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(DelegatingScript.class.getName());
    return (DelegatingScript) new GroovyShell(SamplesBindTest.class.getClassLoader(), config).parse(Files.readString(file), "WorkflowScript");
  }

  @Test
  @DisplayName("samples/Jenkinsfile converges and scales each stamp's cluster, then drains, rolls out and restores it, with the canary's gate between the waves")
  void jenkinsfile() throws Exception {
    // Given
    DelegatingScript script = parse(ROOT.resolve("samples/Jenkinsfile"));
    DocPipeline pipeline = pipeline();
    script.setDelegate(pipeline);
    // When
    script.run();
    // Then
    assertThat(calls).containsExactly(
        "akseDeploy seattle into stamp-seattle from samples/clusters/seattle/azuredeploy.json", "akseScale seattle linuxpool to 3",
        "trafficShift drain seattle", "helmRollout seattle with kube-seattle", "trafficShift restore seattle", "stampGate seattle",
        "akseDeploy denver into stamp-denver from samples/clusters/denver/azuredeploy.json", "akseScale denver linuxpool to 4",
        "trafficShift drain denver", "helmRollout denver with kube-denver", "trafficShift restore denver",
        "akseDeploy austin into stamp-austin from samples/clusters/austin/azuredeploy.json", "akseScale austin linuxpool to 2",
        "trafficShift drain austin", "helmRollout austin with kube-austin", "trafficShift restore austin");
    assertThat(pipeline.stages()).containsSubsequence("seattle: cluster", "seattle: drain", "seattle: rollout", "seattle: restore", "gate: canary",
        "denver: cluster", "austin: restore");
    assertThat(pipeline.credentials()).containsExactly("kube-seattle", "kube-denver", "kube-austin");
  }

  @Test
  @DisplayName("vars/stampRelease.groovy turns samples/stamps.yaml (its cluster: per stamp included) into the same calls, wave by wave")
  void sharedLibrary() throws Exception {
    // Given
    DelegatingScript script = parse(ROOT.resolve("samples/vars/stampRelease.groovy"));
    DocPipeline pipeline = pipeline();
    script.setDelegate(pipeline);
    // When
    script.invokeMethod("call", Map.of("plan", "samples/stamps.yaml", "trafficHub", "public-azure", "trafficProfile", TM_PROFILE));
    // Then
    assertThat(calls).containsExactly(
        "akseDeploy seattle into stamp-seattle from samples/clusters/seattle/azuredeploy.json", "akseScale seattle linuxpool to 3",
        "trafficShift drain seattle", "helmRollout seattle with kube-seattle", "trafficShift restore seattle", "stampGate seattle",
        "akseDeploy denver into stamp-denver from samples/clusters/denver/azuredeploy.json", "akseScale denver linuxpool to 4",
        "trafficShift drain denver", "helmRollout denver with kube-denver", "trafficShift restore denver",
        "akseDeploy austin into stamp-austin from samples/clusters/austin/azuredeploy.json", "akseScale austin linuxpool to 2",
        "trafficShift drain austin", "helmRollout austin with kube-austin", "trafficShift restore austin");
    assertThat(pipeline.echoed()).noneMatch(l -> l.contains("failed")).contains("denver: linuxpool: 3 -> 4 nodes");
    assertThat(pipeline.stages()).containsSubsequence("seattle: cluster", "seattle: drain", "seattle: rollout", "seattle: restore",
        "gate: canary", "denver: cluster", "denver: drain");
  }
}
