package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecord.PhaseRecord;
import io.stamprelease.plugin.akse.AkseScaleStep;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * One simulated hub per test: the hub's simulated Kubernetes is shared by every cluster deployed on it, and akseScale's
 * plan deletes Node objects of its pool that have no VM in its resource group, which includes the Nodes of another test's
 * cluster (a real cluster has its own API server).
 */
@WithJenkins
@DisplayName("akseScale in Jenkins (simulated hub, agent labelled hub-seattle; the pipeline deploys its cluster first)")
class AkseScaleStepTest {
  SimulatedHubs sim;
  @TempDir
  Path dir;
  JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    sim = new SimulatedHubs(dir);
    sim.configure("seattle");
    j.createOnlineSlave(Label.get("hub-seattle"));
  }

  @AfterEach
  void stopCloud() {
    sim.close();
  }

  /** akseScale of the cluster {@code files} holds (deployed by the same pipeline just before), echoing its result. */
  private String scale(Path files, int count) {
    return "  def s = akseScale hub: 'seattle', resourceGroup: 'rg-" + files.getFileName() + "', pool: 'agentpool1', count: " + count + ",\n"
        + "    kubeconfig: '" + dir.resolve("seattle.kubeconfig") + "', template: '" + files.resolve("azuredeploy.json") + "',\n"
        + "    parameters: '" + files.resolve("azuredeploy.parameters.json") + "', timeout: '3m', pollInterval: '200ms'\n"
        + "  echo \"scaled=${s.before}->${s.after} target=${s.target} added=${s.added.size()} status=${s.status}\"\n";
  }

  @Test
  @DisplayName("scales a freshly deployed pool out 2 -> 3 on the hub's agent, returns the result map, and the report shows both steps")
  void scalesOut() throws Exception {
    // Given a pipeline that deploys a 1-master, 2-agent cluster, then scales agentpool1 to 3
    Path files = sim.clusterFiles();
    WorkflowJob p = j.createProject(WorkflowJob.class, "scale-out");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", files, scale(files, 3)), true));
    // When
    WorkflowRun b = j.buildAndAssertSuccess(p);
    // Then
    j.assertLogContains("scaled=2->3 target=3 added=1 status=succeeded", b);
    j.assertLogContains("[akseScale] seattle submit-scale-out: deployment scale-agentpool1-2-to-3 submitted", b);
    j.assertLogNotContains(sim.secret("seattle"), b);
    try (JenkinsRule.WebClient wc = j.createWebClient()) {
      ReleaseRecord record = ReleaseJson.parse(wc.goTo(b.getUrl() + "stamp-release/release.json", "application/json").getWebResponse()
          .getContentAsString(), "release.json");
      assertThat(record.stamps()).singleElement().satisfies(s -> {
        assertThat(s.phases()).extracting(PhaseRecord::phase).containsExactly("akseDeploy", "akseScale");
        assertThat(s.nodeCounts()).containsEntry("agentpool1", 3);
      });
    }
  }

  @Test
  @DisplayName("a pool already at the count ends on the first visit, writes nothing and says nothing changed")
  void alreadyAtTarget() throws Exception {
    Path files = sim.clusterFiles();
    WorkflowJob p = j.createProject(WorkflowJob.class, "no-op");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", files, scale(files, 2)
        + "  echo \"summary=${s.summary}\"\n"), true));
    long puts = sim.deploymentPuts("seattle");
    WorkflowRun b = j.buildAndAssertSuccess(p);
    j.assertLogContains("scaled=2->2 target=2 added=0 status=succeeded", b);
    j.assertLogNotContains("[akseScale] seattle submit-scale-out", b);
    assertThat(sim.deploymentPuts("seattle")).as("only akseDeploy's deployment").isEqualTo(puts + 1);
    j.assertLogContains("summary=agentpool1: 2 -> 2 nodes (already at the target; nothing changed)", b);
  }

  @Test
  @DisplayName("masters and out-of-range counts are one AbortException naming each argument, before the hub is contacted")
  void invalidInput() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "invalid");
    p.setDefinition(new CpsFlowDefinition("node('hub-seattle') { akseScale hub: 'seattle', resourceGroup: 'rg-app', pool: 'master', "
        + "count: 51, kubeconfig: 'missing.kubeconfig' }", true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[akseScale] invalid input: ", b);
    j.assertLogContains("pool: masters cannot be scaled", b);
    j.assertLogContains("count: must be between 1 and 50", b);
    j.assertLogContains("kubeconfig: cannot read", b);
  }

  @Test
  @DisplayName("the Snippet Generator round-trips every argument")
  void configRoundTrip() throws Exception {
    AkseScaleStep step = new AkseScaleStep("seattle", "rg-app", "agentpool1", 5, "out/kubeconfig/kubeconfig.seattle.json");
    step.setTemplate("out/azuredeploy.json");
    step.setParameters("out/azuredeploy.parameters.json");
    step.setDrainTimeout("10m");
    step.setMaxParallelDrains(2);
    step.setForce(true);
    step.setTimeout("45m");
    step.setPollInterval("10s");
    j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
  }
}
