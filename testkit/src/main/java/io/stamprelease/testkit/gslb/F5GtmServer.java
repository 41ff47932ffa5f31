package io.stamprelease.testkit.gslb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.stamprelease.testkit.arm.ArmFaults;
import io.stamprelease.testkit.arm.JournalEntry;
import io.stamprelease.testkit.arm.Json;
import io.stamprelease.testkit.arm.RequestJournal;
import io.stamprelease.testkit.tls.TestCertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An F5 BIG-IP DNS (GTM) over iControl REST, the on-prem GSLB of disconnected hubs: A-record pools
 * ({@code /mgmt/tm/gtm/pool/a/~Common~<pool>}) whose members ({@code <server>:<virtual server>}) have a
 * {@code ratio} and {@code enabled}/{@code disabled} state, and member stats whose
 * {@code status.availabilityState} comes from probing the stamp each member points at. Authentication is
 * HTTP basic or a token from {@code POST /mgmt/shared/authn/login} sent as {@code X-F5-Auth-Token}.
 * Every object carries {@code generation}, bumped on each change.
 */
public final class F5GtmServer implements AutoCloseable {
  private static final Pattern POOL = Pattern.compile("^/mgmt/tm/gtm/pool/(a|aaaa)/~(?<partition>[^~/]+)~(?<pool>[^/]+)$");
  private static final Pattern MEMBERS = Pattern.compile("^/mgmt/tm/gtm/pool/(a|aaaa)/~(?<partition>[^~/]+)~(?<pool>[^/]+)/members$");
  private static final Pattern MEMBER = Pattern.compile("^/mgmt/tm/gtm/pool/(a|aaaa)/~(?<partition>[^~/]+)~(?<pool>[^/]+)/members/~(?<mpart>[^~/]+)~(?<member>[^/]+)$");
  private static final Pattern STATS = Pattern.compile("^/mgmt/tm/gtm/pool/(a|aaaa)/~(?<partition>[^~/]+)~(?<pool>[^/]+)/members/stats$");

  private final HttpsServer server;
  private final ExecutorService executor;
  private final String username;
  private final String password;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, Pool> pools = new ConcurrentHashMap<>();
  private final RequestJournal journal = new RequestJournal();
  private final ArmFaults faults = new ArmFaults();
  private final BiFunction<String, String, Integer> probe;
  private final ScheduledFuture<?> monitor;

  /** A pool member as GTM keeps it, plus what the monitor saw. */
  private static final class Member {
    final String server;
    final String virtualServer;
    final String targetHost;
    int ratio = 1;
    boolean enabled = true;
    int order;
    long generation = 1;
    volatile String availability = "unknown";
    volatile int failures;

    Member(String server, String virtualServer, String targetHost, int order) {
      this.server = server;
      this.virtualServer = virtualServer;
      this.targetHost = targetHost;
      this.order = order;
    }

    String name() {
      return server + ":" + virtualServer;
    }
  }

  private static final class Pool {
    final String name;
    final String monitorPath;
    final int ttl;
    long generation = 1;
    final Map<String, Member> members = new LinkedHashMap<>();

    Pool(String name, String monitorPath, int ttl) {
      this.name = name;
      this.monitorPath = monitorPath;
      this.ttl = ttl;
    }
  }

