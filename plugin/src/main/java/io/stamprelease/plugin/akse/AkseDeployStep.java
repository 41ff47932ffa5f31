package io.stamprelease.plugin.akse;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput.Field;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.StepInputs;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code akseDeploy(hub:, resourceGroup:, template:, parameters:, …)}: deploys or converges an AKS Engine cluster on
 * the hub, on the agent, with the inputs of {@code stamp deploy}. Returns a map: hub, resourceGroup, deploymentName,
 * status, result, correlationId, masterFQDN, kubernetesVersion, nodesPerPool, readyNodes, expectedNodes.
 */
public final class AkseDeployStep extends Step {
  private final String hub;
  private final String resourceGroup;
  private final String template;
  private final String parameters;
  private String location;
  private String apimodel;
  private String deploymentName;
  private String mode = AkseDeployInput.INCREMENTAL;
  private String timeout = AkseDeployInput.DEFAULT_TIMEOUT;
  private String kubeconfig;
  private boolean whatIf;
  private String pollInterval = AkseDeployInput.DEFAULT_POLL_INTERVAL;
  private String concurrent = OneWriter.Mode.WAIT.value();

  @DataBoundConstructor
  public AkseDeployStep(String hub, String resourceGroup, String template, String parameters) {
    this.hub = StepInputs.trimToNull(hub);
    this.resourceGroup = StepInputs.trimToNull(resourceGroup);
    this.template = StepInputs.trimToNull(template);
    this.parameters = StepInputs.trimToNull(parameters);
  }

  // @formatter:off
  public String getHub() { return hub; }
  public String getResourceGroup() { return resourceGroup; }
  public String getTemplate() { return template; }
  public String getParameters() { return parameters; }
  public String getLocation() { return location; }
  public String getApimodel() { return apimodel; }
  public String getDeploymentName() { return deploymentName; }
  public String getMode() { return mode; }
  public String getTimeout() { return timeout; }
  public String getKubeconfig() { return kubeconfig; }
  public boolean isWhatIf() { return whatIf; }
  public String getPollInterval() { return pollInterval; }
  public String getConcurrent() { return concurrent; }
  @DataBoundSetter public void setLocation(String location) { this.location = StepInputs.trimToNull(location); }
  @DataBoundSetter public void setApimodel(String apimodel) { this.apimodel = StepInputs.trimToNull(apimodel); }
  @DataBoundSetter public void setDeploymentName(String name) { this.deploymentName = StepInputs.trimToNull(name); }
  @DataBoundSetter public void setMode(String mode) { this.mode = StepInputs.blank(mode) ? AkseDeployInput.INCREMENTAL : mode.trim(); }
  @DataBoundSetter public void setTimeout(String t) { this.timeout = StepInputs.blank(t) ? AkseDeployInput.DEFAULT_TIMEOUT : t.trim(); }
  @DataBoundSetter public void setKubeconfig(String kubeconfig) { this.kubeconfig = StepInputs.trimToNull(kubeconfig); }
  @DataBoundSetter public void setWhatIf(boolean whatIf) { this.whatIf = whatIf; }
  @DataBoundSetter public void setConcurrent(String c) { this.concurrent = StepInputs.blank(c) ? OneWriter.Mode.WAIT.value() : c.trim(); }
  @DataBoundSetter public void setPollInterval(String poll) {
    this.pollInterval = StepInputs.blank(poll) ? AkseDeployInput.DEFAULT_POLL_INTERVAL : poll.trim();
  }
  // @formatter:on

  /** What the controller judges before the agent is visited: the durations. */
  static final Set<Field> ON_CONTROLLER = Set.of(Field.TIMEOUT, Field.POLL_INTERVAL);

  /** The arguments as they go to the agent; a bad duration fails here, before anything runs. */
  public AkseDeployArgs args() throws AbortException {
    if (hub == null) {
      throw new AbortException("[akseDeploy] invalid input: hub: is required (a hub of Manage Jenkins → System → Stamp Release hubs)");
    }
    AkseDeployArgs args = new AkseDeployArgs(hub, resourceGroup, template, parameters, location, apimodel, deploymentName, mode, timeout,
        kubeconfig, whatIf, pollInterval, Map.of());
    StepInputs.precheck("akseDeploy", () -> args.input(null).validate(), ON_CONTROLLER);
    return args;
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    OneWriter.Mode mode = OneWriter.Mode.parse("akseDeploy", concurrent);
    return new AkseDeployExecution(context, args()).concurrent(mode);
  }
  @Extension
  @Symbol("akseDeploy")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return "akseDeploy";
    }

    @Override
    public String getDisplayName() {
      return Messages.AkseDeployStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, FilePath.class, TaskListener.class);
    }

    @POST
    public FormValidation doCheckHub(@QueryParameter String value) {
      if (StepInputs.blank(value)) {
        return FormValidation.error(Messages.AkseDeployStep_HubRequired());
      }
      return StampReleaseHubs.get().hub(value.trim()).isPresent() ? FormValidation.ok()
          : FormValidation.warning(Messages.AkseDeployStep_HubUnknown(value.trim()));
    }

    @POST
    public FormValidation doCheckResourceGroup(@QueryParameter String value) {
      return StepInputs.check(Field.RESOURCE_GROUP, () -> new AkseDeployInput().resourceGroup(value).validate());
    }

    @POST
    public FormValidation doCheckLocation(@QueryParameter String value) {
      return StepInputs.check(Field.LOCATION, () -> new AkseDeployInput().location(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckDeploymentName(@QueryParameter String value) {
      return StepInputs.check(Field.DEPLOYMENT_NAME, () -> new AkseDeployInput().deploymentName(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckMode(@QueryParameter String value) {
      return StepInputs.check(Field.MODE, () -> new AkseDeployInput().mode(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
      return StepInputs.check(Field.TIMEOUT, () -> new AkseDeployInput().timeout(value).validate());
    }

    @POST
    public FormValidation doCheckPollInterval(@QueryParameter String value) {
      return StepInputs.check(Field.POLL_INTERVAL, () -> new AkseDeployInput().pollInterval(value).validate());
    }

    /** {@code concurrent:} — what this step does while another build's same step works on the same target. */
    public ListBoxModel doFillConcurrentItems() {
      return OneWriter.Mode.items();
    }
  }
}
