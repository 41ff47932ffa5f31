package io.stamprelease.plugin.hubs;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.IdentitySystem;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.input.Problems;
import io.stamprelease.plugin.agent.StepInputs;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One hub of the global "Stamp Release hubs" configuration: where its ARM is, how it authenticates, and the id of
 * the Jenkins credentials of its service principal (username/password = application id/secret, or a certificate).
 * Only ids and public settings are stored here; secrets stay in the credentials store.
 */
public final class HubEntry implements Describable<HubEntry>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String armEndpoint;
  private final String identitySystem;
  private final String subscription;
  private final String credentialsId;
  private String tenant;
  private String clientId;
  private String caCertificate;
  private String proxy;
  private String noProxy;
  private String apiProfile = "2020-09-01-hybrid";

  @DataBoundConstructor
  public HubEntry(String name, String armEndpoint, String identitySystem, String subscription, String credentialsId) {
    this.name = StepInputs.trimToNull(name);
    this.armEndpoint = StepInputs.trimToNull(armEndpoint);
    this.identitySystem = StepInputs.trimToNull(identitySystem);
    this.subscription = StepInputs.trimToNull(subscription);
    this.credentialsId = StepInputs.trimToNull(credentialsId);
  }

  public String getName() {
    return name;
  }

  public String getArmEndpoint() {
    return armEndpoint;
  }

  public String getIdentitySystem() {
    return identitySystem;
  }

  public String getSubscription() {
    return subscription;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  public String getTenant() {
    return tenant;
  }

  /** Azure AD tenant (GUID or domain); not used for ADFS hubs. */
  @DataBoundSetter
  public void setTenant(String tenant) {
    this.tenant = StepInputs.trimToNull(tenant);
  }

  public String getClientId() {
    return clientId;
  }

  /** Application id of a certificate-registered principal (username/password credentials carry it as the username). */
  @DataBoundSetter
  public void setClientId(String clientId) {
    this.clientId = StepInputs.trimToNull(clientId);
  }

  public String getCaCertificate() {
    return caCertificate;
  }

  /** PEM bundle of the hub's (enterprise) CA; empty: the JVM's trust store. */
  @DataBoundSetter
  public void setCaCertificate(String caCertificate) {
    this.caCertificate = StepInputs.trimToNull(caCertificate);
  }

  public String getProxy() {
    return proxy;
  }

  @DataBoundSetter
  public void setProxy(String proxy) {
    this.proxy = StepInputs.trimToNull(proxy);
  }

  public String getNoProxy() {
    return noProxy;
  }

  @DataBoundSetter
  public void setNoProxy(String noProxy) {
    this.noProxy = StepInputs.trimToNull(noProxy);
  }

  public String getApiProfile() {
    return apiProfile;
  }

  @DataBoundSetter
  public void setApiProfile(String apiProfile) {
    this.apiProfile = StepInputs.blank(apiProfile) ? "2020-09-01-hybrid" : apiProfile.trim();
  }

  /**
   * Core's validation of the hub's connection (its credentials are resolved per build from the credentials store), and
   * that a credential is chosen: every problem with its field.
   */
  public List<Problem> problems() {
    Problems problems = new Problems("hub");
    IdentitySystem identity = null;
    try {
      identity = IdentitySystem.parse(identitySystem);
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.IDENTITY_SYSTEM, e.getMessage());
    }
    ApiProfile profile = null;
    try {
      profile = ApiProfile.parse(apiProfile);
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.API_PROFILE, e.getMessage());
    }
    URI arm = null;
    try {
      arm = armEndpoint == null ? null : URI.create(armEndpoint);
    } catch (IllegalArgumentException e) {
      problems.add(HubSpec.Field.ARM_ENDPOINT, "is not a URL (was '" + armEndpoint + "')");
    }
    Problems connection = new Problems("hub");
    new HubSpec(name, arm, identity, tenant, subscription, clientId, null, null, null, null, false, null, profile, null, null)
        .validateConnection(connection);
    // a field already reported above (unparsable) is not reported again as missing
    connection.list().stream().filter(p -> !problems.has(p.field())).forEach(p -> problems.add(p.field(), p.message()));
    problems.check(credentialsId != null, EntryField.CREDENTIALS_ID, "is required (username/password = application id/secret, or a certificate)");
    return problems.list();
  }

  /** The hub's connection as it crosses to the agent; only for an entry without {@link #problems()} (it parses them). */
  public AgentHub.Endpoint endpoint() {
    return new AgentHub.Endpoint(name, URI.create(armEndpoint), IdentitySystem.parse(identitySystem), tenant, subscription, caCertificate, proxy,
        noProxy, ApiProfile.parse(apiProfile));
  }

  @Override
  public String toString() {
    return "hub " + name + " (" + armEndpoint + ", credentials " + credentialsId + ")";
  }

  @Extension
  @Symbol("hub")
  public static final class DescriptorImpl extends Descriptor<HubEntry> {
    @Override
    public String getDisplayName() {
      return Messages.HubEntry_DisplayName();
    }

    /** Global configuration: only administrators may list credentials; others see just the current value. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
      return CredentialsItems.forAdministrators(credentialsId, CredentialsMatchers.anyOf(
          CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class), CredentialsMatchers.instanceOf(StandardCertificateCredentials.class)));
    }

    /** The drop-down of config.jelly's {@code <f:select/>}: Jenkins' f:select takes its options from here only. */
    public ListBoxModel doFillIdentitySystemItems() {
      ListBoxModel model = new ListBoxModel();
      model.add("ADFS", "adfs");
      model.add("Azure AD", "azure_ad");
      return model;
    }

    @POST
    public FormValidation doCheckName(@QueryParameter String value) {
      return check(HubSpec.Field.NAME, new HubEntry(value, null, null, null, null));
    }

    @POST
    public FormValidation doCheckArmEndpoint(@QueryParameter String value) {
      return check(HubSpec.Field.ARM_ENDPOINT, new HubEntry(null, value, null, null, null));
    }

    @POST
    public FormValidation doCheckIdentitySystem(@QueryParameter String value) {
      return check(HubSpec.Field.IDENTITY_SYSTEM, new HubEntry(null, null, value, null, null));
    }

    @POST
    public FormValidation doCheckSubscription(@QueryParameter String value) {
      return check(HubSpec.Field.SUBSCRIPTION, new HubEntry(null, null, null, value, null));
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
      return check(EntryField.CREDENTIALS_ID, new HubEntry(null, null, null, null, value));
    }

    @POST
    public FormValidation doCheckApiProfile(@QueryParameter String value) {
      HubEntry entry = new HubEntry(null, null, null, null, null);
      entry.setApiProfile(value);
      return check(HubSpec.Field.API_PROFILE, entry);
    }

    /** The core validator's message for one field (judged with that field alone set), so the form says what a build would. */
    private static FormValidation check(InputField field, HubEntry entry) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      return EntryField.messageOf(field, entry.problems()).map(FormValidation::error).orElseGet(FormValidation::ok);
    }
  }
}
