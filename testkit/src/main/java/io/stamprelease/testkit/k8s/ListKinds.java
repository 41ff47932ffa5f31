package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The CRUD store answers collections as {@code "kind":"List"}; client-go's typed clients then silently drop every
 * item (Helm lists no releases), so collections are given their typed kind, e.g. {@code v1 SecretList}.
 */
final class ListKinds {

  static void typed(MockResponse response, ApiResource resource) {
    try {
      if (!(KubeStatus.JSON.readTree(response.getBody().getBytes()) instanceof ObjectNode list)
          || !"List".equals(list.path("kind").asText())) {
        return;
      }
      list.put("apiVersion", resource.groupVersion());
      list.put("kind", resource.kind() + "List");
      response.setBody(KubeStatus.JSON.writeValueAsString(list));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ListKinds() {
  }
}
