package io.stamprelease.plugin.hubs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.io.IOException;
import io.stamprelease.core.input.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Controller side, like {@link HubCredentials}: a configured GSLB plus the build become an {@link AgentGslb}. The
 * username/password credential is looked up as the build ({@code findCredentialById}), tracked, and reduced to plain
 * values; user errors are {@link AbortException}s naming the GSLB and the credentials id.
 */
public final class GslbCredentials {
  private GslbCredentials() {
  }

  public static GslbEntry entry(String step, String gslbName) throws AbortException {
    List<GslbEntry> gslbs = StampReleaseHubs.get().getGslbs();
    return StampReleaseHubs.get().gslb(gslbName).orElseThrow(() -> new AbortException("[" + step + "] gslb: no GSLB named '" + gslbName
        + "' in Manage Jenkins → System → Stamp Release hubs (configured: " + (gslbs.isEmpty() ? "none"
        : gslbs.stream().map(GslbEntry::getName).collect(Collectors.joining(", "))) + ")"));
  }

  public static AgentGslb resolve(String step, GslbEntry gslb, Run<?, ?> run) throws IOException {
    List<Problem> problems = gslb.problems();
    if (!problems.isEmpty()) {
      throw new AbortException("[" + step + "] gslb '" + gslb.getName() + "' is misconfigured: "
          + String.join("; ", problems.stream().map(Problem::toString).toList()));
    }
    StandardCredentials c = CredentialsProvider.findCredentialById(gslb.getCredentialsId(), StandardCredentials.class, run);
    if (c == null) {
      throw new AbortException("[" + step + "] gslb '" + gslb.getName() + "': unable to find credentials with id '" + gslb.getCredentialsId()
          + "' (a username/password credential of the BIG-IP user that the build may use)");
    }
    AgentGslb values = agentValues(step, gslb, c);
    CredentialsProvider.track(run, c);
    return values;
  }

  /** The credentials reduced to what crosses to the agent; anything but username/password is an {@link AbortException} naming the id. */
  public static AgentGslb agentValues(String step, GslbEntry gslb, StandardCredentials c) throws AbortException {
    if (c instanceof StandardUsernamePasswordCredentials up) {
      return new AgentGslb(gslb.getName(), gslb.getUrl(), up.getUsername(), up.getPassword().getPlainText().toCharArray(), gslb.getPool(),
          gslb.getCaCertificate());
    }
    throw new AbortException("[" + step + "] gslb '" + gslb.getName() + "': credentials '" + c.getId() + "' are a "
        + c.getClass().getSimpleName() + "; use username/password (the BIG-IP user)");
  }
}
