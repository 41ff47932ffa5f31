package io.stamprelease.core.traffic;

import java.io.IOException;

/**
 * One DNS/GSLB provider (Traffic Manager, F5 BIG-IP DNS, …), each in its own package. Implementations
 * only translate; all decisions (plans, guardrails, waits) are made by the pure code of this package.
 */
public interface TrafficProvider {

  /** Which provider this is (input value {@code azure-traffic-manager}, {@code f5-gtm}). */
  ProviderType type();

  /** Reads the profile, its endpoints with monitor statuses, DNS timing and ETag. */
  TrafficState read() throws IOException;

  /**
   * Sends the change, conditional on {@code expected.etag()} (If-Match); throws
   * {@link io.stamprelease.core.engine.ConflictException} when someone else changed the profile meanwhile.
   * Returns the state the provider answered with.
   */
  TrafficState apply(TrafficState expected, TrafficChange change) throws IOException;

  /** Whether the provider now reports what the change asked for; a separate task from {@link #apply}. */
  default Verification verify(TrafficChange change) throws IOException {
    return Verification.compare(read(), change);
  }
}
