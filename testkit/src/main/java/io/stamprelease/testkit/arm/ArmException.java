package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ARM error response: {@code {"error":{"code","message","details"}}} with an HTTP status, the shape
 * every resource provider uses (ARM RPC common-api-details; the code is never localized).
 */
public class ArmException extends RuntimeException {
  private final int status;
  private final String code;
  private final ArrayNode details;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ArmException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ArmException(int status, String code, String message, ArrayNode details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public static ArmException badRequest(String code, String message) {
    return new ArmException(400, code, message);
  }

  public static ArmException notFound(String code, String message) {
    return new ArmException(404, code, message);
  }

  public static ArmException conflict(String code, String message) {
    return new ArmException(409, code, message);
  }

  public ArmException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public ArmResponse toResponse() {
    ObjectNode error = Json.object().put("code", code).put("message", getMessage());
    if (details != null) {
      error.set("details", details);
    }
    ArmResponse response = ArmResponse.of(status, Json.object().set("error", error));
    headers.forEach(response::header);
    return response;
  }
}
