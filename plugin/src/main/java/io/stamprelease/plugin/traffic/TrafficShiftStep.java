package io.stamprelease.plugin.traffic;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problems;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput.Field;
import io.stamprelease.core.steps.trafficshift.TrafficShiftInput;
import io.stamprelease.core.traffic.DrainMode;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.plugin.agent.OneWriter;
import io.stamprelease.plugin.agent.StepInputs;
import io.stamprelease.plugin.hubs.GslbEntry;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import java.util.List;
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
 * {@code trafficShift(provider:, hub: | gslb:, set: | drain: | restore: | shiftTo:, …)}: moves DNS traffic between stamps
 * with the inputs of {@code stamp shift}, on the agent. Traffic Manager is reached through a configured hub (public
 * Azure: identity Azure AD, API profile {@code latest}); an F5 BIG-IP DNS through a configured GSLB. Returns a map:
 * provider, profile, status, message, operation, before, after, reverted, failure, stepsTaken, waits, changes, dryRun,
 * warnings (and for a dry run: table, current, steps).
 */
public final class TrafficShiftStep extends Step {
  public static final String NAME = "trafficShift";
  private static final String WHERE = "Manage Jenkins → System → Stamp Release hubs";

  private final String provider;
  private String hub;
  private String gslb;
  private String profile;
  private String set;
  private String drain;
  private String restore;
  private String shiftTo;
  private boolean raw;
  private String drainMode;
  private String steps;
  private boolean partial;
  private String bake;
  private Integer maxStep;
  private String wait;
  private String poll;
  private String probeUrl;
  private boolean dryRun;
  private String reason;
  private String concurrent = OneWriter.Mode.WAIT.value();

  @DataBoundConstructor
  public TrafficShiftStep(String provider) {
    this.provider = StepInputs.trimToNull(provider);
  }

  // @formatter:off
  public String getProvider() { return provider; }
  public String getHub() { return hub; }
  public String getGslb() { return gslb; }
  public String getProfile() { return profile; }
  public String getSet() { return set; }
  public String getDrain() { return drain; }
  public String getRestore() { return restore; }
  public String getShiftTo() { return shiftTo; }
  public boolean isRaw() { return raw; }
  public String getDrainMode() { return drainMode; }
  public String getSteps() { return steps; }
  public boolean isPartial() { return partial; }
  public String getBake() { return bake; }
  public Integer getMaxStep() { return maxStep; }
  public String getWait() { return wait; }
  public String getPoll() { return poll; }
  public String getProbeUrl() { return probeUrl; }
  public boolean isDryRun() { return dryRun; }
  public String getReason() { return reason; }
  public String getConcurrent() { return concurrent; }
  @DataBoundSetter public void setHub(String hub) { this.hub = StepInputs.trimToNull(hub); }
  @DataBoundSetter public void setGslb(String gslb) { this.gslb = StepInputs.trimToNull(gslb); }
  @DataBoundSetter public void setProfile(String profile) { this.profile = StepInputs.trimToNull(profile); }
  @DataBoundSetter public void setSet(String set) { this.set = StepInputs.trimToNull(set); }
  @DataBoundSetter public void setDrain(String drain) { this.drain = StepInputs.trimToNull(drain); }
  @DataBoundSetter public void setRestore(String restore) { this.restore = StepInputs.trimToNull(restore); }
  @DataBoundSetter public void setShiftTo(String shiftTo) { this.shiftTo = StepInputs.trimToNull(shiftTo); }
  @DataBoundSetter public void setRaw(boolean raw) { this.raw = raw; }
  @DataBoundSetter public void setDrainMode(String drainMode) { this.drainMode = StepInputs.trimToNull(drainMode); }
  @DataBoundSetter public void setSteps(String steps) { this.steps = StepInputs.trimToNull(steps); }
  @DataBoundSetter public void setPartial(boolean partial) { this.partial = partial; }
  @DataBoundSetter public void setBake(String bake) { this.bake = StepInputs.trimToNull(bake); }
  @DataBoundSetter public void setMaxStep(Integer maxStep) { this.maxStep = maxStep; }
  @DataBoundSetter public void setWait(String wait) { this.wait = StepInputs.trimToNull(wait); }
  @DataBoundSetter public void setPoll(String p) { this.poll = StepInputs.trimToNull(p); }
  @DataBoundSetter public void setProbeUrl(String probeUrl) { this.probeUrl = StepInputs.trimToNull(probeUrl); }
  @DataBoundSetter public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
  @DataBoundSetter public void setReason(String reason) { this.reason = StepInputs.trimToNull(reason); }
  @DataBoundSetter public void setConcurrent(String c) { this.concurrent = StepInputs.blank(c) ? OneWriter.Mode.WAIT.value() : c.trim(); }
  // @formatter:on

