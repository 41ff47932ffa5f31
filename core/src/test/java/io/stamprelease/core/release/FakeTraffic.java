package io.stamprelease.core.release;

import io.stamprelease.core.engine.ConflictException;
import io.stamprelease.core.traffic.DnsTiming;
import io.stamprelease.core.traffic.EndpointState;
import io.stamprelease.core.traffic.MonitorStatus;
import io.stamprelease.core.traffic.ProviderType;
import io.stamprelease.core.traffic.TrafficChange;
import io.stamprelease.core.traffic.TrafficProvider;
import io.stamprelease.core.traffic.TrafficState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Traffic Manager profile in memory, as the provider reports it: enabled endpoints are Online (their probes pass),
 * disabled ones Disabled; every write checks the ETag and makes a new one. Every change sent is kept, in order.
 */
final class FakeTraffic implements TrafficProvider {
  static final String PROFILE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
      + "Microsoft.Network/trafficManagerProfiles/shop";
  /** Short DNS timing, so the waits are short on the fake clock too. */
  static final DnsTiming TIMING = new DnsTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(1));

  private TrafficState state;
  private int etag;
  final List<TrafficChange> sent = new ArrayList<>();

  FakeTraffic(EndpointState... endpoints) {
    state = new TrafficState("azure-traffic-manager", PROFILE, List.of(endpoints), TIMING, "e0");
  }

  static EndpointState endpoint(String name, boolean enabled, int weight) {
    return new EndpointState(name, enabled, weight, enabled ? MonitorStatus.Online : MonitorStatus.Disabled, name + ".example.org");
  }

  @Override
  public ProviderType type() {
    return ProviderType.AZURE_TRAFFIC_MANAGER;
  }

  @Override
  public synchronized TrafficState read() {
    return state;
  }

  @Override
  public synchronized TrafficState apply(TrafficState expected, TrafficChange change) {
    if (!expected.etag().equals(state.etag())) {
      throw new ConflictException("etag " + expected.etag() + " is not " + state.etag());
    }
    sent.add(change);
    TrafficState changed = state.with(change);
    state = new TrafficState(changed.provider(), changed.profile(), changed.endpoints().stream()
        .map(e -> e.withMonitor(e.enabled() ? MonitorStatus.Online : MonitorStatus.Disabled)).toList(), TIMING, "e" + ++etag);
    return state;
  }

  synchronized EndpointState endpoint(String name) {
    return state.endpoint(name).orElseThrow();
  }
}
