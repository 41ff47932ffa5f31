package io.stamprelease.testkit.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Traffic Manager's endpoint monitoring: each enabled endpoint is probed at {@code protocol://target:port/path};
 * the first success makes it Online, {@code toleratedNumberOfFailures + 1} consecutive failures make it
 * Degraded (Azure docs "traffic-manager-monitoring"). The profile's {@code intervalInSeconds} is honoured
 * in shape; the real-time period is the simulation's {@code probePeriod} so that tests do not wait 30 s.
 */
public final class EndpointMonitor implements AutoCloseable {
  private final TrafficManagerProfiles profiles;
  private final BiFunction<String, String, Integer> probe;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> task;

  /**
   * @param probe (target host, path) → HTTP status, or 0 when nothing answers at that target
   */
  public EndpointMonitor(TrafficManagerProfiles profiles, BiFunction<String, String, Integer> probe, ScheduledExecutorService scheduler,
      Duration probePeriod) {
    this.profiles = profiles;
    this.probe = probe;
    this.task = scheduler.scheduleWithFixedDelay(this::probeAll, 0, probePeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  void probeAll() {
    for (ObjectNode profile : profiles.all()) {
      String profileId = profile.path("id").asText();
      boolean profileEnabled = "Enabled".equals(profile.at("/properties/profileStatus").asText());
      JsonNode monitor = profile.at("/properties/monitorConfig");
      int tolerated = monitor.path("toleratedNumberOfFailures").asInt(3);
      for (JsonNode e : profile.at("/properties/endpoints")) {
        String name = e.path("name").asText();
        String key = profileId + "|" + name;
        if (!profileEnabled || !"Enabled".equals(e.at("/properties/endpointStatus").asText())) {
          failures.remove(key);
          profiles.setMonitorStatus(profileId, name, profileEnabled ? "Disabled" : "Inactive");
          continue;
        }
        int status = safeProbe(e.at("/properties/target").asText(), monitor.path("path").asText("/"));
        if (status >= 200 && status < 300) {
          failures.put(key, 0);
          profiles.setMonitorStatus(profileId, name, "Online");
        } else {
          int count = failures.merge(key, 1, Integer::sum);
          if (count > tolerated) {
            profiles.setMonitorStatus(profileId, name, "Degraded");
          }
        }
      }
    }
  }

  private int safeProbe(String target, String path) {
    try {
      return probe.apply(target, path);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
