package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response of the fake ARM: status, extra headers and an optional JSON body. */
public final class ArmResponse {
  private final int status;
  private final JsonNode body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private ArmResponse(int status, JsonNode body) {
    this.status = status;
    this.body = body;
  }

  public static ArmResponse of(int status, JsonNode body) {
    return new ArmResponse(status, body);
  }

  public static ArmResponse ok(JsonNode body) {
    return new ArmResponse(200, body);
  }

  public static ArmResponse empty(int status) {
    return new ArmResponse(status, null);
  }

  public ArmResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public JsonNode body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
