package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Server-side printing ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): kubectl asks the
 * API server for a {@code meta.k8s.io/v1 Table} and prints its cells; given a plain list it falls back to
 * NAME and AGE only, so {@code kubectl get nodes} would not show STATUS. Columns follow the API server's
 * printers for nodes, pods and deployments; other kinds get NAME and AGE, as the server's default.
 */
final class ServerSideTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Column(String name, String description, Function<JsonNode, Object> cell) {
  }

  private static final Map<String, List<Column>> COLUMNS = Map.of(
      "nodes", List.of(
          new Column("Status", "The status of the node", ServerSideTables::nodeStatus),
          new Column("Roles", "The roles of the node", ServerSideTables::nodeRoles),
          new Column("Age", "CreationTimestamp", ServerSideTables::age),
          new Column("Version", "Kubelet version", n -> n.at("/status/nodeInfo/kubeletVersion").asText(""))),
      "pods", List.of(
          new Column("Ready", "Ready containers", ServerSideTables::podReady),
          new Column("Status", "Pod status reason", ServerSideTables::podStatus),
          new Column("Restarts", "Container restarts", p -> {
            int restarts = 0;
            for (JsonNode c : p.at("/status/containerStatuses")) {
              restarts += c.path("restartCount").asInt();
            }
            return restarts;
          }),
          new Column("Age", "CreationTimestamp", ServerSideTables::age)),
      "deployments", List.of(
          new Column("Ready", "Ready replicas", d -> d.at("/status/readyReplicas").asInt() + "/" + d.at("/spec/replicas").asInt(1)),
          new Column("Up-to-date", "Updated replicas", d -> d.at("/status/updatedReplicas").asInt()),
          new Column("Available", "Available replicas", d -> d.at("/status/availableReplicas").asInt()),
          new Column("Age", "CreationTimestamp", ServerSideTables::age)));

  private ServerSideTables() {
  }

  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /** Rewrites a 200 object or list response of {@code resource} into a Table. */
  static MockResponse toTable(MockResponse response, String resource) {
    if (response.code() != 200 || response.getBody() == null) {
      return response;
    }
    try {
      JsonNode body = JSON.readTree(response.getBody().getBytes());
      List<JsonNode> items = new ArrayList<>();
      if (body.has("items")) {
        body.get("items").forEach(items::add);
      } else {
        items.add(body);
      }
      List<Column> columns = COLUMNS.getOrDefault(resource, List.of(new Column("Age", "CreationTimestamp", ServerSideTables::age)));
      ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
      table.putObject("metadata").put("resourceVersion", body.at("/metadata/resourceVersion").asText(""));
      ArrayNode definitions = table.putArray("columnDefinitions");
      definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("description", "Name").put("priority", 0);
      for (Column c : columns) {
        definitions.addObject().put("name", c.name()).put("type", "string").put("format", "").put("description", c.description()).put("priority", 0);
      }
      ArrayNode rows = table.putArray("rows");
      for (JsonNode item : items) {
        ObjectNode row = rows.addObject();
        ArrayNode cells = row.putArray("cells");
        cells.add(item.at("/metadata/name").asText());
        for (Column c : columns) {
          cells.addPOJO(c.cell().apply(item));
        }
        ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        object.set("metadata", item.path("metadata"));
      }
      response.setBody(JSON.writeValueAsString(table));
      response.setHeader("Content-Type", "application/json");
      return response;
    } catch (IOException e) {
      return response;
    }
  }

  private static String nodeStatus(JsonNode node) {
    String status = "Unknown";
    for (JsonNode c : node.at("/status/conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        status = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
      }
    }
    return node.at("/spec/unschedulable").asBoolean(false) ? status + ",SchedulingDisabled" : status;
  }

  private static String nodeRoles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    node.at("/metadata/labels").fieldNames().forEachRemaining(label -> {
      if (label.startsWith("node-role.kubernetes.io/")) {
        roles.add(label.substring("node-role.kubernetes.io/".length()));
      }
    });
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String podReady(JsonNode pod) {
    int ready = 0;
    int total = 0;
    for (JsonNode c : pod.at("/status/containerStatuses")) {
      total++;
      ready += c.path("ready").asBoolean() ? 1 : 0;
    }
    return ready + "/" + Math.max(total, pod.at("/spec/containers").size());
  }

  private static String podStatus(JsonNode pod) {
    if (!pod.at("/metadata/deletionTimestamp").isMissingNode()) {
      return "Terminating";
    }
    for (JsonNode c : pod.at("/status/containerStatuses")) {
      String waiting = c.at("/state/waiting/reason").asText("");
      if (!waiting.isEmpty()) {
        return waiting;
      }
    }
    return pod.at("/status/phase").asText("Pending");
  }

  private static String age(JsonNode object) {
    String created = object.at("/metadata/creationTimestamp").asText("");
    if (created.isEmpty()) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(created), Instant.now());
    long s = Math.max(0, d.getSeconds());
    return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172800 ? s / 3600 + "h" : s / 86400 + "d";
  }
}
