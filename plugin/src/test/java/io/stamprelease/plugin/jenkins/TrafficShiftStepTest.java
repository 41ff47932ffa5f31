package io.stamprelease.plugin.jenkins;

import static io.stamprelease.plugin.jenkins.SimulatedTraffic.GSLB;
import static io.stamprelease.plugin.jenkins.SimulatedTraffic.GSLB_CREDENTIALS;
import static io.stamprelease.plugin.jenkins.SimulatedTraffic.HUB;
import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Label;
import hudson.model.Result;
import hudson.triggers.TimerTrigger;
import hudson.util.Secret;
import io.stamprelease.core.traffic.EndpointSetting;
import io.stamprelease.plugin.hubs.GslbEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import io.stamprelease.plugin.traffic.TrafficShiftStep;
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
@DisplayName("trafficShift in Jenkins (simulated Traffic Manager and BIG-IP DNS, agents labelled azure and lab)")
class TrafficShiftStepTest {
  static SimulatedTraffic sim;
  @TempDir
  static Path dir;
  JenkinsRule j;

  @BeforeAll
  static void startCloud() {
    sim = new SimulatedTraffic(dir);
  }

  @AfterAll
  static void stopCloud() {
    sim.close();
  }

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    sim.reset();
    sim.configure();
    j.createOnlineSlave(Label.get("azure"));
    j.createOnlineSlave(Label.get("lab"));
  }

  WorkflowJob pipeline(String name, String script) throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, name);
    p.setDefinition(new CpsFlowDefinition(script, true));
    return p;
  }

  @Test
  @DisplayName("sets Traffic Manager weights from a pipeline on an agent: prefixed console, a map result, the secret never printed")
  void trafficManagerSet() throws Exception {
    // Given
    WorkflowJob p = pipeline("tm-set", "node('azure') {\n"
        + "  def r = trafficShift provider: 'azure-traffic-manager', hub: '" + HUB + "', profile: '" + sim.profileId() + "',\n"
        + "      set: 'seattle=70,denver=30', wait: '1s', poll: '200ms', reason: 'canary: 30 % to denver'\n"
        + "  echo \"status=${r.status} denver=${r.after.denver.percent} actor=${r.changes[0].actor} steps=${r.stepsTaken}\"\n"
        + "}\n");
    // When
    WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("alice"))));
    // Then
    j.assertLogContains("[trafficShift] hub public-azure: starting on the agent", b);
    j.assertLogContains("[trafficShift]   seattle", b);
    j.assertLogContains("status=succeeded denver=30 actor=alice steps=[set weights]", b);
    j.assertLogNotContains(sim.tmSecret(), b);
    assertThat(sim.azure.read().settings()).containsEntry("denver", EndpointSetting.enabled(300));
    assertThat(sim.cloud.publicRegion().arm().journal().writes()).singleElement().satisfies(w -> assertThat(w.method()).isEqualTo("PUT"));
  }

  @Test
  @DisplayName("drains a BIG-IP member with the GSLB's default pool; a build no user started records the actor jenkins")
  void bigIpDrain() throws Exception {
    // Given
    WorkflowJob p = pipeline("f5-drain", "node('lab') {\n"
        + "  def r = trafficShift provider: 'f5-gtm', gslb: '" + GSLB + "', drain: 'seattle', wait: '1s', poll: '200ms'\n"
        + "  echo \"status=${r.status} profile=${r.profile} actor=${r.changes[0].actor} reason=${r.changes[0].reason}\"\n"
        + "}\n");
    // When
    WorkflowRun b = j.assertBuildStatusSuccess(p.scheduleBuild2(0, new CauseAction(new TimerTrigger.TimerTriggerCause())));
    // Then
    j.assertLogContains("[trafficShift] gslb lab-bigip: starting on the agent", b);
    j.assertLogContains("status=succeeded profile=/Common/stamp-release-app actor=jenkins reason=Jenkins f5-drain#1: trafficShift drain seattle", b);
    j.assertLogNotContains(sim.cloud.gslbPassword(), b);
    assertThat(sim.f5.read().endpoint("seattle").orElseThrow().setting()).isEqualTo(EndpointSetting.disabled(500));
  }

  @Test
  @DisplayName("a dry run returns the plan and writes nothing")
  void dryRun() throws Exception {
    WorkflowJob p = pipeline("dry-run", "node('lab') {\n"
        + "  def plan = trafficShift provider: 'f5-gtm', gslb: '" + GSLB + "', shiftTo: 'denver', steps: '60,100', dryRun: true\n"
        + "  echo \"dryRun=${plan.dryRun} steps=${plan.steps.size()}\"\n"
        + "  echo plan.table\n"
        + "}\n");
    WorkflowRun b = j.buildAndAssertSuccess(p);
    j.assertLogContains("dryRun=true steps=2", b);
    j.assertLogContains("[trafficShift] dry run: nothing was written", b);
    assertThat(sim.writes()).isZero();
  }

  @Test
  @DisplayName("missing GSLB credentials fail the build in one line naming the id, before the agent is visited")
  void missingCredentials() throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().removeIf(c -> c instanceof IdCredentials ic && GSLB_CREDENTIALS.equals(ic.getId()));
    WorkflowJob p = pipeline("missing", "node('lab') { trafficShift provider: 'f5-gtm', gslb: '" + GSLB + "', drain: 'seattle' }");
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[trafficShift] gslb 'lab-bigip': unable to find credentials with id 'bigip-stamp-release'", b);
    j.assertLogNotContains("\tat io.stamprelease", b);
    assertThat(sim.writes()).isZero();
  }

  @Test
  @DisplayName("GSLB credentials of the wrong type fail the build naming the id and the accepted type")
  void wrongTypeCredentials() throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().removeIf(c -> c instanceof IdCredentials ic && GSLB_CREDENTIALS.equals(ic.getId()));
    SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, GSLB_CREDENTIALS, "a token",
        Secret.fromString("not-a-user")));
    WorkflowJob p = pipeline("wrong-type", "node('lab') { trafficShift provider: 'f5-gtm', gslb: '" + GSLB + "', drain: 'seattle' }");
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("credentials 'bigip-stamp-release' are a StringCredentialsImpl; use username/password", b);
  }

  @Test
  @DisplayName("invalid arguments are one AbortException naming each argument and the configured names; nothing is written")
  void invalidInput() throws Exception {
    WorkflowJob p = pipeline("invalid", "node('azure') { trafficShift provider: 'azure-traffic-manager', gslb: '" + GSLB + "', "
        + "profile: '" + sim.profileId() + "', set: 'seattle=90,denver=20', drainMode: 'zero' }");
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[trafficShift] invalid input: hub: is required with provider 'azure-traffic-manager'", b);
    j.assertLogContains("one of public-azure", b);
    j.assertLogContains("gslb: only used with provider 'f5-gtm'", b);
    j.assertLogContains("set: percentages add up to 110, must be exactly 100", b);
    j.assertLogContains("drainMode: must be one of disable | minimum-weight, got 'zero'", b);
    j.assertLogNotContains("\tat io.stamprelease", b);
    assertThat(sim.writes()).isZero();
  }

  @Test
  @DisplayName("an unknown GSLB name lists the configured ones")
  void unknownGslb() throws Exception {
    WorkflowJob p = pipeline("unknown", "node('lab') { trafficShift provider: 'f5-gtm', gslb: 'paris', drain: 'seattle' }");
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("[trafficShift] gslb: no GSLB named 'paris' in Manage Jenkins → System → Stamp Release hubs (configured: lab-bigip)", b);
  }

  @Test
  @DisplayName("the Snippet Generator round-trips every argument")
  void configRoundTrip() throws Exception {
    TrafficShiftStep step = new TrafficShiftStep("azure-traffic-manager");
    step.setHub(HUB);
    step.setProfile(sim.profileId());
    step.setShiftTo("denver");
    step.setSteps("10,50,100");
    step.setPartial(true);
    step.setBake("5m");
    step.setMaxStep(60);
    step.setWait("30s");
    step.setPoll("5s");
    step.setProbeUrl("https://app.denver.example/healthz");
    step.setReason("release 2.0");
    TrafficShiftStep back = new StepConfigTester(j).configRoundTrip(step);
    j.assertEqualDataBoundBeans(step, back);
    TrafficShiftStep drain = new TrafficShiftStep("f5-gtm");
    drain.setGslb(GSLB);
    drain.setDrain("seattle");
    drain.setDrainMode("minimum-weight");
    drain.setDryRun(true);
    j.assertEqualDataBoundBeans(drain, new StepConfigTester(j).configRoundTrip(drain));
  }

  @Test
  @DisplayName("the global configuration page keeps the GSLB entries")
  void globalConfigRoundTrip() throws Exception {
    j.configRoundtrip();
    assertThat(StampReleaseHubs.get().getGslbs()).singleElement().satisfies(g -> {
      assertThat(g.getName()).isEqualTo(GSLB);
      assertThat(g.getCredentialsId()).isEqualTo(GSLB_CREDENTIALS);
      assertThat(g.getPool()).isEqualTo("/Common/stamp-release-app");
      assertThat(g.getCaCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(g.problems()).isEmpty();
    });
    assertThat(StampReleaseHubs.get().getGslbs()).extracting(GslbEntry::getUrl).containsExactly(sim.cloud.gslb().url());
  }
}