  public F5GtmServer(IssuedCertificate certificate, String username, String password, BiFunction<String, String, Integer> probe,
      ScheduledExecutorService scheduler, Duration probePeriod) {
    this.username = username;
    this.password = password;
    this.probe = probe;
    try {
      server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the simulated BIG-IP DNS", e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "fake-f5-gtm");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    monitor = scheduler.scheduleWithFixedDelay(this::probeAll, 0, probePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  public RequestJournal journal() {
    return journal;
  }

  public ArmFaults faults() {
    return faults;
  }

  /** Creates a ratio pool with one member per (server:vs → target host), as the network team would. */
  public synchronized void createPool(String pool, String monitorPath, int ttl, Map<String, String> membersToHosts) {
    Pool p = new Pool(pool, monitorPath, ttl);
    int order = 0;
    for (Map.Entry<String, String> e : membersToHosts.entrySet()) {
      String[] sv = e.getKey().split(":", 2);
      p.members.put(e.getKey(), new Member(sv[0], sv[1], e.getValue(), order++));
    }
    pools.put(pool, p);
  }

  /** Monitors probe {@code http://<target host><monitor path>}; two failures in a row mark a member offline. */
  private void probeAll() {
    for (Pool pool : pools.values()) {
      for (Member m : pool.members.values()) {
        int status;
        try {
          status = probe.apply(m.targetHost, pool.monitorPath);
        } catch (RuntimeException e) {
          status = 0;
        }
        if (status >= 200 && status < 300) {
          m.failures = 0;
          m.availability = "available";
        } else if (++m.failures >= 2) {
          m.availability = "offline";
        }
      }
    }
  }

  private void serve(HttpExchange ex) {
    String method = ex.getRequestMethod();
    String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
    int status;
    JsonNode body;
    String requestBody = "";
    try {
      requestBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Optional<ArmFaults.Fault> fault = faults.next(method, path);
      if (fault.isPresent() && fault.get() instanceof ArmFaults.DropConnection) {
        journal.record(new JournalEntry(Instant.now(), method, path, null, 0, null));
        ex.close();
        return;
      }
      if (fault.isPresent()) {
        ArmFaults.Respond r = (ArmFaults.Respond) fault.get();
        status = r.status();
        body = error(status, r.message());
        if (r.retryAfterSeconds() != null) {
          ex.getResponseHeaders().set("Retry-After", String.valueOf(r.retryAfterSeconds()));
        }
      } else {
        ObjectNode[] out = new ObjectNode[1];
        status = route(method, path, requestBody, ex, out);
        body = out[0];
      }
    } catch (IOException e) {
      ex.close();
      return;
    } catch (RuntimeException e) {
      status = 500;
      body = error(500, "simulated BIG-IP error: " + e);
    }
    journal.record(new JournalEntry(Instant.now(), method, path, null, status,
        path.equals("/mgmt/shared/authn/login") || requestBody.isBlank() ? null : Json.redacted(parse(requestBody)).toString()));
    send(ex, status, body);
  }

  private int route(String method, String path, String requestBody, HttpExchange ex, ObjectNode[] out) {
    if (method.equals("POST") && path.equals("/mgmt/shared/authn/login")) {
      JsonNode login = parse(requestBody);
      if (!credentialsMatch(login.path("username").asText(), login.path("password").asText())) {
        out[0] = error(401, "Authentication failed.");
        return 401;
      }
      String token = UUID.randomUUID().toString().replace("-", "").toUpperCase();
      tokens.put(token, Instant.now().plusSeconds(1200));
      ObjectNode answer = Json.object().put("username", username).put("loginProviderName", "tmos");
      answer.putObject("token").put("token", token).put("timeout", 1200).put("userName", username);
      out[0] = answer;
      return 200;
    }
    if (!authenticated(ex)) {
      out[0] = error(401, "Authorization failed: no user authentication header or token detected. Uri:" + path);
      return 401;
    }
    Matcher m;
    if (method.equals("GET") && (m = POOL.matcher(path)).matches()) {
      Pool pool = pools.get(m.group("pool"));
      if (pool == null) {
        out[0] = error(404, "01020036:3: The requested Pool (/" + m.group("partition") + "/" + m.group("pool") + " A) was not found.");
        return 404;
      }
      out[0] = poolJson(pool, m.group("partition"));
      return 200;
    }
    if (method.equals("GET") && (m = STATS.matcher(path)).matches()) {
      Pool pool = pools.get(m.group("pool"));
      if (pool == null) {
        out[0] = error(404, "01020036:3: The requested Pool (/" + m.group("partition") + "/" + m.group("pool") + " A) was not found.");
        return 404;
      }
      out[0] = stats(pool, m.group("partition"));
      return 200;
    }
    if (method.equals("GET") && (m = MEMBERS.matcher(path)).matches()) {
      Pool pool = pools.get(m.group("pool"));
      if (pool == null) {
        out[0] = error(404, "01020036:3: The requested Pool (/" + m.group("partition") + "/" + m.group("pool") + " A) was not found.");
        return 404;
      }
      ObjectNode list = Json.object().put("kind", "tm:gtm:pool:a:members:memberscollectionstate");
      ArrayNode items = list.putArray("items");
      String partition = m.group("partition");
      synchronized (this) {
        pool.members.values().forEach(member -> items.add(memberJson(member, partition)));
      }
      out[0] = list;
      return 200;
    }
    if ((m = MEMBER.matcher(path)).matches() && (method.equals("GET") || method.equals("PATCH") || method.equals("PUT"))) {
      return member(method, m, requestBody, out);
    }
    out[0] = error(404, "Public URI path not registered: " + path);
    return 404;
  }

  private synchronized int member(String method, Matcher m, String requestBody, ObjectNode[] out) {
    Pool pool = pools.get(m.group("pool"));
    Member member = pool == null ? null : pool.members.get(m.group("member"));
    if (member == null) {
      out[0] = error(404, "01020036:3: The requested Pool Member (/" + m.group("partition") + "/" + m.group("pool") + " A /"
          + m.group("mpart") + "/" + m.group("member") + ") was not found.");
      return 404;
    }
    if (!method.equals("GET")) {
      JsonNode change = parse(requestBody);
      if (change.has("ratio")) {
        long ratio = change.get("ratio").asLong(-1);
        if (!change.get("ratio").canConvertToInt() || ratio < 0 || ratio > 100) {
          out[0] = error(400, "01070734:3: Configuration error: invalid ratio " + change.get("ratio").asText() + " for pool member "
              + member.name() + " (allowed 0 to 100)");
          return 400;
        }
        member.ratio = (int) ratio;
      }
      if (change.path("disabled").asBoolean(false) || (change.has("enabled") && !change.get("enabled").asBoolean())) {
        member.enabled = false;
      }
      if (change.path("enabled").asBoolean(false) || (change.has("disabled") && !change.get("disabled").asBoolean())) {
        member.enabled = true;
      }
      member.generation++;
      pool.generation++;
    }
    out[0] = memberJson(member, m.group("partition"));
    return 200;
  }

  private ObjectNode poolJson(Pool pool, String partition) {
    ObjectNode p = Json.object().put("kind", "tm:gtm:pool:a:astate").put("name", pool.name).put("partition", partition)
        .put("fullPath", "/" + partition + "/" + pool.name).put("generation", pool.generation)
        .put("loadBalancingMode", "ratio").put("alternateMode", "round-robin").put("fallbackMode", "return-to-dns")
        .put("ttl", pool.ttl).put("enabled", true).put("monitor", "/Common/http");
    p.putObject("membersReference").put("link", "https://localhost/mgmt/tm/gtm/pool/a/~" + partition + "~" + pool.name + "/members")
        .put("isSubcollection", true);
    return p;
  }

  private static ObjectNode memberJson(Member m, String partition) {
    ObjectNode j = Json.object().put("kind", "tm:gtm:pool:a:members:membersstate").put("name", m.name()).put("partition", partition)
        .put("subPath", m.server).put("fullPath", "/" + partition + "/" + m.name()).put("generation", m.generation)
        .put("memberOrder", m.order).put("ratio", m.ratio).put("monitor", "default");
    j.put(m.enabled ? "enabled" : "disabled", true);
    return j;
  }

  private synchronized ObjectNode stats(Pool pool, String partition) {
    ObjectNode doc = Json.object().put("kind", "tm:gtm:pool:a:members:memberscollectionstats");
    ObjectNode entries = doc.putObject("entries");
    for (Member m : pool.members.values()) {
      String key = "https://localhost/mgmt/tm/gtm/pool/a/~" + partition + "~" + pool.name + "/members/~" + partition + "~" + m.name() + "/stats";
      ObjectNode nested = entries.putObject(key).putObject("nestedStats").putObject("entries");
      nested.putObject("status.availabilityState").put("description", m.availability);
      nested.putObject("status.enabledState").put("description", m.enabled ? "enabled" : "disabled");
      nested.putObject("status.statusReason").put("description", m.availability.equals("available")
          ? "Available" : m.availability.equals("offline") ? "Monitor /Common/http from 127.0.0.1 : no response" : "Checking");
      nested.putObject("ratio").put("value", m.ratio);
      nested.putObject("memberName").put("description", m.name());
    }
    return doc;
  }

  private boolean authenticated(HttpExchange ex) {
    String token = ex.getRequestHeaders().getFirst("X-F5-Auth-Token");
    if (token != null) {
      Instant expiry = tokens.get(token);
      return expiry != null && expiry.isAfter(Instant.now());
    }
    String basic = ex.getRequestHeaders().getFirst("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      return pair.length == 2 && credentialsMatch(pair[0], pair[1]);
    }
    return false;
  }

  private boolean credentialsMatch(String user, String pass) {
    return user.equals(username) && MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode error(int code, String message) {
    ObjectNode e = Json.object().put("code", code).put("message", message).put("apiError", code == 401 ? 2 : 3);
    e.putArray("errorStack");
    return e;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? Json.object() : Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON body");
    }
  }

  private static void send(HttpExchange ex, int status, JsonNode body) {
    try (ex) {
      byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  @Override
  public void close() {
    monitor.cancel(false);
    server.stop(0);
    executor.shutdownNow();
  }
}
