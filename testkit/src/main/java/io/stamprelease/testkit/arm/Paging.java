package io.stamprelease.testkit.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server-side paging as the RPC describes it (resource-api-reference, "Get Resource" collection): a page is
 * {@code {"value":[...], "nextLink": "<absolute URL>?...&$skiptoken=<opaque>"}}; the last page has no
 * {@code nextLink}; a page may hold fewer items than asked, even none. The skip token is a continuation key (the
 * lower-cased id of the last item served), so items deleted between two page reads never make a later item vanish.
 * With paging off (page size 0) the list is answered whole, in its historical order and without {@code nextLink}.
 */
public final class Paging {
  private static final String START = "start";

  private Paging() {
  }

  /** Answers one page of {@code items} for {@code request} under {@code contract}'s page size for its route. */
  public static ArmResponse page(ArmRequest request, List<? extends JsonNode> items, ArmContract contract, String baseUrl) {
    int size = contract.pageSizeFor(request.method(), request.path());
    String token = skipToken(request.query());
    ObjectNode page = Json.object();
    ArrayNode value = page.putArray("value");
    if (size == 0 && token == null) {
      items.forEach(value::add);
      return ArmResponse.ok(page);
    }
    List<JsonNode> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Paging::key));
    if (token == null && contract.emptyFirstPage()) {
      page.put("nextLink", nextLink(request, baseUrl, START));
      return ArmResponse.ok(page);
    }
    String after = token == null || token.equals(START) ? null : token;
    int served = 0;
    String lastKey = null;
    boolean more = false;
    for (JsonNode item : sorted) {
      if (after != null && key(item).compareTo(after) <= 0) {
        continue;
      }
      if (size > 0 && served == size) {
        more = true;
        break;
      }
      value.add(item);
      lastKey = key(item);
      served++;
    }
    if (more) {
      page.put("nextLink", nextLink(request, baseUrl, lastKey));
    }
    return ArmResponse.ok(page);
  }

  private static String key(JsonNode item) {
    return item.path("id").asText("").toLowerCase(Locale.ROOT);
  }

  /** The decoded continuation key, {@code "start"}, or null on a first request; a token we did not issue is a 400. */
  private static String skipToken(Map<String, String> query) {
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getKey().equalsIgnoreCase("$skiptoken")) {
        try {
          String decoded = new String(Base64.getUrlDecoder().decode(e.getValue()), StandardCharsets.UTF_8);
          if (decoded.equals(START) || decoded.startsWith("after:")) {
            return decoded.equals(START) ? START : decoded.substring("after:".length());
          }
        } catch (IllegalArgumentException ignored) {
          // falls through to the refusal below
        }
        throw ArmException.badRequest("InvalidSkipToken", "The value '" + e.getValue() + "' of query parameter '$skiptoken' is not valid.");
      }
    }
    return null;
  }

  /** The same URL (path and every other query parameter kept, as the RPC allows) with the new {@code $skiptoken}. */
  private static String nextLink(ArmRequest request, String baseUrl, String key) {
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
        (key.equals(START) ? START : "after:" + key).getBytes(StandardCharsets.UTF_8));
    StringBuilder url = new StringBuilder(baseUrl).append(request.rawPath()).append('?');
    request.query().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("$skiptoken")) {
        url.append(encode(name)).append('=').append(encode(value)).append('&');
      }
    });
    return url.append("%24skiptoken=").append(token).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
