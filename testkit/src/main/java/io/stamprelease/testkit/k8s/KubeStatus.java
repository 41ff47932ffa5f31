package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.Map;

/** {@code meta/v1 Status} responses as the real API server writes them, and the JSON helpers around them. */
final class KubeStatus {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<Integer, String> REASONS = Map.of(
      400, "BadRequest", 401, "Unauthorized", 403, "Forbidden", 404, "NotFound", 409, "Conflict",
      415, "UnsupportedMediaType", 422, "Invalid", 429, "TooManyRequests", 503, "ServiceUnavailable",
      504, "Timeout");

  static ObjectNode failure(int code, String message) {
    ObjectNode status = base("Failure", code);
    status.put("message", message);
    status.put("reason", REASONS.getOrDefault(code, "InternalError"));
    return status;
  }

  static ObjectNode success(int code) {
    return base("Success", code);
  }

  static MockResponse response(ObjectNode status) {
    return json(status.get("code").asInt(), status);
  }

  static MockResponse json(int code, Object body) {
    try {
      return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode base(String outcome, int code) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    status.put("code", code);
    return status;
  }

  private KubeStatus() {
  }
}
