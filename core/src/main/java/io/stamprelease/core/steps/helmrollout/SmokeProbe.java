package io.stamprelease.core.steps.helmrollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP check after a successful rollout, usually through the stamp's ingress: GET {@code url}, optionally with
 * another {@code Host} header (the ingress routes by host; the JDK HTTP client refuses to set Host, so plain-http
 * probes with a host override are written on a socket), expecting {@code expectedStatus} and, if given, a body
 * containing {@code bodyContains}. Up to {@code attempts} tries, {@code interval} apart.
 */
public record SmokeProbe(URI url, String host, int expectedStatus, String bodyContains, int attempts, Duration interval)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** The answer of one try. */
  record Answer(int status, String body) {
  }

  /** One try; an I/O error is an answer with status 0. */
  Answer probeOnce() {
    try {
      return host == null || host.isBlank() ? viaHttpClient() : viaSocket();
    } catch (IOException e) {
      return new Answer(0, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }

  boolean accepts(Answer a) {
    return a.status() == expectedStatus && (bodyContains == null || bodyContains.isEmpty() || a.body().contains(bodyContains));
  }

  String describe(Answer a) {
    String body = a.body().length() > 200 ? a.body().substring(0, 200) + "…" : a.body();
    return "GET " + url + (host == null ? "" : " (Host: " + host + ")") + " answered " + (a.status() == 0 ? "no HTTP response" : a.status())
        + " (expected " + expectedStatus + (bodyContains == null || bodyContains.isEmpty() ? "" : " with a body containing '" + bodyContains + "'")
        + "): " + body.strip();
  }

  private Answer viaHttpClient() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private Answer viaSocket() throws IOException {
    int port = url.getPort() > 0 ? url.getPort() : 80;
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), (int) REQUEST_TIMEOUT.toMillis());
      socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: stamp-release\r\nAccept: */*\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int lineEnd = response.indexOf("\r\n");
      String[] statusLine = (lineEnd < 0 ? response : response.substring(0, lineEnd)).split(" ", 3);
      int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : 0;
      int bodyStart = response.indexOf("\r\n\r\n");
      return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    }
  }
}
