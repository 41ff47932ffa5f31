package io.stamprelease.plugin.hubs;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.TrustBundle;
import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.input.Problems;
import io.stamprelease.plugin.agent.StepInputs;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One on-prem GSLB of the global "Stamp Release hubs" configuration: an F5 BIG-IP DNS (GTM) reached over iControl
 * REST, for {@code trafficShift provider: 'f5-gtm', gslb: '<name>'}. Like {@code hubs.yaml}'s {@code gslb:} section,
 * but the user and password come from a Jenkins username/password credential; only its id is stored here.
 */
public final class GslbEntry implements Describable<GslbEntry>, Serializable {
  private static final long serialVersionUID = 1L;
  /** The only kind of GSLB so far (core's {@link GslbSpec#type()}). */
  public static final String TYPE = "f5-gtm";
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  private final String name;
  private final String url;
  private final String credentialsId;
  private final String pool;
  private String caCertificate;

  @DataBoundConstructor
  public GslbEntry(String name, String url, String credentialsId, String pool) {
    this.name = StepInputs.trimToNull(name);
    this.url = StepInputs.trimToNull(url);
    this.credentialsId = StepInputs.trimToNull(credentialsId);
    this.pool = StepInputs.trimToNull(pool);
  }

  public String getName() {
    return name;
  }

  /** The BIG-IP's management address, {@code https://…} only. */
  public String getUrl() {
    return url;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  /** The ratio pool a step shifts when it names no {@code profile:}, {@code /<partition>/<pool>}. */
  public String getPool() {
    return pool;
  }

  public String getCaCertificate() {
    return caCertificate;
  }

  /** PEM bundle of the CA that issued the management certificate; empty: the agent JVM's trust store. */
  @DataBoundSetter
  public void setCaCertificate(String caCertificate) {
    this.caCertificate = StepInputs.trimToNull(caCertificate);
  }

  /**
   * Core's validation of the GSLB's connection ({@link GslbSpec#validateConnection}, the rules of {@code hubs.yaml}; the user
   * and password come from the credentials), plus the name, the credentials id and the CA bundle: every problem with its field.
   */
  public List<Problem> problems() {
    Problems problems = new Problems("gslb");
    problems.check(name != null && NAME.matcher(name).matches(), EntryField.NAME, "must be 1-63 lower-case letters, digits or '-' "
        + "(was '" + name + "')");
    URI uri = null;
    try {
      uri = url == null ? null : new URI(url);
    } catch (URISyntaxException e) {
      problems.add(GslbSpec.Field.URL, "is not a URL (was '" + url + "')");
    }
    Problems connection = new Problems("gslb");
    new GslbSpec(TYPE, uri, null, null, pool, null).validateConnection(connection);
    // an unparsable URL was reported above; core would add "is required" for it
    connection.list().stream().filter(p -> !problems.has(p.field())).forEach(p -> problems.add(p.field(), p.message()));
    problems.check(credentialsId != null, EntryField.CREDENTIALS_ID, "is required (a username/password credential of the BIG-IP user)");
    if (caCertificate != null) {
      problems.attempt(() -> TrustBundle.fromPem(caCertificate, EntryField.CA_CERTIFICATE, "the CA certificate"));
    }
    return problems.list();
  }

  @Override
  public String toString() {
    return "gslb " + name + " (" + TYPE + " " + url + ", pool " + pool + ", credentials " + credentialsId + ")";
  }

  @Extension
  @Symbol("gslb")
  public static final class DescriptorImpl extends Descriptor<GslbEntry> {
    @Override
    public String getDisplayName() {
      return Messages.GslbEntry_DisplayName();
    }

    /** Global configuration: only administrators may list credentials; others see just the current value. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
      return CredentialsItems.forAdministrators(credentialsId, CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));
    }

    @POST
    public FormValidation doCheckName(@QueryParameter String value) {
      return check(EntryField.NAME, new GslbEntry(value, null, null, null));
    }

    @POST
    public FormValidation doCheckUrl(@QueryParameter String value) {
      return check(GslbSpec.Field.URL, new GslbEntry(null, value, null, null));
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
      return check(EntryField.CREDENTIALS_ID, new GslbEntry(null, null, value, null));
    }

    @POST
    public FormValidation doCheckPool(@QueryParameter String value) {
      return check(GslbSpec.Field.POOL, new GslbEntry(null, null, null, value));
    }

    @POST
    public FormValidation doCheckCaCertificate(@QueryParameter String value) {
      GslbEntry entry = new GslbEntry(null, null, null, null);
      entry.setCaCertificate(value);
      return check(EntryField.CA_CERTIFICATE, entry);
    }

    /** The core validator's message for one field (judged with that field alone set), so the form says what a build would. */
    private static FormValidation check(InputField field, GslbEntry entry) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      return EntryField.messageOf(field, entry.problems()).map(FormValidation::error).orElseGet(FormValidation::ok);
    }
  }
}
