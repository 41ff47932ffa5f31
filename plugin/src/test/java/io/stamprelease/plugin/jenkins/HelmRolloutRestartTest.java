package io.stamprelease.plugin.jenkins;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.core.clients.kube.KubeClients;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("helmRollout across a controller and agent restart")
class HelmRolloutRestartTest {
  @RegisterExtension
  private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
  static SimulatedCloud cloud;
  static String kubeconfig;

  @BeforeAll
  static void startCloud() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    kubeconfig = cloud.hub("seattle").cluster().kubeconfig("default");
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  @Test
  @DisplayName("restarted while tracking its revision, the rollout re-attaches to it from the checkpoint: one revision, build succeeds")
  void rolloutResumes() throws Throwable {
    sessions.then(j -> {
      SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "kube-seattle",
          "kubeconfig of seattle", Secret.fromString(kubeconfig)));
      SystemCredentialsProvider.getInstance().save();
      j.createSlave("hub-seattle", "hub-seattle", null);
      WorkflowJob p = j.createProject(WorkflowJob.class, "rollout");
      p.setDefinition(new CpsFlowDefinition("node('hub-seattle') {\n"
          + "  def r = helmRollout release: 'web', namespace: 'restart', chart: '" + HelmRolloutStepTest.CHART + "', stamp: 'seattle',\n"
          + "    kubeconfigCredentialsId: 'kube-seattle', createNamespace: true, timeout: '2m', set: ['behavior=slow:20s']\n"
          + "  echo \"revision=${r.revision} phase=${r.phase}\"\n"
          + "}\n", true));
      WorkflowRun b = p.scheduleBuild2(0).waitForStart();
      j.waitForMessage("revision 1", b);
    });
    sessions.then(j -> {
      WorkflowRun b = j.jenkins.getItemByFullName("rollout", WorkflowJob.class).getBuildByNumber(1);
      j.waitOnline((hudson.slaves.DumbSlave) j.jenkins.getNode("hub-seattle"));
      j.assertBuildStatusSuccess(j.waitForCompletion(b));
      j.assertLogContains("revision=1 phase=SUCCEEDED", b);
      try (KubernetesClient kube = KubeClients.fromKubeconfig(kubeconfig)) {
        assertThat(kube.secrets().inNamespace("restart").withLabel("owner", "helm").list().getItems()).as("the upgrade was sent once").hasSize(1);
      }
    });
  }
}
