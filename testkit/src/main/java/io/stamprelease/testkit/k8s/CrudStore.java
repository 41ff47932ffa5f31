package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Internal requests to fabric8's CRUD dispatcher, for the handlers that read or write the store on a client's behalf
 * (strategic merge, status protection, eviction). Watchers see these writes like any other.
 */
final class CrudStore {

  private final Dispatcher crud;

  CrudStore(Dispatcher crud) {
    this.crud = crud;
  }

  MockResponse dispatch(RecordedRequest request) {
    return crud.dispatch(request);
  }

  /** The stored object, or empty when the store answers anything but 200. */
  Optional<ObjectNode> get(String path) {
    MockResponse response = send(HttpMethod.GET, path, null);
    return response.code() == 200 ? Optional.of((ObjectNode) read(response)) : Optional.empty();
  }

  /** Items of a collection (the store answers an empty list for unknown collections). */
  Iterable<JsonNode> list(String collectionPath) {
    return get(collectionPath).map(list -> (Iterable<JsonNode>) list.path("items")).orElse(List.of());
  }

  MockResponse put(String path, JsonNode body) {
    return send(HttpMethod.PUT, path, body);
  }

  MockResponse delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  static JsonNode read(MockResponse response) {
    try {
      return KubeStatus.JSON.readTree(response.getBody().getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse send(HttpMethod method, String path, JsonNode body) {
    try {
      Buffer buffer = body == null ? new Buffer() : new Buffer(KubeStatus.JSON.writeValueAsBytes(body));
      Headers headers = Headers.builder().add("Content-Type", "application/json").build();
      return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, buffer));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
