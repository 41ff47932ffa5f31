package io.stamprelease.core.steps.trafficshift;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** An extra health signal for the bake gate besides the provider's monitor: empty = healthy, else why not. */
@FunctionalInterface
public interface HealthProbe {
  HealthProbe NONE = () -> Optional.empty();

  Optional<String> failure();

  /** GET {@code url} must answer 2xx within 10 s; anything else (or no answer) fails the gate. */
  static HealthProbe http(URI url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return () -> {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return r.statusCode() / 100 == 2 ? Optional.empty() : Optional.of("probe URL " + url + " answered " + r.statusCode());
      } catch (IOException e) {
        return Optional.of("probe URL " + url + " did not answer: " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("probe URL " + url + ": interrupted");
      }
    };
  }
}
