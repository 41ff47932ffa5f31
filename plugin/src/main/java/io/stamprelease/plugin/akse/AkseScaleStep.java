package io.stamprelease.plugin.akse;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.steps.aksescale.AkseScale;
import io.stamprelease.core.steps.aksescale.AkseScaleInput.Field;
import io.stamprelease.core.steps.aksescale.AkseScaleInput;
import io.stamprelease.core.steps.aksescale.ScaleRequest;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.StepInputs;
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
 * {@code akseScale(hub:, resourceGroup:, pool:, count:, kubeconfig:, …)}: sets an agent pool's node count, on the
 * agent, with the inputs of {@code stamp scale}. Returns a map: hub, resourceGroup, status, pool, target, before,
 * after, added, removed, drainMillis, unfinished, notes, summary.
 */
public final class AkseScaleStep extends Step {
  private final String hub;
  private final String resourceGroup;
  private final String pool;
  private final int count;
  private final String kubeconfig;
  private String template;
  private String parameters;
  private String drainTimeout;
  private Integer maxParallelDrains;
  private boolean force;
  private String timeout;
  private String pollInterval;
  private String concurrent = OneWriter.Mode.WAIT.value();

  @DataBoundConstructor
  public AkseScaleStep(String hub, String resourceGroup, String pool, int count, String kubeconfig) {
    this.hub = StepInputs.trimToNull(hub);
    this.resourceGroup = StepInputs.trimToNull(resourceGroup);
    this.pool = StepInputs.trimToNull(pool);
    this.count = count;
    this.kubeconfig = StepInputs.trimToNull(kubeconfig);
  }

  // @formatter:off
  public String getHub() { return hub; }
  public String getResourceGroup() { return resourceGroup; }
  public String getPool() { return pool; }
  public int getCount() { return count; }
  public String getKubeconfig() { return kubeconfig; }
  public String getTemplate() { return template; }
  public String getParameters() { return parameters; }
  public String getDrainTimeout() { return drainTimeout; }
  public Integer getMaxParallelDrains() { return maxParallelDrains; }
  public boolean isForce() { return force; }
  public String getTimeout() { return timeout; }
  public String getPollInterval() { return pollInterval; }
  public String getConcurrent() { return concurrent; }
  @DataBoundSetter public void setTemplate(String template) { this.template = StepInputs.trimToNull(template); }
  @DataBoundSetter public void setParameters(String parameters) { this.parameters = StepInputs.trimToNull(parameters); }
  @DataBoundSetter public void setDrainTimeout(String d) { this.drainTimeout = StepInputs.trimToNull(d); }
  @DataBoundSetter public void setMaxParallelDrains(Integer n) { this.maxParallelDrains = n; }
  @DataBoundSetter public void setForce(boolean force) { this.force = force; }
  @DataBoundSetter public void setTimeout(String t) { this.timeout = StepInputs.trimToNull(t); }
  @DataBoundSetter public void setPollInterval(String p) { this.pollInterval = StepInputs.trimToNull(p); }
  @DataBoundSetter public void setConcurrent(String c) { this.concurrent = StepInputs.blank(c) ? OneWriter.Mode.WAIT.value() : c.trim(); }
  // @formatter:on

  public AkseScaleCallable.Args args() throws AbortException {
    if (hub == null) {
      throw new AbortException("[akseScale] invalid input: hub: is required (a hub of Manage Jenkins → System → Stamp Release hubs)");
    }
    AkseScaleCallable.Args args = new AkseScaleCallable.Args(hub, resourceGroup, pool, count, kubeconfig, template, parameters, drainTimeout,
        maxParallelDrains, force, timeout, pollInterval);
    StepInputs.precheck(AkseScale.STEP, () -> args.input(null).validate(), ON_CONTROLLER);
    return args;
  }

  /** What the controller judges before the agent is visited: the durations. */
  static final Set<Field> ON_CONTROLLER = Set.of(Field.DRAIN_TIMEOUT, Field.TIMEOUT, Field.POLL_INTERVAL);

  @Override
  public StepExecution start(StepContext context) throws Exception {
    OneWriter.Mode mode = OneWriter.Mode.parse(AkseScale.STEP, concurrent);
    return new AkseScaleExecution(context, args()).concurrent(mode);
  }
  @Extension
  @Symbol("akseScale")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return AkseScale.STEP;
    }

    @Override
    public String getDisplayName() {
      return Messages.AkseScaleStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, FilePath.class, TaskListener.class);
    }

    @POST
    public FormValidation doCheckCount(@QueryParameter String value) {
      return FormValidation.validateIntegerInRange(value, ScaleRequest.MIN_COUNT, ScaleRequest.MAX_COUNT);
    }

    @POST
    public FormValidation doCheckMaxParallelDrains(@QueryParameter String value) {
      return StepInputs.blank(value) ? FormValidation.ok() : FormValidation.validateIntegerInRange(value, 1, ScaleRequest.MAX_PARALLEL_DRAINS);
    }

    @POST
    public FormValidation doCheckPool(@QueryParameter String value) {
      return StepInputs.check(Field.POOL, () -> new AkseScaleInput().pool(StepInputs.trimToNull(value)).validate());
    }

    @POST
    public FormValidation doCheckDrainTimeout(@QueryParameter String value) {
      return StepInputs.check(Field.DRAIN_TIMEOUT, () -> new AkseScaleInput().drainTimeout(value).validate());
    }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
      return StepInputs.check(Field.TIMEOUT, () -> new AkseScaleInput().timeout(value).validate());
    }

    /** {@code concurrent:} — what this step does while another build's same step works on the same target. */
    public ListBoxModel doFillConcurrentItems() {
      return OneWriter.Mode.items();
    }
  }
}
