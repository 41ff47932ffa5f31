package io.stamprelease.core.traffic;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One applied change for the release report: every endpoint's setting before and after, who and why. */
public record ChangeRecord(Instant time, String provider, Map<String, EndpointSetting> before, Map<String, EndpointSetting> after,
    String actor, String reason) implements Serializable {
  public ChangeRecord {
    before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
    after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
  }

  public static ChangeRecord of(Instant time, TrafficState before, TrafficChange change) {
    return new ChangeRecord(time, before.provider(), before.settings(), before.with(change).settings(), change.actor(),
        change.reason());
  }
}
