package io.stamprelease.plugin.jenkins;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import io.stamprelease.plugin.gate.StampGateAction;
import io.stamprelease.plugin.gate.StampGateStep;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
@DisplayName("stampGate in Jenkins")
class StampGateStepTest {
  JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) {
    j = rule;
    j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
    j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.READ, Item.READ).everywhere().toEveryone());
  }

  @Test
  @DisplayName("a rejection fails the build with who rejected and why; the answer is a POST only")
  void rejection() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "gate");
    p.setDefinition(new CpsFlowDefinition("stampGate stamp: 'denver', approvers: 'alice', message: 'Ship denver?'", true));
    WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("carol"))).waitForStart();
    j.waitForMessage("Ship denver?", b);
    String id = b.getAction(StampGateAction.class).getOpenGates().get(0).id();
    try (JenkinsRule.WebClient wc = j.createWebClient().login("alice")) {
      wc.assertFails(b.getUrl() + "stamp-gates/reject?id=" + id, 405);
      wc.getPage(new WebRequest(wc.createCrumbedUrl(b.getUrl() + "stamp-gates/reject?id=" + id + "&comment=freeze"), HttpMethod.POST));
    }
    j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
    j.assertLogContains("[stampGate] denver: rejected by alice: freeze", b);
  }

  @Test
  @DisplayName("an expired gate fails the build")
  void expiry() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "expiry");
    p.setDefinition(new CpsFlowDefinition("stampGate stamp: 'denver', approvers: 'alice', timeout: '1s'", true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("expired with 0/1 approvals", b);
  }

  @Test
  @DisplayName("bad arguments fail before the gate opens, naming each argument")
  void invalid() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "invalid");
    p.setDefinition(new CpsFlowDefinition("stampGate stamp: 'denver', approvers: 'alice', minApprovals: 2, timeout: '90d'", true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[stampGate] invalid input: minApprovals: cannot exceed the 1 listed approver(s)", b);
    j.assertLogContains("timeout: must be at most 30 days", b);
  }

  @Test
  @DisplayName("the Snippet Generator round-trips every argument")
  void configRoundTrip() throws Exception {
    StampGateStep step = new StampGateStep("seattle", "alice,group:release-managers");
    step.setMinApprovals(2);
    step.setTimeout("8h");
    step.setAllowRequester(true);
    step.setMessage("Release seattle?");
    j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
  }
}