  /** Core's input from the arguments. */
  public TrafficShiftInput input() {
    return new TrafficShiftInput().provider(provider).profile(profile).set(set).drain(drain).restore(restore).shiftTo(shiftTo).raw(raw)
        .drainMode(drainMode).steps(steps).partial(partial).bake(bake).maxStep(maxStep).waitOverride(wait).poll(poll).probeUrl(probeUrl)
        .reason(reason);
  }

  /** {@link #args(List, List)} without the configured names (they only make the messages more helpful). */
  public TrafficShiftArgs args() throws AbortException {
    return args(null, null);
  }

  /**
   * The arguments judged before anything is contacted: the hub or GSLB its provider needs, and core's validation of the
   * input — every problem in one {@link AbortException} naming the arguments. {@code hubs}/{@code gslbs}: the configured
   * names, or null. The profile of an F5 shift may be left to the GSLB's pool, known once the entry is resolved.
   */
  public TrafficShiftArgs args(List<String> hubs, List<String> gslbs) throws AbortException {
    TrafficShiftInput input = input();
    Problems problems = new Problems(NAME);
    ProviderType type = input.providerType();
    if (type == ProviderType.F5_GTM && profile == null) {
      input.profileFromConnection(); // the GSLB's pool, once its entry is resolved on the agent
    }
    problems.attempt(input::validate);
    if (type == ProviderType.AZURE_TRAFFIC_MANAGER) {
      problems.check(hub != null, Field.HUB, "is required with provider 'azure-traffic-manager': the hub (public Azure, API profile latest) "
          + "whose subscription holds the profile, one of " + names(hubs, "the hubs of " + WHERE));
      problems.check(gslb == null, Field.GSLB, "only used with provider 'f5-gtm'; with 'azure-traffic-manager' give hub: ("
          + names(hubs, "the hubs of " + WHERE) + ")");
    } else if (type == ProviderType.F5_GTM) {
      problems.check(gslb != null, Field.GSLB, "is required with provider 'f5-gtm': one of " + names(gslbs, "the GSLBs of " + WHERE));
      problems.check(hub == null, Field.HUB, "only used with provider 'azure-traffic-manager'; with 'f5-gtm' give gslb: ("
          + names(gslbs, "the GSLBs of " + WHERE) + ")");
    }
    if (!problems.isEmpty()) {
      throw StepInputs.abort(NAME, new InvalidInputException(NAME, problems.list()));
    }
    return new TrafficShiftArgs(input, hub, gslb, dryRun);
  }

  private static String names(List<String> configured, String otherwise) {
    return configured == null ? otherwise : configured.isEmpty() ? "none configured in " + WHERE : String.join(", ", configured);
  }

  /** The user who started the build (its {@link Cause.UserIdCause}), else {@code jenkins} (timer, SCM, upstream …). */
  public static String actorOf(Run<?, ?> run) {
    Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
    String user = cause == null ? null : cause.getUserId();
    return user == null || user.isBlank() ? "jenkins" : user;
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    OneWriter.Mode mode = OneWriter.Mode.parse(NAME, concurrent);
    StampReleaseHubs configured = StampReleaseHubs.get();
    TrafficShiftArgs args = args(configured.getHubs().stream().map(HubEntry::getName).toList(),
        configured.getGslbs().stream().map(GslbEntry::getName).toList());
    Run<?, ?> run = context.get(Run.class);
    return new TrafficShiftExecution(context, args.forBuild(actorOf(run), run.getExternalizableId())).concurrent(mode);
  }
  @Extension
  @Symbol("trafficShift")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return NAME;
    }

    @Override
    public String getDisplayName() {
      return Messages.TrafficShiftStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, FilePath.class, TaskListener.class);
    }

    public ListBoxModel doFillProviderItems() {
      ListBoxModel items = new ListBoxModel();
      for (ProviderType p : ProviderType.values()) {
        items.add(p.value(), p.value());
      }
      return items;
    }

    public ListBoxModel doFillDrainModeItems() {
      ListBoxModel items = new ListBoxModel();
      items.add("(default: disable)", "");
      for (DrainMode m : DrainMode.values()) {
        items.add(m.value(), m.value());
      }
      return items;
    }

    @POST
    public FormValidation doCheckMaxStep(@QueryParameter String value) {
      return StepInputs.blank(value) ? FormValidation.ok() : FormValidation.validateIntegerInRange(value, 1, 100);
    }

    @POST
    public FormValidation doCheckBake(@QueryParameter String value) {
      return StepInputs.check(Field.BAKE, () -> new TrafficShiftInput().bake(value).validate());
    }

    @POST
    public FormValidation doCheckWait(@QueryParameter String value) {
      return StepInputs.check(Field.WAIT, () -> new TrafficShiftInput().waitOverride(value).validate());
    }

    @POST
    public FormValidation doCheckPoll(@QueryParameter String value) {
      return StepInputs.check(Field.POLL, () -> new TrafficShiftInput().poll(value).validate());
    }

    /** {@code concurrent:} — what this step does while another build's same step works on the same target. */
    public ListBoxModel doFillConcurrentItems() {
      return OneWriter.Mode.items();
    }
  }
}
