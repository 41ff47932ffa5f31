package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import io.stamprelease.core.report.ReleaseJson;
import io.stamprelease.core.report.ReleaseRecord;
import io.stamprelease.core.report.ReleaseRecord.StampRecord;
import io.stamprelease.plugin.gate.StampGateAction;
import io.stamprelease.plugin.report.StampReleaseReportAction;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
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

@DisplayName("the build's Stamp Release report (akseDeploy on the hub's agent, then a stampGate)")
class StampReleaseReportTest {
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

  private static void secure(JenkinsRule j) {
    j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
    j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.READ, Item.READ).everywhere().toEveryone());
  }

  @Test
  @DisplayName("links a report of the deployed stamp and the approved gate; serves it with its CSP and release.json; both survive a restart")
  void deployAndGate() throws Throwable {
    Path files = sim.clusterFiles();
    sessions.then(j -> {
      // Given
      secure(j);
      sim.configure("seattle");
      j.createSlave("hub-seattle", "hub-seattle", null);
      WorkflowJob p = j.createProject(WorkflowJob.class, "release");
      p.setDefinition(new CpsFlowDefinition(sim.deployScript("seattle", files, "")
          + "stampGate stamp: 'denver', approvers: 'alice', message: 'Ship denver?'\n", true));
      // When the build deploys seattle, then waits at denver's gate, which alice approves
      WorkflowRun b = p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("carol"))).waitForStart();
      j.waitForMessage("Ship denver?", b);
      String id = b.getAction(StampGateAction.class).getOpenGates().get(0).id();
      try (JenkinsRule.WebClient wc = j.createWebClient().login("alice")) {
        wc.getPage(new WebRequest(wc.createCrumbedUrl(b.getUrl() + "stamp-gates/approve?id=" + id + "&comment=seattle+%3Cb%3Efine%3C%2Fb%3E"),
            HttpMethod.POST));
      }
      j.assertBuildStatusSuccess(j.waitForCompletion(b));
      // Then
      assertThat(b.getAction(StampReleaseReportAction.class)).as("the report action is on the build").isNotNull();
      assertReport(j, b);
      assertThat(Files.readString(b.getRootDir().toPath().resolve("build.xml"))).as("kept in build.xml, without the secret")
          .contains("<step>akseDeploy</step>").doesNotContain(sim.secret("seattle"));
    });
    sessions.then(j -> {
      // And after a restart (XStream reads the action back; onLoad re-attaches it)
      WorkflowRun b = j.jenkins.getItemByFullName("release", WorkflowJob.class).getBuildByNumber(1);
      assertReport(j, b);
    });
  }

  private static void assertReport(JenkinsRule j, WorkflowRun b) throws Exception {
    try (JenkinsRule.WebClient wc = j.createWebClient().login("carol")) {
      assertThat(wc.getPage(b).getWebResponse().getContentAsString()).as("the build page links the report")
          .contains("stamp-release").contains("Stamp Release report");

      Page page = wc.goTo(b.getUrl() + "stamp-release/", "text/html");
      WebResponse html = page.getWebResponse();
      assertThat(html.getResponseHeaderValue("Content-Security-Policy")).isEqualTo(StampReleaseReportAction.CSP);
      assertThat(html.getContentAsString()).contains("Release release #1", "akseDeploy", "seattle", "After wave 1", "APPROVED", "alice",
          "seattle &lt;b&gt;fine&lt;/b&gt;").doesNotContain(sim.secret("seattle")).doesNotContain("<script");

      WebResponse json = wc.goTo(b.getUrl() + "stamp-release/release.json", "application/json").getWebResponse();
      ReleaseRecord record = ReleaseJson.parse(json.getContentAsString(), "release.json");
      assertThat(record.release()).isEqualTo("release #1");
      assertThat(record.startedBy()).isEqualTo("carol");
      assertThat(record.result()).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
      assertThat(record.stamps()).singleElement().satisfies(s -> {
        assertThat(s.stamp()).isEqualTo("seattle");
        assertThat(s.result()).isEqualTo(ReleaseRecord.Result.SUCCEEDED);
        assertThat(s.phases()).singleElement().satisfies(ph -> assertThat(ph.phase()).isEqualTo("akseDeploy"));
        assertThat(s.nodeCounts()).containsEntry("agentpool1", 2).containsEntry("master", 1);
      });
      assertThat(record.gates()).singleElement().satisfies(g -> {
        assertThat(g.decision()).isEqualTo("APPROVED");
        assertThat(g.approvals()).singleElement().satisfies(a -> assertThat(a.user()).isEqualTo("alice"));
      });
      assertThat(json.getContentAsString()).doesNotContain(sim.secret("seattle"));
    }
  }

  @Test
  @DisplayName("a step refused by core's validation shows as a failed step with the message the log shows")
  void failedStep() throws Throwable {
    sessions.then(j -> {
      sim.configure("seattle");
      j.createSlave("hub-seattle", "hub-seattle", null);
      WorkflowJob p = j.createProject(WorkflowJob.class, "invalid");
      p.setDefinition(new CpsFlowDefinition("node('hub-seattle') { akseDeploy hub: 'seattle', resourceGroup: 'rg!', template: 'nope.json', "
          + "parameters: 'nope.parameters.json' }", true));
      WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
      j.assertLogContains("[akseDeploy] invalid input: resourceGroup: must be", b);

      try (JenkinsRule.WebClient wc = j.createWebClient()) {
        ReleaseRecord record = ReleaseJson.parse(wc.goTo(b.getUrl() + "stamp-release/release.json", "application/json").getWebResponse()
            .getContentAsString(), "release.json");
        assertThat(record.result()).isEqualTo(ReleaseRecord.Result.FAILED);
        StampRecord seattle = record.stamps().get(0);
        assertThat(seattle.result()).isEqualTo(ReleaseRecord.Result.FAILED);
        assertThat(seattle.phases().get(0).message()).contains("[akseDeploy] invalid input: resourceGroup: must be");
        assertThat(wc.goTo(b.getUrl() + "stamp-release/", "text/html").getWebResponse().getContentAsString()).contains(">Failed</span>");
      }
    });
  }
}
