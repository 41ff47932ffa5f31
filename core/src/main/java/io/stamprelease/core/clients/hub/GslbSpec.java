package io.stamprelease.core.clients.hub;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.Problems;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-prem GSLB of {@code hubs.yaml}'s {@code gslb:} section: an F5 BIG-IP DNS (GTM) reached over iControl REST.
 * The password is a {@link SecretSource} (a file or a variable), never a value in the file.
 *
 * @param type     {@code f5-gtm} (the only kind so far)
 * @param url      {@code https://bigip-dns.example/} — the management address
 * @param pool     the ratio pool that spreads the app's answers over the stamps, e.g. {@code /Common/stamp-release-app}
 * @param caFile   PEM bundle the management certificate is trusted with (null = the JVM's CAs)
 */
public record GslbSpec(String type, URI url, String username, SecretSource password, String pool, Path caFile) {
  /** The fields of a GSLB (hubs.yaml keys under gslb:, Jenkins form fields). */
  public enum Field implements InputField {
    TYPE("type"), URL("url"), USERNAME("username"), PASSWORD("password"), POOL("pool"), CA_FILE("caFile");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    @Override
    public String key() {
      return key;
    }
  }

  /** Adds every problem of this GSLB to {@code problems} (a {@link Problems#within} view inside hubs.yaml, or a form's own). */
  public void validate(Problems problems) {
    validateConnection(problems);
    problems.check(username != null && !username.isBlank(), Field.USERNAME, "is required");
    problems.check(password != null, Field.PASSWORD, "one of passwordFile and passwordEnv is required (a file or an environment variable "
        + "holding the password)");
  }

  /** The management connection alone — type, URL, pool, CA file — for a front end whose credentials live elsewhere. */
  public void validateConnection(Problems problems) {
    problems.check("f5-gtm".equals(type), Field.TYPE, "must be f5-gtm (was '" + type + "')");
    if (problems.check(url != null, Field.URL, "is required (https://<big-ip management address>)")) {
      problems.check("https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null, Field.URL,
          "must be an https:// URL (was '" + url + "'); the BIG-IP password is never sent over plain HTTP");
    }
    problems.check(pool != null && pool.matches("/[^/]+/[^/]+"), Field.POOL, "must be /<partition>/<pool>, e.g. /Common/app (was '" + pool + "')");
    if (caFile != null) {
      problems.check(Files.isReadable(caFile), Field.CA_FILE, "cannot read '" + caFile + "'");
    }
  }
}
