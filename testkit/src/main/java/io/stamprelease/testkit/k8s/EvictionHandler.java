package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/namespaces/<ns>/pods/<name>/eviction}: refuses with 429 when a PodDisruptionBudget selecting
 * the pod allows no disruption, else deletes the pod through the store so watchers see it go.
 */
final class EvictionHandler {

  private final CrudStore store;

  EvictionHandler(CrudStore store) {
    this.store = store;
  }

  static boolean handles(String method, ApiPath path) {
    return method.equals("POST") && path.groupVersion().equals("v1") && path.resource().equals("pods")
        && path.name() != null && "eviction".equals(path.subresource());
  }

  MockResponse evict(ApiPath path) {
    Optional<ObjectNode> pod = store.get(path.objectPath());
    if (pod.isEmpty()) {
      return KubeStatus.response(KubeStatus.failure(404, "pods \"" + path.name() + "\" not found"));
    }
    Optional<DisruptionBudget> blocking = blockingBudget(path.namespace(), pod.get());
    if (blocking.isPresent()) {
      ObjectNode status = KubeStatus.failure(429, "Cannot evict pod as it would violate the pod's disruption budget.");
      status.putObject("details").putArray("causes").addObject()
          .put("reason", "DisruptionBudget").put("message", blocking.get().violationMessage());
      return KubeStatus.response(status);
    }
    MockResponse deleted = store.delete(path.objectPath());
    return deleted.code() == 200 ? KubeStatus.response(KubeStatus.success(201)) : deleted;
  }

  private Optional<DisruptionBudget> blockingBudget(String namespace, JsonNode pod) {
    List<JsonNode> pods = new ArrayList<>();
    store.list("/api/v1/namespaces/" + namespace + "/pods").forEach(pods::add);
    for (JsonNode pdb : store.list("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets")) {
      if (DisruptionBudget.selects(pdb, pod)) {
        DisruptionBudget budget = DisruptionBudget.evaluate(pdb, pods);
        if (budget.disruptionsAllowed() == 0) {
          return Optional.of(budget);
        }
      }
    }
    return Optional.empty();
  }
}
