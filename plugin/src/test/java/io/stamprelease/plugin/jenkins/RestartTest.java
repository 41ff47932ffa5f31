package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Label;
import io.stamprelease.plugin.gate.StampGateAction;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

@DisplayName("akseDeploy and stampGate across a controller restart")
class RestartTest {
  @RegisterExtension
  private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
  static SimulatedHubs sim;
  @TempDir
  static Path dir;

  @BeforeAll
  static void startCloud() {
    sim = new SimulatedHubs(dir);
  }

  @AfterAll
  static void stopCloud() {
    sim.close();
  }

  @Test
  @DisplayName("akseDeploy restarted while it waits for the nodes continues from its checkpoint: one deployment PUT, build succeeds")
  void deployResumes() throws Throwable {
    Path files = sim.clusterFiles();
    sessions.then(j -> {
      sim.configure("seattle");
      j.createSlave("hub-seattle", "hub-seattle", null);
      WorkflowJob p = j.createProject(WorkflowJob.class, "deploy");
      p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", files, ""), true));
      WorkflowRun b = p.scheduleBuild2(0).waitForStart();
      j.waitForMessage("wait-for-nodes", b);
    });
    sessions.then(j -> {
      WorkflowRun b = j.jenkins.getItemByFullName("deploy", WorkflowJob.class).getBuildByNumber(1);
      j.waitOnline((hudson.slaves.DumbSlave) j.jenkins.getNode("hub-seattle"));
      j.assertBuildStatusSuccess(j.waitForCompletion(b));
      j.assertLogContains("result=", b);
      j.assertLogContains("ready=3/3", b);
      assertThat(sim.deploymentPuts("seattle")).as("the deployment was submitted once").isEqualTo(1);
    });
  }

  @Test
  @DisplayName("stampGate keeps its first approval across a restart and opens on the second; the requester cannot approve")
  void gateResumes() throws Throwable {
    sessions.then(j -> {
      j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
      j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.READ, Item.READ).everywhere().toEveryone()
          .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
      WorkflowJob p = j.createProject(WorkflowJob.class, "gate");
      p.setDefinition(new CpsFlowDefinition("def g = stampGate stamp: 'seattle', approvers: 'alice,bob,carol', minApprovals: 2\n"
          + "echo \"approved by ${g.approvers}\"", true));
      WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("carol"))).waitForStart();
      j.waitForMessage("Waiting for 2 approval(s)", b);
      assertThat(answer(j, b, "carol", "approve")).isEqualTo(403);
      assertThat(answer(j, b, "alice", "approve")).isEqualTo(200);
      j.waitForMessage("1/2 approvals", b);
    });
    sessions.then(j -> {
      WorkflowRun b = j.jenkins.getItemByFullName("gate", WorkflowJob.class).getBuildByNumber(1);
      // the execution re-registers with the build's action when the program resumes, and says so
      j.waitForMessage("[stampGate] seattle: resumed after a restart", b);
      assertThat(answer(j, b, "bob", "approve")).isEqualTo(200);
      j.assertBuildStatusSuccess(j.waitForCompletion(b));
      j.assertLogContains("approved by [alice, bob]", b);
      assertThat(b.getAction(StampGateAction.class).getDecidedGates()).singleElement()
          .satisfies(d -> assertThat(d).containsEntry("status", "approved").containsEntry("requester", "carol"));
    });
  }

  /** POSTs an answer as {@code user} (with a crumb) and returns the HTTP status. */
  private static int answer(JenkinsRule j, WorkflowRun b, String user, String verb) throws Exception {
    String id = b.getAction(StampGateAction.class).getOpenGates().get(0).id();
    try (JenkinsRule.WebClient wc = j.createWebClient().login(user)) {
      wc.setThrowExceptionOnFailingStatusCode(false);
      WebRequest request = new WebRequest(wc.createCrumbedUrl(b.getUrl() + "stamp-gates/" + verb + "?id=" + id + "&comment=ok"), HttpMethod.POST);
      int status = wc.getPage(request).getWebResponse().getStatusCode();
      return status == 302 ? 200 : status;
    }
  }
}
