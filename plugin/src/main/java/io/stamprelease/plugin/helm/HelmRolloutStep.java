package io.stamprelease.plugin.helm;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput.Field;
import io.stamprelease.core.steps.helmrollout.HelmRolloutInput;
import io.stamprelease.plugin.agent.FormLines;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.StepInputs;
import java.util.List;
import java.util.Set;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code helmRollout(release:, namespace:, chart:, kubeconfigCredentialsId: | kubeconfig:, …)}: {@code helm upgrade
 * --install} on the agent with watch-based fail-fast, rollback to the last good revision and a smoke probe — the
 * inputs of {@code stamp rollout}. Returns a map: release, namespace, phase, revision, previousGoodRevision,
 * rollbackRevision, chart, chartVersion, images, workloads, failures, status, message (a dry run: the diff instead).
 */
public final class HelmRolloutStep extends Step {
  private final String release;
  private final String namespace;
  private final String chart;
  private String stamp;
  private String kubeconfig;
  private String kubeconfigCredentialsId;
  private boolean createNamespace;
  private String chartVersion;
  private String repo;
  private List<String> values = List.of();
  private List<String> set = List.of();
  private String timeout;
  private Integer historyMax;
  private Integer maxRestarts;
  private boolean rollback = true;
  private String onFirstInstallFailure;
  private boolean dryRun;
  private String probeUrl;
  private String probeHost;
  private Integer probeStatus;
  private String probeBody;
  private Integer probeAttempts;
  private String probeInterval;
  private String concurrent = OneWriter.Mode.WAIT.value();

  @DataBoundConstructor
  public HelmRolloutStep(String release, String namespace, String chart) {
    this.release = StepInputs.trimToNull(release);
    this.namespace = StepInputs.trimToNull(namespace);
    this.chart = StepInputs.trimToNull(chart);
  }

  // @formatter:off
  public String getRelease() { return release; }
  public String getNamespace() { return namespace; }
  public String getChart() { return chart; }
  public String getStamp() { return stamp; }
  public String getKubeconfig() { return kubeconfig; }
  public String getKubeconfigCredentialsId() { return kubeconfigCredentialsId; }
  public boolean isCreateNamespace() { return createNamespace; }
  public String getChartVersion() { return chartVersion; }
  public String getRepo() { return repo; }
  public List<String> getValues() { return values; }
  public List<String> getSet() { return set; }
  /** values as the form's text area shows them, one file per line (the descriptor splits them back). */
  public String getValuesText() { return FormLines.join(values); }
  /** set as the form's text area shows it, one key=value per line. */
  public String getSetText() { return FormLines.join(set); }
  public String getTimeout() { return timeout; }
  public Integer getHistoryMax() { return historyMax; }
  public Integer getMaxRestarts() { return maxRestarts; }
  public boolean isRollback() { return rollback; }
  public String getOnFirstInstallFailure() { return onFirstInstallFailure; }
  public boolean isDryRun() { return dryRun; }
  public String getProbeUrl() { return probeUrl; }
  public String getProbeHost() { return probeHost; }
  public Integer getProbeStatus() { return probeStatus; }
  public String getProbeBody() { return probeBody; }
  public Integer getProbeAttempts() { return probeAttempts; }
  public String getProbeInterval() { return probeInterval; }
  public String getConcurrent() { return concurrent; }
  @DataBoundSetter public void setStamp(String s) { this.stamp = StepInputs.trimToNull(s); }
  @DataBoundSetter public void setKubeconfig(String k) { this.kubeconfig = StepInputs.trimToNull(k); }
  @DataBoundSetter public void setKubeconfigCredentialsId(String id) { this.kubeconfigCredentialsId = StepInputs.trimToNull(id); }
  @DataBoundSetter public void setCreateNamespace(boolean c) { this.createNamespace = c; }
  @DataBoundSetter public void setChartVersion(String v) { this.chartVersion = StepInputs.trimToNull(v); }
  @DataBoundSetter public void setRepo(String r) { this.repo = StepInputs.trimToNull(r); }
  @DataBoundSetter public void setValues(List<String> v) { this.values = v == null ? List.of() : v.stream().filter(x -> !StepInputs.blank(x)).map(String::trim).toList(); }
  @DataBoundSetter public void setSet(List<String> s) { this.set = s == null ? List.of() : s.stream().filter(x -> !StepInputs.blank(x)).toList(); }
  @DataBoundSetter public void setTimeout(String t) { this.timeout = StepInputs.trimToNull(t); }
  @DataBoundSetter public void setHistoryMax(Integer h) { this.historyMax = h; }
  @DataBoundSetter public void setMaxRestarts(Integer m) { this.maxRestarts = m; }
  @DataBoundSetter public void setRollback(boolean r) { this.rollback = r; }
  @DataBoundSetter public void setOnFirstInstallFailure(String o) { this.onFirstInstallFailure = StepInputs.trimToNull(o); }
  @DataBoundSetter public void setDryRun(boolean d) { this.dryRun = d; }
  @DataBoundSetter public void setProbeUrl(String u) { this.probeUrl = StepInputs.trimToNull(u); }
  @DataBoundSetter public void setProbeHost(String h) { this.probeHost = StepInputs.trimToNull(h); }
  @DataBoundSetter public void setProbeStatus(Integer s) { this.probeStatus = s; }
  @DataBoundSetter public void setProbeBody(String b) { this.probeBody = StepInputs.trimToNull(b); }
  @DataBoundSetter public void setProbeAttempts(Integer a) { this.probeAttempts = a; }
  @DataBoundSetter public void setProbeInterval(String i) { this.probeInterval = StepInputs.trimToNull(i); }
  @DataBoundSetter public void setConcurrent(String c) { this.concurrent = StepInputs.blank(c) ? OneWriter.Mode.WAIT.value() : c.trim(); }
  // @formatter:on

