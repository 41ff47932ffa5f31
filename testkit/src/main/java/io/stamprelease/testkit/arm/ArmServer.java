package io.stamprelease.testkit.arm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.stamprelease.testkit.tls.TestCertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Azure Resource Manager endpoint over HTTPS on 127.0.0.1 (JDK {@code HttpsServer}, certificate
 * from the simulated cloud's CA). It applies, in this order: injected faults, routing, bearer-token
 * authentication, api-version policy, the handler; and records every request in the journal. Handler
 * exceptions become ARM error bodies; nothing escapes unanswered.
 */
public final class ArmServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArmServer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  /**
   * ARM refuses a request body above 4 MB with 413 {@code RequestContentTooLarge} ("The request content size exceeds
   * the maximum size of 4 MB."), before any validation: a template or parameters above ARM's 4 MB limits never get
   * further. Taken as 4 MiB (the message does not say which megabyte).
   */
  static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final String name;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final RequestJournal journal = new RequestJournal();
  private final ArmFaults faults = new ArmFaults();
  private final TokenService tokens;
  private final ApiVersionPolicy apiVersions;

  public ArmServer(String name, IssuedCertificate certificate, TokenService tokens, ApiVersionPolicy apiVersions) {
    this.name = name;
    this.tokens = tokens;
    this.apiVersions = apiVersions;
    try {
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the fake ARM of " + name, e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-arm-" + name + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    tokens.bind(baseUrl());
    routes.addAll(tokens.routes());
  }

  public void addRoutes(List<Route> more) {
    routes.addAll(more);
  }

  public void start() {
    server.start();
  }

  /** {@code https://127.0.0.1:<port>} without a trailing slash. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  public String name() {
    return name;
  }

  public RequestJournal journal() {
    return journal;
  }

  public ArmFaults faults() {
    return faults;
  }

  public TokenService tokens() {
    return tokens;
  }

  public ApiVersionPolicy apiVersions() {
    return apiVersions;
  }

  private void serve(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
    String body = "";
    int bodyBytes = 0;
    ArmResponse response;
    try {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      bodyBytes = raw.length;
      body = new String(raw, StandardCharsets.UTF_8);
      sleep(faults.latency());
      Optional<ArmFaults.Fault> fault = faults.next(method, path);
      if (fault.isPresent() && fault.get() instanceof ArmFaults.DropConnection) {
        record(method, path, query, body, 0);
        exchange.close(); // no headers sent: the JDK server closes the connection, the client sees it reset
        return;
      }
      if (fault.isPresent() && fault.get() instanceof ArmFaults.Hold hold) {
        sleep(hold.hold()); // a held answer: the request is then served with the state of that moment
        fault = Optional.empty();
      }
      if (fault.isPresent()) {
        response = faultResponse((ArmFaults.Respond) fault.get());
      } else if (bodyBytes > MAX_REQUEST_BYTES && !TokenService.isTokenPath(path)) {
        response = new ArmException(413, "RequestContentTooLarge", "The request content size exceeds the maximum size of 4 MB.").toResponse();
      } else {
        response = dispatch(method, path, query, exchange.getRequestHeaders(), body);
      }
    } catch (IOException e) {
      LOG.debug("{}: reading {} {} failed", name, method, path, e);
      exchange.close();
      return;
    } catch (ArmException e) {
      response = e.toResponse();
    } catch (RuntimeException e) {
      LOG.warn("{}: handler failed on {} {}", name, method, path, e);
      response = new ArmException(500, "InternalServerError", "Simulated hub internal error: " + e).toResponse();
    }
    record(method, path, query, body, response.status());
    send(exchange, response);
  }

  private ArmResponse dispatch(String method, String rawPath, Map<String, String> query,
      Map<String, List<String>> headers, String body) {
    String path = decodePath(rawPath);
    boolean pathKnown = false;
    String effectiveMethod = method.equals("HEAD") ? "GET" : method;
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(path);
      if (!matcher.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method) && !route.method().equals(effectiveMethod)) {
        continue;
      }
      ArmRequest request = new ArmRequest(method, path, rawPath, query, headers, body, matcher);
      if (route.authenticated()) {
        tokens.authenticate(request);
      }
      if (route.resourceType() != null) {
        apiVersions.check(route.resourceType(), request.apiVersion());
      }
      return route.handler().handle(request);
    }
    if (pathKnown) {
      throw new ArmException(405, "MethodNotAllowed", "The requested resource does not support http method '" + method + "'.");
    }
    throw ArmException.notFound("InvalidResourceType",
        "The resource type could not be found for the request path '" + path + "' on this simulated hub.");
  }

  private static ArmResponse faultResponse(ArmFaults.Respond fault) {
    ArmResponse response = new ArmException(fault.status(), fault.code(), fault.message()).toResponse();
    if (fault.retryAfterSeconds() != null) {
      response.header("Retry-After", String.valueOf(fault.retryAfterSeconds()));
    }
    return response;
  }

  private void record(String method, String path, Map<String, String> query, String body, int status) {
    String kept = null;
    if (body.length() > MAX_REQUEST_BYTES) {
      kept = "[body of " + body.length() + " chars, over ARM's 4 MB request limit]";
    } else if (!body.isBlank() && !TokenService.isTokenPath(path)) {
      try {
        kept = Json.redacted(Json.MAPPER.readTree(body)).toString();
      } catch (IOException e) {
        kept = "[unparsable body, " + body.length() + " chars]";
      }
    }
    journal.record(new JournalEntry(Instant.now(), method, decodePath(path), query.get("api-version"), status, kept));
  }

  private void send(HttpExchange exchange, ArmResponse response) {
    try (exchange) {
      byte[] bytes = response.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(response.body());
      var headers = exchange.getResponseHeaders();
      if (response.body() != null) {
        headers.set("Content-Type", "application/json; charset=utf-8");
      }
      headers.set("x-ms-request-id", UUID.randomUUID().toString());
      headers.set("x-ms-correlation-request-id", UUID.randomUUID().toString());
      response.headers().forEach(headers::set);
      boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      LOG.debug("{}: client went away", name, e);
    }
  }

  private static void sleep(Duration latency) {
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis()); // simulated network latency on the server side
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        } else if (!pair.isEmpty()) {
          query.put(decode(pair), "");
        }
      }
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Percent-decoding of a path: unlike a form, a '+' in a path is a plus sign (RFC 3986), not a space. */
  private static String decodePath(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
