package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

/** JSON helpers shared by the fake ARM handlers. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|token|assertion|privatekey|keydata|certificate).*");
  static final String REDACTED = "[redacted]";

  private Json() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** ARM timestamps: ISO-8601 UTC with 7 fractional digits in real ARM; milliseconds are enough here. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /**
   * A copy with every value under a secret-looking key replaced, for the request journal. Deployment
   * parameters of AKS Engine carry the service principal secret, so bodies are never kept verbatim.
   */
  public static JsonNode redacted(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  private static void redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRET_KEY.matcher(field.getKey()).matches()) {
          field.setValue(object.textNode(REDACTED));
        } else {
          redactInPlace(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(Json::redactInPlace);
    }
  }
}
