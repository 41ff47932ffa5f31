package io.stamprelease.plugin.hubs;

import io.stamprelease.core.clients.hub.ApiProfile;
import io.stamprelease.core.clients.hub.HubSpec;
import io.stamprelease.core.clients.hub.IdentitySystem;
import io.stamprelease.core.clients.hub.ProxySettings;
import io.stamprelease.core.clients.hub.SecretSource;
import io.stamprelease.core.files.RunDirectory;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A hub as it crosses from the controller to the agent: plain, serializable values only, the service principal's
 * secret as a {@code char[]} (never a String field, never logged: {@link #toString} hides it). On the agent,
 * {@link #materialize} writes the secret (or the PKCS#12 certificate) into 0600 files of a private 0700 directory
 * the caller deletes, and gives core its {@link HubSpec} with file-backed {@link SecretSource}s.
 */
public final class AgentHub implements Serializable {
  private static final long serialVersionUID = 2L;

  /**
   * Where the hub is and how to reach it: everything but the credential, parsed on the controller (the identity system
   * and API profile as core's enums, so a bad value is the hub entry's configuration error there, not the agent's).
   *
   * @param caCertificate the hub's root CA as PEM text, or null for the JDK's trust store
   * @param proxy {@code host:port} or a URL, or null; {@code noProxy} a comma-separated list, or null
   */
  public record Endpoint(String name, URI armEndpoint, IdentitySystem identitySystem, String tenant, String subscription, String caCertificate,
                         String proxy, String noProxy, ApiProfile apiProfile) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Endpoint endpoint;
  private final String clientId;
  private final char[] clientSecret;
  private final byte[] certificate;
  private final char[] certificatePassword;

  private AgentHub(Endpoint endpoint, String clientId, char[] clientSecret, byte[] certificate, char[] certificatePassword) {
    this.endpoint = endpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret == null ? null : clientSecret.clone();
    this.certificate = certificate == null ? null : certificate.clone();
    this.certificatePassword = certificatePassword == null ? null : certificatePassword.clone();
  }

  /** A service principal that signs in with its application id and secret. */
  public static AgentHub withSecret(Endpoint endpoint, String clientId, char[] clientSecret) {
    return new AgentHub(endpoint, clientId, clientSecret, null, null);
  }

  /** A service principal that signs in with a certificate: its PKCS#12 bytes and their password. */
  public static AgentHub withCertificate(Endpoint endpoint, String clientId, byte[] pkcs12, char[] password) {
    return new AgentHub(endpoint, clientId, null, pkcs12, password);
  }

  public String name() {
    return endpoint.name();
  }

  /** The values the console must never show (masked as {@code ****}). */
  public List<String> secrets() {
    List<String> out = new ArrayList<>();
    if (clientSecret != null && clientSecret.length > 0) {
      out.add(new String(clientSecret));
    }
    if (certificatePassword != null && certificatePassword.length > 0) {
      out.add(new String(certificatePassword));
    }
    return out;
  }

  /** Writes the secret material into {@code privateDir} (created 0700, files 0600) and returns the hub for core. */
  public HubSpec materialize(Path privateDir) throws IOException {
    Files.createDirectories(privateDir.getParent());
    createPrivate(privateDir);
    SecretSource secret = null;
    Path cert = null;
    SecretSource certPassword = null;
    if (clientSecret != null) {
      secret = new SecretSource.FromFile(writePrivate(privateDir.resolve("client-secret"), new String(clientSecret).getBytes(StandardCharsets.UTF_8)));
    }
    if (certificate != null) {
      cert = writePrivate(privateDir.resolve("client-certificate.pfx"), certificate);
      certPassword = certificatePassword == null ? null
          : new SecretSource.FromFile(writePrivate(privateDir.resolve("certificate-password"), new String(certificatePassword).getBytes(StandardCharsets.UTF_8)));
    }
    String caPem = endpoint.caCertificate();
    Path ca = caPem == null || caPem.isBlank() ? null : writePrivate(privateDir.resolve("ca.pem"), caPem.getBytes(StandardCharsets.UTF_8));
    String proxy = endpoint.proxy();
    String noProxy = endpoint.noProxy();
    ProxySettings proxySettings = proxy == null || proxy.isBlank() ? null
        : new ProxySettings(URI.create(proxy.contains("://") ? proxy : "http://" + proxy), noProxy == null ? List.of()
            : Arrays.stream(noProxy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    return new HubSpec(endpoint.name(), endpoint.armEndpoint(), endpoint.identitySystem(), endpoint.tenant(), endpoint.subscription(), clientId,
        secret, cert, certPassword, ca, false, proxySettings, endpoint.apiProfile(), null, null);
  }

  /**
   * Where one visit's secret files go on the agent: a new path in the agent JVM's run directory
   * ({@code ${java.io.tmpdir}/stamp-release-<user>/run-<pid>-<start>/}), which is deleted when that JVM exits and swept by the
   * next one after a SIGKILL — so a killed agent leaves no credential behind for longer than until it starts again.
   * {@link #materialize} creates it 0700; {@link #deletePrivate} removes it when the visit ends.
   */
  public static Path newPrivateDir() {
    return RunDirectory.current().path().resolve("hub-" + UUID.randomUUID());
  }

  /** Removes what {@link #materialize} wrote; safe to call when nothing was written. */
  public static void deletePrivate(Path privateDir) {
    if (privateDir == null || !Files.exists(privateDir)) {
      return;
    }
    try (var files = Files.walk(privateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          p.toFile().deleteOnExit();
        }
      });
    } catch (IOException e) {
      privateDir.toFile().deleteOnExit();
    }
  }

  /** Creates {@code dir} with 0700 (where POSIX permissions exist); its parent must exist. */
  static void createPrivate(Path dir) throws IOException {
    if (posix(dir.getParent())) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(dir);
    }
  }

  /** Creates {@code file} with 0600 before a byte of {@code content} is written. */
  static Path writePrivate(Path file, byte[] content) throws IOException {
    if (posix(file.getParent())) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.write(file, content);
    return file;
  }

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public String toString() {
    return "hub " + endpoint.name() + " (" + endpoint.armEndpoint() + ", " + endpoint.identitySystem() + ", client " + clientId
        + (clientSecret != null ? ", secret ****" : "") + (certificate != null ? ", certificate ****" : "") + ")";
  }
}
