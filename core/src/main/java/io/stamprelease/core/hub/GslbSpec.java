package io.stamprelease.core.hub;

import io.stamprelease.core.validation.Problems;
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

  /** Adds every problem of this GSLB to {@code problems}, fields prefixed with {@code prefix}: the rules of hubs.yaml and of the Jenkins form. */
  public void validate(Problems problems, String prefix) {
    problems.check("f5-gtm".equals(type), prefix + "type", "must be f5-gtm (was '" + type + "')");
    if (problems.check(url != null, prefix + "url", "is required (https://<big-ip management address>)")) {
      problems.check("https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null, prefix + "url",
          "must be an https:// URL (was '" + url + "'); the BIG-IP password is never sent over plain HTTP");
    }
    problems.check(username != null && !username.isBlank(), prefix + "username", "is required");
    problems.check(password != null, prefix + "passwordFile/passwordEnv", "one is required (a file or an environment variable holding the password)");
    problems.check(pool != null && pool.matches("/[^/]+/[^/]+"), prefix + "pool", "must be /<partition>/<pool>, e.g. /Common/app (was '" + pool + "')");
    if (caFile != null) {
      problems.check(Files.isReadable(caFile), prefix + "caFile", "cannot read '" + caFile + "'");
    }
  }
}
