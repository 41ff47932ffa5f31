package io.stamprelease.core.clients.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An ARM answer: status, the headers that matter (LRO, ETag), and the JSON body (null when empty). */
public record ArmResponse(int status, Map<String, String> headers, JsonNode body) {

  public Optional<String> header(String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
  }

  /** {@code Retry-After} in seconds (the RPC's form); absent means the caller's default. */
  public Optional<Duration> retryAfter() {
    return header("Retry-After").flatMap(v -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
