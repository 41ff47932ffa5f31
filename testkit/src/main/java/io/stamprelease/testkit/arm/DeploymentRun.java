package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/** One run of a template deployment: its provisioning state machine and what it recorded. */
final class DeploymentRun {
  enum State { Accepted, Running, Succeeded, Failed, Canceled;

    boolean terminal() {
      return this == Succeeded || this == Failed || this == Canceled;
    }
  }

  final String id;
  final String name;
  final String resourceGroup;
  final String operationId;
  final String correlationId;
  final String mode;
  final String templateHash;
  final ObjectNode parametersEcho;
  final ObjectNode tags;
  /** Started with a 202 + Location: invisible (GET 404, not listed) until it ends (RPC async-api-reference, 202 rule 7). */
  final boolean hiddenWhileRunning;
  final Instant start = Instant.now();
  volatile State state = State.Accepted;
  volatile Instant end;
  volatile ObjectNode outputs;
  volatile ObjectNode error;
  final ArrayNode operations = Json.array();
  final ArrayNode outputResources = Json.array();
  volatile ScheduledFuture<?> completion;

  DeploymentRun(String id, String name, String resourceGroup, String operationId, String correlationId, String mode,
      String templateHash, ObjectNode parametersEcho, ObjectNode tags, boolean hiddenWhileRunning) {
    this.tags = tags;
    this.hiddenWhileRunning = hiddenWhileRunning;
    this.id = id;
    this.name = name;
    this.resourceGroup = resourceGroup;
    this.operationId = operationId;
    this.correlationId = correlationId;
    this.mode = mode;
    this.templateHash = templateHash;
    this.parametersEcho = parametersEcho;
  }

  boolean visible() {
    return !hiddenWhileRunning || state.terminal();
  }

  /** The deployment as GET shows it; {@code templateHash} only when the hub echoes it. */
  synchronized ObjectNode toJson(boolean echoTemplateHash) {
    ObjectNode d = Json.object().put("id", id).put("name", name).put("type", "Microsoft.Resources/deployments");
    if (tags != null) {
      d.set("tags", tags.deepCopy());
    }
    ObjectNode p = d.putObject("properties");
    if (echoTemplateHash) {
      p.put("templateHash", templateHash);
    }
    p.put("mode", mode).put("provisioningState", state.name())
        .put("timestamp", Json.timestamp(end == null ? Instant.now() : end))
        .put("duration", Duration.between(start, end == null ? Instant.now() : end).toString())
        .put("correlationId", correlationId);
    p.set("parameters", parametersEcho);
    p.putArray("providers");
    p.putArray("dependencies");
    if (outputs != null) {
      p.set("outputs", outputs);
    }
    if (state == State.Succeeded) {
      p.set("outputResources", outputResources);
    }
    if (error != null) {
      p.set("error", error);
    }
    return d;
  }

  /** The {@code Azure-AsyncOperation} status document. */
  synchronized ObjectNode statusDocument() {
    ObjectNode doc = Json.object().put("id", id + "/operationStatuses/" + operationId).put("name", operationId)
        .put("status", state.name()).put("startTime", Json.timestamp(start));
    if (end != null) {
      doc.put("endTime", Json.timestamp(end));
    }
    if (error != null) {
      doc.set("error", error);
    }
    return doc;
  }

  synchronized void addOperation(ObjectNode resource, String provisioningState, int statusCode, JsonNode statusMessage) {
    String opId = Long.toHexString(Double.doubleToLongBits(Math.random())).toUpperCase();
    ObjectNode op = operations.addObject().put("id", id + "/operations/" + opId).put("operationId", opId);
    ObjectNode p = op.putObject("properties");
    p.put("provisioningOperation", "Create").put("provisioningState", provisioningState)
        .put("timestamp", Json.timestamp(Instant.now())).put("duration", Duration.between(start, Instant.now()).toString())
        .put("trackingId", UUID.randomUUID().toString())
        .put("statusCode", statusCode == 200 ? "OK" : statusCode == 201 ? "Created" : "Conflict");
    p.set("statusMessage", statusMessage == null ? Json.object() : statusMessage);
    p.putObject("targetResource").put("id", resource.path("id").asText())
        .put("resourceType", resource.path("type").asText()).put("resourceName", resource.path("name").asText());
  }
}
