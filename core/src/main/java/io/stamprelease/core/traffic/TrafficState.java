package io.stamprelease.core.traffic;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A profile as read from a provider: its endpoints in the provider's order, its DNS timing, and the
 * ETag to send back as If-Match so a concurrent edit is detected instead of overwritten.
 */
public record TrafficState(String provider, String profile, List<EndpointState> endpoints, DnsTiming timing, String etag) {
  public TrafficState {
    endpoints = List.copyOf(endpoints);
    Set<String> seen = new HashSet<>();
    for (EndpointState e : endpoints) {
      if (!seen.add(e.name())) {
        throw new IllegalArgumentException("endpoint '" + e.name() + "' appears twice in profile " + profile);
      }
    }
  }

  public Optional<EndpointState> endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return endpoints.stream().map(EndpointState::name).toList();
  }

  /** Our settings for every endpoint, in the provider's order. */
  public Map<String, EndpointSetting> settings() {
    Map<String, EndpointSetting> m = new LinkedHashMap<>();
    endpoints.forEach(e -> m.put(e.name(), e.setting()));
    return Collections.unmodifiableMap(m);
  }

  public List<EndpointState> serving() {
    return endpoints.stream().filter(EndpointState::serving).toList();
  }

  /**
   * The state the change asks for, monitors unchanged (the provider's monitor decides those later).
   * Unknown names are a programming error here: {@link Guardrails} reports them to users first.
   */
  public TrafficState with(TrafficChange change) {
    for (String name : change.desired().keySet()) {
      if (endpoint(name).isEmpty()) {
        throw new IllegalArgumentException("no endpoint '" + name + "' in profile " + profile + "; endpoints: " + names());
      }
    }
    List<EndpointState> changed = endpoints.stream()
        .map(e -> change.desired().containsKey(e.name()) ? e.with(change.desired().get(e.name())) : e)
        .toList();
    return new TrafficState(provider, profile, changed, timing, etag);
  }

  public TrafficState withEndpoints(List<EndpointState> newEndpoints) {
    return new TrafficState(provider, profile, newEndpoints, timing, etag);
  }
}
