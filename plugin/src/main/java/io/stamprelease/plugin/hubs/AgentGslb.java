package io.stamprelease.plugin.hubs;

import io.stamprelease.core.clients.hub.GslbSpec;
import io.stamprelease.core.clients.hub.SecretSource;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A GSLB as it crosses from the controller to the agent, like {@link AgentHub}: plain, serializable values, the
 * password as a {@code char[]} (never a String field, never in {@link #toString}). On the agent, {@link #materialize}
 * writes the password (and the CA bundle) into 0600 files of the visit's private 0700 directory and gives core its
 * {@link GslbSpec} with a file-backed password.
 */
public final class AgentGslb implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String url;
  private final String username;
  private final char[] password;
  private final String pool;
  private final String caCertificate;

  public AgentGslb(String name, String url, String username, char[] password, String pool, String caCertificate) {
    this.name = name;
    this.url = url;
    this.username = username;
    this.password = password == null ? null : password.clone();
    this.pool = pool;
    this.caCertificate = caCertificate;
  }

  public String name() {
    return name;
  }

  /** The configured default pool, {@code /<partition>/<pool>}. */
  public String pool() {
    return pool;
  }

  /** The values the console must never show (masked as {@code ****}). */
  public List<String> secrets() {
    return password == null || password.length == 0 ? List.of() : List.of(new String(password));
  }

  /** Writes the password (and CA bundle) into {@code privateDir} (created 0700 if missing, files 0600) and returns the GSLB for core. */
  public GslbSpec materialize(Path privateDir) throws IOException {
    if (!Files.isDirectory(privateDir)) {
      Files.createDirectories(privateDir.getParent());
      AgentHub.createPrivate(privateDir);
    }
    SecretSource secret = new SecretSource.FromFile(AgentHub.writePrivate(privateDir.resolve("gslb-password"),
        new String(password == null ? new char[0] : password).getBytes(StandardCharsets.UTF_8)));
    Path ca = caCertificate == null || caCertificate.isBlank() ? null
        : AgentHub.writePrivate(privateDir.resolve("gslb-ca.pem"), caCertificate.getBytes(StandardCharsets.UTF_8));
    return new GslbSpec(GslbEntry.TYPE, URI.create(url), username, secret, pool, ca);
  }

  @Override
  public String toString() {
    return "gslb " + name + " (" + GslbEntry.TYPE + " " + url + ", user " + username + (password != null ? ", password ****" : "") + ", pool " + pool + ")";
  }
}
