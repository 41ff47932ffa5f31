package io.stamprelease.plugin.hubs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import io.stamprelease.core.input.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Controller side: turns a configured hub plus the build into an {@link AgentHub}. The credentials are looked up
 * as the build ({@code findCredentialById} checks the build's permissions and resolves {@code ${PARAM}} ids), tracked
 * for the credentials' usage report, and reduced to plain values; user errors are {@link AbortException}s naming
 * the hub and the credentials id.
 */
public final class HubCredentials {
  private HubCredentials() {
  }

  public static HubEntry entry(String step, String hubName) throws AbortException {
    List<HubEntry> hubs = StampReleaseHubs.get().getHubs();
    return StampReleaseHubs.get().hub(hubName).orElseThrow(() -> new AbortException("[" + step + "] no hub named '" + hubName
        + "' in Manage Jenkins → System → Stamp Release hubs (configured: " + (hubs.isEmpty() ? "none"
        : hubs.stream().map(HubEntry::getName).collect(Collectors.joining(", "))) + ")"));
  }

  public static AgentHub resolve(String step, HubEntry hub, Run<?, ?> run) throws IOException {
    List<Problem> problems = hub.problems();
    if (!problems.isEmpty()) {
      throw new AbortException("[" + step + "] hub '" + hub.getName() + "' is misconfigured: "
          + String.join("; ", problems.stream().map(Problem::toString).toList()));
    }
    StandardCredentials c = CredentialsProvider.findCredentialById(hub.getCredentialsId(), StandardCredentials.class, run);
    if (c == null) {
      throw new AbortException("[" + step + "] hub '" + hub.getName() + "': unable to find credentials with id '" + hub.getCredentialsId()
          + "' (a username/password or certificate credential the build may use)");
    }
    AgentHub values = agentValues(step, hub, c);
    CredentialsProvider.track(run, c);
    return values;
  }

  /** The credentials reduced to what crosses to the agent; a wrong type is an {@link AbortException} naming the id. */
  public static AgentHub agentValues(String step, HubEntry hub, StandardCredentials c) throws AbortException {
    if (c instanceof StandardUsernamePasswordCredentials up) {
      return AgentHub.withSecret(hub.endpoint(), up.getUsername(), up.getPassword().getPlainText().toCharArray());
    }
    if (c instanceof StandardCertificateCredentials cert) {
      if (hub.getClientId() == null) {
        throw new AbortException("[" + step + "] hub '" + hub.getName() + "': credentials '" + c.getId()
            + "' are a certificate, so the hub needs its clientId (the application id) configured");
      }
      char[] password = cert.getPassword().getPlainText().toCharArray();
      byte[] pkcs12;
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cert.getKeyStore().store(out, password);
        pkcs12 = out.toByteArray();
      } catch (GeneralSecurityException | IOException e) {
        throw new AbortException("[" + step + "] hub '" + hub.getName() + "': the certificate of credentials '" + c.getId()
            + "' cannot be read (" + e.getClass().getSimpleName() + ")");
      }
      return AgentHub.withCertificate(hub.endpoint(), hub.getClientId(), pkcs12, password);
    }
    throw new AbortException("[" + step + "] hub '" + hub.getName() + "': credentials '" + c.getId() + "' are a "
        + c.getClass().getSimpleName() + "; use username/password (application id/secret) or a certificate");
  }
}
