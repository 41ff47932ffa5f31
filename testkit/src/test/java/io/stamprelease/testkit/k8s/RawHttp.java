package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;

/**
 * Plain HTTP requests to a simulated cluster with the JDK client, trusting only the CA of the cluster's kubeconfig.
 * Unlike the fabric8 client it never retries (fabric8 retries 429 and 5xx), so tests see each answer as sent.
 */
final class RawHttp {

  record Answer(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return KubeStatus.JSON.readTree(body);
    }
  }

  private final String baseUrl;
  private final HttpClient http;

  RawHttp(SimulatedCluster cluster) {
    this.baseUrl = cluster.url();
    try {
      JsonNode kubeconfig = new YAMLMapper().readTree(cluster.kubeconfig("default"));
      byte[] ca = Base64.getDecoder().decode(
          kubeconfig.path("clusters").path(0).path("cluster").path("certificate-authority-data").asText());
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("cluster", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(ca)));
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trustManagers.getTrustManagers(), null);
      // the mock speaks HTTP/1.1 only; the JDK client's h2 upgrade attempt would confuse it
      this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the cluster's CA", e);
    }
  }

  Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  Answer send(String method, String path, String contentType, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Answer send(String method, String path, String contentType, String body) throws Exception {
    return send(method, path, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
  }
}
