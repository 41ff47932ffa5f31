package io.stamprelease.testkit.ingress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The stamp's ingress controller as seen from outside (smoke probes, Traffic Manager health probes):
 * an HTTP server on 127.0.0.1 that routes a request by Host header and path through the cluster's
 * {@code Ingress} rules to the backend {@code Service} and answers for one of its Ready pods — 200 when
 * a Ready pod backs the route, 503 when none does, 404 when no rule matches (nginx's default backend).
 */
public final class IngressServer implements AutoCloseable {
  private final String stamp;
  private final KubernetesClient client;
  private final HttpServer server;
  private final ExecutorService executor;

  public IngressServer(String stamp, KubernetesClient client) {
    this.stamp = stamp;
    this.client = client;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the ingress of " + stamp, e);
    }
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "ingress-" + stamp);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}: where the stamp's public FQDN resolves in the simulation. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The answer a request to {@code host}{@code path} gets, without going through HTTP (used by the TM monitor). */
  public Answer answer(String host, String path) {
    Optional<Backend> backend = route(host, path);
    if (backend.isEmpty()) {
      return new Answer(404, "default backend - 404");
    }
    Service service = client.services().inNamespace(backend.get().namespace()).withName(backend.get().service()).get();
    if (service == null || service.getSpec().getSelector() == null) {
      return new Answer(503, "503 Service Temporarily Unavailable (no service " + backend.get().service() + ")");
    }
    Map<String, String> selector = service.getSpec().getSelector();
    List<Pod> ready = client.pods().inNamespace(backend.get().namespace()).withLabels(selector).list().getItems().stream()
        .filter(IngressServer::isReady).sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    if (ready.isEmpty()) {
      return new Answer(503, "503 Service Temporarily Unavailable (no ready endpoints for " + backend.get().service() + ")");
    }
    Pod pod = ready.get(Math.floorMod((host + path).hashCode() + (int) (System.nanoTime() & 0xff), ready.size()));
    String image = pod.getSpec().getContainers().isEmpty() ? "" : pod.getSpec().getContainers().get(0).getImage();
    return new Answer(200, "{\"stamp\":\"" + stamp + "\",\"pod\":\"" + pod.getMetadata().getName() + "\",\"image\":\"" + image + "\"}");
  }

  /** An HTTP status and body. */
  public record Answer(int status, String body) {
  }

  private record Backend(String namespace, String service) {
  }

  private Optional<Backend> route(String host, String path) {
    for (Ingress ingress : client.network().v1().ingresses().inAnyNamespace().list().getItems()) {
      if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
        continue;
      }
      for (IngressRule rule : ingress.getSpec().getRules()) {
        if (rule.getHost() != null && !rule.getHost().equalsIgnoreCase(host)) {
          continue;
        }
        if (rule.getHttp() == null) {
          continue;
        }
        for (HTTPIngressPath p : rule.getHttp().getPaths()) {
          String prefix = p.getPath() == null ? "/" : p.getPath();
          boolean exact = "Exact".equals(p.getPathType());
          if ((exact && path.equals(prefix)) || (!exact && path.startsWith(prefix))) {
            return Optional.of(new Backend(ingress.getMetadata().getNamespace(), p.getBackend().getService().getName()));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("").replaceFirst(":\\d+$", "");
      Answer answer;
      try {
        answer = answer(host, exchange.getRequestURI().getPath());
      } catch (RuntimeException e) {
        answer = new Answer(502, "502 Bad Gateway (" + e.getClass().getSimpleName() + ")");
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.body().startsWith("{") ? "application/json" : "text/plain");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the prober went away; nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
