package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One request as the fake ARM handlers see it: path parameters already extracted by the router. {@code path} is
 * decoded; {@code rawPath} is the path as sent (for URLs the server builds from it, such as a {@code nextLink}).
 */
public record ArmRequest(
    String method, String path, String rawPath, Map<String, String> query, Map<String, List<String>> headers, String body,
    Matcher pathMatch) {

  public String param(String group) {
    return pathMatch.group(group);
  }

  public String apiVersion() {
    return query.get("api-version");
  }

  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The body as JSON; a malformed body is ARM's 400 InvalidRequestContent. */
  public JsonNode json() {
    if (body == null || body.isBlank()) {
      throw ArmException.badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: 'the body is empty'.");
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw ArmException.badRequest("InvalidRequestContent",
          "The request content was invalid and could not be deserialized: '" + e.getMessage().lines().findFirst().orElse("") + "'.");
    }
  }
}
