package io.stamprelease.core.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short builders for profiles in tests: {@code state(online("seattle", 900), degraded("denver", 100))}. */
public final class TrafficFixtures {
  private TrafficFixtures() {
  }

  /** An ordered weight map from {@code name, value, name, value, …}. */
  public static Map<String, Integer> map(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return m;
  }

  static TrafficState state(EndpointState... endpoints) {
    return new TrafficState("azure-traffic-manager", "shop", List.of(endpoints), DnsTiming.TRAFFIC_MANAGER_DEFAULTS, "etag-1");
  }

  static EndpointState endpoint(String name, boolean enabled, int weight, MonitorStatus monitor) {
    return new EndpointState(name, enabled, weight, monitor, name + ".example.org");
  }

  static EndpointState online(String name, int weight) {
    return endpoint(name, true, weight, MonitorStatus.Online);
  }

  static EndpointState degraded(String name, int weight) {
    return endpoint(name, true, weight, MonitorStatus.Degraded);
  }

  static EndpointState disabled(String name, int weight) {
    return endpoint(name, false, weight, MonitorStatus.Disabled);
  }
}
