package io.stamprelease.plugin.gate;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.steps.stampgate.GatePolicy;
import io.stamprelease.core.steps.stampgate.Gates;
import io.stamprelease.core.steps.stampgate.StampGateInput.Field;
import io.stamprelease.core.steps.stampgate.StampGateInput;
import io.stamprelease.plugin.agent.StepInputs;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code stampGate(stamp:, approvers:, minApprovals:, timeout:, allowRequester:, message:)}: pauses the build like
 * {@code input} until the stamp's approvers reach quorum (rules of core's {@link Gates}: listed approvers only, each
 * once, the requester not unless allowed, one rejection closes it, nothing after expiry). Answers come through the
 * build's "Stamp gates" page ({@link StampGateAction}, POST only). Returns a map: stamp, status, approvers,
 * approvals (user, at, comment), requester.
 */
public final class StampGateStep extends Step {
  private final String stamp;
  private final String approvers;
  private Integer minApprovals;
  private String timeout;
  private boolean allowRequester;
  private String message;

  /**
   * @param approvers user ids and {@code group:<name>} entries, comma-separated (as {@code input}'s {@code submitter})
   */
  @DataBoundConstructor
  public StampGateStep(String stamp, String approvers) {
    this.stamp = StepInputs.trimToNull(stamp);
    this.approvers = StepInputs.trimToNull(approvers);
  }

  // @formatter:off
  public String getStamp() { return stamp; }
  public String getApprovers() { return approvers; }
  public Integer getMinApprovals() { return minApprovals; }
  public String getTimeout() { return timeout; }
  public boolean isAllowRequester() { return allowRequester; }
  public String getMessage() { return message; }
  @DataBoundSetter public void setMinApprovals(Integer minApprovals) { this.minApprovals = minApprovals; }
  @DataBoundSetter public void setTimeout(String timeout) { this.timeout = StepInputs.trimToNull(timeout); }
  @DataBoundSetter public void setAllowRequester(boolean allowRequester) { this.allowRequester = allowRequester; }
  @DataBoundSetter public void setMessage(String message) { this.message = StepInputs.trimToNull(message); }
  // @formatter:on

  /** Core's input from the arguments. */
  StampGateInput input() {
    return new StampGateInput().approvers(approvers).minApprovals(minApprovals).timeout(timeout).allowRequester(allowRequester);
  }

  /** Core's validated policy; every bad argument in one {@link AbortException}. */
  public GatePolicy policy() throws AbortException {
    if (stamp == null) {
      throw new AbortException("[stampGate] invalid input: stamp: is required");
    }
    try {
      return input().validate();
    } catch (InvalidInputException e) {
      throw StepInputs.abort("stampGate", e);
    }
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    return new StampGateExecution(context, stamp, policy(), message == null ? "Approve the release of stamp " + stamp + "?" : message);
  }
  @Extension
  @Symbol("stampGate")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return "stampGate";
    }

    @Override
    public String getDisplayName() {
      return Messages.StampGateStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, TaskListener.class, FlowNode.class);
    }

    @POST
    public FormValidation doCheckStamp(@QueryParameter String value) {
      return FormValidation.validateRequired(value);
    }

    @POST
    public FormValidation doCheckApprovers(@QueryParameter String value) {
      return StepInputs.check(Field.APPROVERS, () -> new StampGateInput().approvers(value).validate());
    }

    @POST
    public FormValidation doCheckMinApprovals(@QueryParameter String value, @QueryParameter String approvers) {
      try {
        Integer min = StepInputs.blank(value) ? null : Integer.valueOf(value.trim());
        return StepInputs.check(Field.MIN_APPROVALS, () -> new StampGateInput().approvers(approvers).minApprovals(min).validate());
      } catch (NumberFormatException e) {
        return FormValidation.error(Messages.StampGateStep_WholeNumber());
      }
    }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
      return StepInputs.check(Field.TIMEOUT, () -> new StampGateInput().timeout(value).validate());
    }
  }
}
