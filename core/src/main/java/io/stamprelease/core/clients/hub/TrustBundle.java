package io.stamprelease.core.clients.hub;

import io.stamprelease.core.input.InputField;
import io.stamprelease.core.input.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a hub's endpoints are trusted with: the JVM's default CAs plus an optional
 * PEM bundle (the enterprise CA that signs a hub's ARM and ADFS endpoints). There is deliberately no
 * "trust everything" mode here; an explicit, warned-about skip-verification option belongs to the hub
 * settings, not to this type.
 */
public final class TrustBundle {
  private final List<X509Certificate> extraCertificates;
  private final String source;

  private TrustBundle(List<X509Certificate> extraCertificates, String source) {
    this.extraCertificates = List.copyOf(extraCertificates);
    this.source = source;
  }

  /** Only the JVM's default trust store. */
  public static TrustBundle systemDefault() {
    return new TrustBundle(List.of(), "the JVM default trust store");
  }

  /** The JVM's CAs plus every certificate of a PEM file; an unreadable or empty file is an error naming it. */
  /** The JVM's CAs plus the PEM bundle {@code file}, given as {@code field} (a bad file is invalid input of that field). */
  public static TrustBundle fromPemFile(Path file, InputField field) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw InvalidInputException.of("CA bundle", field, "cannot read the CA bundle '" + file + "': " + e.getMessage());
    }
    return fromPem(pem, field, "'" + file + "'");
  }

  /** The JVM's CAs plus every certificate of PEM text given as {@code field}; {@code origin} says where it came from. */
  public static TrustBundle fromPem(String pem, InputField field, String origin) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw InvalidInputException.of("CA bundle", field, "no PEM certificate found in " + origin + " (expected '-----BEGIN CERTIFICATE-----' blocks)");
    }
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> x509 = new ArrayList<>();
      certs.forEach(c -> x509.add((X509Certificate) c));
      return new TrustBundle(x509, origin);
    } catch (CertificateException e) {
      throw InvalidInputException.of("CA bundle", field, origin + " is not a valid PEM certificate bundle: " + e.getMessage());
    }
  }

  public List<X509Certificate> extraCertificates() {
    return extraCertificates;
  }

  /** An SSL context trusting the JVM's CAs and this bundle's. */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (TrustManager tm : defaults.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          for (X509Certificate ca : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("default-" + i++, ca);
          }
        }
      }
      for (X509Certificate ca : extraCertificates) {
        store.setCertificateEntry("bundle-" + i++, ca);
      }
      TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      combined.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, combined.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context from " + source, e);
    }
  }

  @Override
  public String toString() {
    return extraCertificates.isEmpty() ? source : source + " (" + extraCertificates.size() + " CA certificate(s) added to the JVM defaults)";
  }
}
