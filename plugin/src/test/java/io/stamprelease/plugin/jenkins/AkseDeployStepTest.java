package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import io.stamprelease.plugin.akse.AkseDeployStep;
import java.nio.file.Path;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
@DisplayName("akseDeploy in Jenkins (simulated hub, agent labelled hub-seattle)")
class AkseDeployStepTest {
  static SimulatedHubs sim;
  @TempDir
  static Path dir;
  JenkinsRule j;

  @BeforeAll
  static void startCloud() {
    sim = new SimulatedHubs(dir);
  }

  @AfterAll
  static void stopCloud() {
    sim.close();
  }

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    sim.configure("seattle");
    j.createOnlineSlave(Label.get("hub-seattle"));
  }

  @Test
  @DisplayName("deploys a cluster from a pipeline on the hub's agent, prints prefixed progress, masks nothing it should not know, returns a map")
  void deploys() throws Exception {
    // Given
    WorkflowJob p = j.createProject(WorkflowJob.class, "deploy");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", sim.clusterFiles(), ""), true));
    // When
    WorkflowRun b = j.buildAndAssertSuccess(p);
    // Then
    j.assertLogContains("[akseDeploy] seattle ", b);
    j.assertLogContains("result=deployed ready=3/3", b);
    j.assertLogNotContains(sim.secret("seattle"), b);
  }

  @Test
  @DisplayName("missing credentials fail the build with one line naming the credentials id")
  void missingCredentials() throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().clear();
    WorkflowJob p = j.createProject(WorkflowJob.class, "missing");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", sim.clusterFiles(), ""), true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[akseDeploy] hub 'seattle': unable to find credentials with id 'sp-seattle'", b);
    j.assertLogNotContains("\tat io.stamprelease", b);
  }

  @Test
  @DisplayName("credentials of the wrong type fail the build naming the id and the accepted types")
  void wrongTypeCredentials() throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().clear();
    SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "sp-seattle", "a token",
        Secret.fromString("not-a-principal")));
    WorkflowJob p = j.createProject(WorkflowJob.class, "wrong-type");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", sim.clusterFiles(), ""), true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("credentials 'sp-seattle' are a StringCredentialsImpl; use username/password", b);
  }

  @Test
  @DisplayName("invalid arguments are one AbortException naming each argument; nothing is sent to the hub")
  void invalidInput() throws Exception {
    long puts = sim.deploymentPuts("seattle");
    WorkflowJob p = j.createProject(WorkflowJob.class, "invalid");
    p.setDefinition(new CpsFlowDefinition("node('hub-seattle') { akseDeploy hub: 'seattle', resourceGroup: 'rg!', template: 'nope.json', "
        + "parameters: 'nope.parameters.json', mode: 'Complete' }", true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[akseDeploy] invalid input: resourceGroup: must be", b);
    j.assertLogContains("mode: must be Incremental", b);
    j.assertLogContains("template: cannot read", b);
    assertThat(sim.deploymentPuts("seattle")).isEqualTo(puts);
  }

  @Test
  @DisplayName("aborting the build while the deployment runs cancels that ARM deployment and says so")
  void abortCancels() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "abort");
    p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", sim.clusterFiles(), ""), true));
    WorkflowRun b = p.scheduleBuild2(0).waitForStart();
    j.waitForMessage("wait-for-deployment", b);
    b.doStop();
    j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
    j.assertLogContains("[akseDeploy] hub seattle: stopped; cancelled ARM deployment ", b);
    j.assertLogNotContains(sim.secret("seattle"), b);
  }

  @Test
  @DisplayName("the Snippet Generator round-trips every argument")
  void configRoundTrip() throws Exception {
    AkseDeployStep step = new AkseDeployStep("seattle", "rg-app", "out/azuredeploy.json", "out/azuredeploy.parameters.json");
    step.setLocation("seattle");
    step.setApimodel("out/apimodel.json");
    step.setDeploymentName("app-1");
    step.setTimeout("45m");
    step.setKubeconfig("out/kubeconfig/kubeconfig.seattle.json");
    step.setWhatIf(true);
    step.setPollInterval("5s");
    AkseDeployStep back = new StepConfigTester(j).configRoundTrip(step);
    j.assertEqualDataBoundBeans(step, back);
  }
}
