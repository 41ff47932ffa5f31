package io.stamprelease.plugin.jenkins;

import static io.stamprelease.plugin.jenkins.SimulatedTraffic.GSLB;
import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.core.traffic.EndpointSetting;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

@DisplayName("trafficShift across a controller restart")
class TrafficShiftRestartTest {
  @RegisterExtension
  private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
  static SimulatedTraffic sim;
  @TempDir
  static Path dir;

  @BeforeAll
  static void startCloud() {
    sim = new SimulatedTraffic(dir);
  }

  @AfterAll
  static void stopCloud() {
    sim.close();
  }

  @Test
  @DisplayName("a BIG-IP shift restarted in its DNS wait continues from its checkpoint: the members are patched once, the build succeeds")
  void shiftResumes() throws Throwable {
    sessions.then(j -> {
      sim.reset();
      sim.configure();
      j.createSlave("lab", "lab", null);
      WorkflowJob p = j.createProject(WorkflowJob.class, "shift");
      p.setDefinition(new CpsFlowDefinition("node('lab') {\n"
          + "  def r = trafficShift provider: 'f5-gtm', gslb: '" + GSLB + "', set: 'seattle=70,denver=30', wait: '20s', poll: '200ms'\n"
          + "  echo \"status=${r.status} steps=${r.stepsTaken}\"\n"
          + "}\n", true));
      WorkflowRun b = p.scheduleBuild2(0).waitForStart();
      j.waitForMessage("dns-wait set weights: waiting 20s", b);
    });
    sessions.then(j -> {
      WorkflowRun b = j.jenkins.getItemByFullName("shift", WorkflowJob.class).getBuildByNumber(1);
      j.waitOnline((hudson.slaves.DumbSlave) j.jenkins.getNode("lab"));
      j.assertBuildStatusSuccess(j.waitForCompletion(b));
      j.assertLogContains("status=succeeded steps=[set weights]", b);
      assertThat(sim.cloud.gslb().journal().writes()).as("each member patched once across the restart")
          .filteredOn(w -> w.method().equals("PATCH")).hasSize(2);
      assertThat(sim.f5.read().settings()).containsEntry("seattle", EndpointSetting.enabled(700)).containsEntry("denver", EndpointSetting.enabled(300));
    });
  }
}