  /** The arguments as they go to the agent; a bad duration fails here, before anything runs. */
  public HelmRolloutArgs args() throws AbortException {
    HelmRolloutArgs args = new HelmRolloutArgs(stamp, release, namespace, chart, kubeconfig, kubeconfigCredentialsId, createNamespace,
        chartVersion, repo, values, set, timeout, historyMax, maxRestarts, rollback, onFirstInstallFailure, dryRun, probeUrl, probeHost,
        probeStatus, probeBody, probeAttempts, probeInterval);
    // the kubeconfig is read on the agent: here it is unknown (not a placeholder), and only the controller's fields are judged
    StepInputs.precheck(HelmRolloutCallable.STEP, () -> args.input(null, null).kubeconfig(null).kubeconfigUnknown().validate(),
        HelmRolloutArgs.ON_CONTROLLER);
    return args;
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    OneWriter.Mode mode = OneWriter.Mode.parse(HelmRolloutCallable.STEP, concurrent);
    return new HelmRolloutExecution(context, args()).concurrent(mode);
  }
  @Extension
  @Symbol("helmRollout")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return HelmRolloutCallable.STEP;
    }

    @Override
    public String getDisplayName() {
      return Messages.HelmRolloutStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, FilePath.class, TaskListener.class);
    }

    /** The form (and the Snippet Generator) shows values and set as text areas, one entry per line: split them here. */
    @Override
    public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
      FormLines.splitIn(formData, "values", "set");
      return super.newInstance(req, formData);
    }

    @POST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String kubeconfigCredentialsId) {
      StandardListBoxModel model = new StandardListBoxModel();
      String current = kubeconfigCredentialsId == null ? "" : kubeconfigCredentialsId;
      boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
          : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
      if (!allowed) {
        model.includeCurrentValue(current);
        return model;
      }
      model.includeEmptyValue();
      var kubeconfigs = CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(FileCredentials.class),
          CredentialsMatchers.instanceOf(StringCredentials.class));
      if (item == null) {
        model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), kubeconfigs);
      } else {
        model.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), kubeconfigs);
      }
      model.includeCurrentValue(current);
      return model;
    }

    @POST
    public FormValidation doCheckRelease(@QueryParameter String value) {
      return StepInputs.check(Field.RELEASE, () -> new HelmRolloutInput().release(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckNamespace(@QueryParameter String value) {
      return StepInputs.check(Field.NAMESPACE, () -> new HelmRolloutInput().namespace(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckHistoryMax(@QueryParameter String value) {
      return StepInputs.blank(value) ? FormValidation.ok() : FormValidation.validateNonNegativeInteger(value);
    }

    @POST
    public FormValidation doCheckMaxRestarts(@QueryParameter String value) {
      return StepInputs.blank(value) ? FormValidation.ok() : FormValidation.validateNonNegativeInteger(value);
    }

    @POST
    public FormValidation doCheckProbeAttempts(@QueryParameter String value) {
      return StepInputs.blank(value) ? FormValidation.ok() : FormValidation.validatePositiveInteger(value);
    }

    public ListBoxModel doFillOnFirstInstallFailureItems() {
      ListBoxModel model = new ListBoxModel();
      model.add("Uninstall it (as helm install --atomic)", "uninstall");
      model.add("Leave it for inspection", "leave");
      return model;
    }

    @POST
    public FormValidation doCheckOnFirstInstallFailure(@QueryParameter String value) {
      return StepInputs.check(Field.ON_FIRST_INSTALL_FAILURE, () -> new HelmRolloutInput().onFirstInstallFailure(value).validate());
    }

    @POST
    public FormValidation doCheckSet(@QueryParameter String value) {
      return StepInputs.check(Field.SET, () -> new HelmRolloutInput().set(FormLines.split(value)).validate());
    }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
      return StepInputs.check(Field.TIMEOUT, () -> new HelmRolloutInput().timeout(value).validate());
    }

    @POST
    public FormValidation doCheckProbeInterval(@QueryParameter String value) {
      return StepInputs.check(Field.PROBE_INTERVAL, () -> new HelmRolloutInput().probeUrl("http://probe/").probeInterval(value).validate());
    }

    /** {@code concurrent:} — what this step does while another build's same step works on the same target. */
    public ListBoxModel doFillConcurrentItems() {
      return OneWriter.Mode.items();
    }
  }
}
