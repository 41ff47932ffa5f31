package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sits in front of fabric8's CRUD dispatcher and closes the gaps real clients (Helm's client-go, kubectl) hit:
 * discovery, protobuf bodies, typed list kinds, strategic merge patch, status protection, pod eviction, missing
 * Content-Type. Never lets an exception escape: the mock server would then send no response at all and the client
 * would wait forever, so every failure becomes a 500 with a Status body.
 */
final class FrontDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(FrontDispatcher.class);
  private static final int MAX_PATCH_ATTEMPTS = 3;

  private final CrudStore store;
  private final Discovery discovery;
  private final EvictionHandler eviction;
  private final KubeJournal journal;
  private final KubeFaults faults;
  private final WatchRegistry watches;

  FrontDispatcher(Dispatcher crud, Discovery discovery, KubeJournal journal, KubeFaults faults, WatchRegistry watches) {
    this.store = new CrudStore(crud);
    this.discovery = discovery;
    this.eviction = new EvictionHandler(store);
    this.journal = journal;
    this.faults = faults;
    this.watches = watches;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    try {
      response = finish(route(request));
    } catch (Throwable e) { // NOSONAR: anything escaping leaves the client hanging, so errors are answered too
      LOG.warn("simulated API server failed on {} {}", request.getMethod(), request.getPath(), e);
      response = KubeStatus.response(KubeStatus.failure(500, "simulated API server error: " + e));
    }
    journal.record(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), response.code());
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    String method = request.getMethod();
    Optional<ApiPath> api = ApiPath.parse(request.getPath());
    boolean watch = api.map(ApiPath::isWatch).orElse(false);
    int failure = watch ? 0 : faults.takeFailure();
    if (failure != 0) {
      return KubeStatus.response(KubeStatus.failure(failure, "simulated failure (KubeFaults.failNext)"));
    }
    Optional<MockResponse> discovered = discovery.answer(method, request.getPath());
    if (discovered.isPresent()) {
      return discovered.get();
    }
    if (api.isEmpty()) {
      return store.dispatch(request);
    }
    ApiPath path = api.get();
    if (EvictionHandler.handles(method, path)) {
      return eviction.evict(path);
    }
    RecordedRequest jsonRequest = withJsonBody(request);
    return switch (method) {
      case "GET" -> get(jsonRequest, path, watch);
      case "PUT" -> put(jsonRequest, path);
      case "PATCH" -> patch(jsonRequest, path);
      default -> store.dispatch(jsonRequest);
    };
  }

  private MockResponse get(RecordedRequest request, ApiPath path, boolean watch) {
    if (watch) {
      MockResponse response = store.dispatch(request);
      return response.getWebSocketListener() == null
          ? response
          : response.withWebSocketUpgrade(watches.track(response.getWebSocketListener()));
    }
    if ("status".equals(path.subresource())) {
      // the status subresource reads as the whole object, as on a real API server
      return store.get(path.objectPath()).map(object -> KubeStatus.json(200, object)).orElseGet(() -> notFound(path));
    }
    MockResponse response = store.dispatch(request);
    if (ServerSideTables.wanted(request.getHeader("Accept"))) {
      return ServerSideTables.toTable(response, path.resource());
    }
    if (path.isCollection() && response.code() == 200) {
      path.apiResource().ifPresent(resource -> ListKinds.typed(response, resource));
    }
    return response;
  }

  /** A main-resource PUT of a kind with a status subresource keeps the stored status, as the API server does. */
  private MockResponse put(RecordedRequest request, ApiPath path) {
    if (!protectsStatus(path)) {
      return store.dispatch(request);
    }
    ObjectNode body = (ObjectNode) readBody(request);
    store.get(path.objectPath()).ifPresent(stored -> keepStatus(body, stored));
    return store.put(path.objectPath(), body);
  }

  /**
   * Strategic merge patches of an object or its status (which the store answers with 415) and patches that must keep
   * the stored status are applied here and written back with a PUT; JSON and JSON merge patches of other objects go
   * to the store as they are, and so does anything for other subresources such as scale.
   */
  private MockResponse patch(RecordedRequest request, ApiPath path) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/apply-patch")) {
      // kubectl then says "Server-side apply not available on the server", as against an old API server
      return KubeStatus.response(KubeStatus.failure(415, "server-side apply is not supported by the simulated cluster"));
    }
    boolean objectOrStatus = path.name() != null && (path.subresource() == null || path.subresource().equals("status"));
    boolean applyHere = Patches.isStrategic(contentType) || (Patches.isSupported(contentType) && protectsStatus(path));
    if (!applyHere || !objectOrStatus) {
      return store.dispatch(request);
    }
    JsonNode patch = readBody(request);
    String target = path.subresource() == null ? path.objectPath() : path.objectPath() + "/" + path.subresource();
    // like the API server, re-apply on a write conflict: a simulator may have written between our GET and PUT
    for (int attempt = 1; ; attempt++) {
      Optional<ObjectNode> stored = store.get(path.objectPath());
      if (stored.isEmpty()) {
        return notFound(path);
      }
      JsonNode patched = Patches.apply(contentType, stored.get(), patch);
      if (protectsStatus(path)) {
        keepStatus((ObjectNode) patched, stored.get());
      }
      MockResponse response = store.put(target, patched);
      if (response.code() != 409 || attempt == MAX_PATCH_ATTEMPTS) {
        return response;
      }
    }
  }

  private static boolean protectsStatus(ApiPath path) {
    return path.isMainResource() && path.apiResource().map(ApiResource::hasStatus).orElse(false);
  }

  private static void keepStatus(ObjectNode target, JsonNode stored) {
    if (stored.has("status")) {
      target.set("status", stored.get("status"));
    } else {
      target.remove("status");
    }
  }

  /** Helm's release storage sends Secrets (and DeleteOptions) as protobuf; the store only reads JSON. */
  private static RecordedRequest withJsonBody(RecordedRequest request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    if (!ProtobufBody.isEnvelope(body)) {
      return request;
    }
    byte[] json;
    try {
      // a DELETE carries DeleteOptions, which the store ignores anyway
      json = request.getMethod().equals("DELETE") ? new byte[0] : KubeStatus.JSON.writeValueAsBytes(ProtobufBody.toJson(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
        request.getHeaders().newBuilder().set("Content-Type", "application/json").build(), new Buffer(json));
  }

  private static JsonNode readBody(RecordedRequest request) {
    try {
      return KubeStatus.JSON.readTree(request.getBody().getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse notFound(ApiPath path) {
    return KubeStatus.response(KubeStatus.failure(404, path.resource() + " \"" + path.name() + "\" not found"));
  }

  /** Content-Type and latency apply to every answer; client-go decodes a body without Content-Type as protobuf. */
  private MockResponse finish(MockResponse response) {
    if (response.getWebSocketListener() != null) {
      return response;
    }
    if (response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    Duration latency = faults.latency();
    if (!latency.isZero()) {
      response.setBodyDelay(latency);
    }
    return response;
  }
}
