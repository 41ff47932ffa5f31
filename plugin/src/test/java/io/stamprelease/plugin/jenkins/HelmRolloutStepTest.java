package io.stamprelease.plugin.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.FormValidation;
import io.stamprelease.plugin.helm.HelmRolloutStep;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
@DisplayName("helmRollout in Jenkins (simulated cluster, kubeconfig from a secret file credential, agent labelled hub-seattle)")
class HelmRolloutStepTest {
  static final Path CHART = Path.of("../samples/charts/demo").toAbsolutePath().normalize();
  static SimulatedCloud cloud;
  static String kubeconfig;
  JenkinsRule j;

  @BeforeAll
  static void startCloud() {
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    kubeconfig = cloud.hub("seattle").cluster().kubeconfig("default");
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    SystemCredentialsProvider.getInstance().getCredentials().add(new FileCredentialsImpl(CredentialsScope.GLOBAL, "kube-seattle",
        "kubeconfig of seattle", "seattle.kubeconfig", SecretBytes.fromRawBytes(kubeconfig.getBytes(StandardCharsets.UTF_8))));
    SystemCredentialsProvider.getInstance().save();
    j.createOnlineSlave(Label.get("hub-seattle"));
  }

  static String script(String namespace, String set) {
    return "node('hub-seattle') {\n"
        + "  def r = helmRollout release: 'web', namespace: '" + namespace + "', chart: '" + CHART + "', stamp: 'seattle',\n"
        + "    kubeconfigCredentialsId: 'kube-seattle', createNamespace: true, timeout: '90s', set: [" + set + "]\n"
        + "  echo \"revision=${r.revision} phase=${r.phase} workloads=${r.workloads.size()}\"\n"
        + "}\n";
  }

  @Test
  @DisplayName("installs the chart from a pipeline on the stamp's agent and returns a map; the kubeconfig's token never reaches the log")
  void installs() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "install");
    p.setDefinition(new CpsFlowDefinition(script("jenkins-install", "'replicas=2'"), true));
    WorkflowRun b = j.buildAndAssertSuccess(p);
    j.assertLogContains("[helmRollout] ", b);
    j.assertLogContains("revision=1 phase=SUCCEEDED workloads=2", b);
    for (String secret : io.stamprelease.plugin.helm.HelmRolloutCallable.kubeconfigSecrets(kubeconfig)) {
      j.assertLogNotContains(secret, b);
    }
  }

  @Test
  @DisplayName("a crashing upgrade fails the build with the pod's reason, after rolling back")
  void crashFailsWithReason() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "crash");
    p.setDefinition(new CpsFlowDefinition(script("jenkins-crash", "'replicas=1'"), true));
    j.buildAndAssertSuccess(p);
    p.setDefinition(new CpsFlowDefinition(script("jenkins-crash", "'replicas=1', 'crash=true'"), true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("CrashLoopBackOff", b);
    j.assertLogContains("rollback", b);
    j.assertLogNotContains("\tat io.stamprelease", b);
  }

  @Test
  @DisplayName("a kubeconfig credential of the wrong kind fails naming its id and the accepted kinds")
  void wrongCredentialKind() throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().add(new com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl(
        CredentialsScope.GLOBAL, "kube-user", "not a kubeconfig", "u", "p"));
    WorkflowJob p = j.createProject(WorkflowJob.class, "wrong");
    p.setDefinition(new CpsFlowDefinition("node('hub-seattle') { helmRollout release: 'web', namespace: 'x', chart: 'c', "
        + "kubeconfigCredentialsId: 'kube-user' }", true));
    WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
    j.assertLogContains("credentials 'kube-user' are a UsernamePasswordCredentialsImpl; a kubeconfig must be a secret file or a secret text", b);
  }

  @Test
  @DisplayName("aborting the build stops the session on the agent and says which revision is left")
  void abortStopsTheSession() throws Exception {
    WorkflowJob p = j.createProject(WorkflowJob.class, "abort");
    p.setDefinition(new CpsFlowDefinition(script("jenkins-abort", "'behavior=never-ready'"), true));
    WorkflowRun b = p.scheduleBuild2(0).waitForStart();
    j.waitForMessage("revision 1", b);
    b.doStop();
    j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
    j.assertLogContains("stopped; the agent stopped the rollout; revision 1 of web stays as it is", b);
  }

  @Test
  @DisplayName("the Snippet Generator round-trips every argument")
  void configRoundTrip() throws Exception {
    HelmRolloutStep step = new HelmRolloutStep("web", "apps", "charts/demo");
    step.setStamp("seattle");
    step.setKubeconfigCredentialsId("kube-seattle");
    step.setCreateNamespace(true);
    step.setValues(List.of("values.yaml", "values-seattle.yaml"));
    step.setSet(List.of("image.tag=1.2.3"));
    step.setTimeout("15m");
    step.setHistoryMax(5);
    step.setMaxRestarts(2);
    step.setRollback(false);
    step.setOnFirstInstallFailure("leave");
    step.setProbeUrl("http://ingress.seattle/healthz");
    step.setProbeHost("app.example");
    step.setProbeBody("ok");
    HelmRolloutStep back = new StepConfigTester(j).configRoundTrip(step);
    j.assertEqualDataBoundBeans(step, back);
  }

  @Test
  @DisplayName("the form checks set line by line: key=value lines pass, a line that is not one is named")
  void setCheck() {
    HelmRolloutStep.DescriptorImpl descriptor = j.jenkins.getDescriptorByType(HelmRolloutStep.DescriptorImpl.class);
    FormValidation ok = descriptor.doCheckSet("image.tag=1.2.3\n\nreplicas=3,a=b");
    FormValidation bad = descriptor.doCheckSet("image.tag=1.2.3\nreplicas");
    assertThat(ok.kind).isEqualTo(FormValidation.Kind.OK);
    assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
    assertThat(bad.getMessage()).contains("replicas").contains("is not key=value");
  }
}
