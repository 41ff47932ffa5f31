package io.stamprelease.testkit.arm;

import java.time.Duration;

/**
 * How long simulated ARM operations take. Real Hub deployments of an AKS Engine cluster take 20–40
 * minutes; the simulation keeps the shape (Accepted → Running → terminal, Retry-After on every poll)
 * and shrinks the time.
 *
 * @param deployment       time from PUT to the deployment's terminal state
 * @param delete           time a VM/NIC/disk/resource-group delete stays in progress
 * @param retryAfterSeconds the {@code Retry-After} sent while an operation runs (RPC: 10 s–10 min on real ARM)
 */
public record ArmTimings(Duration deployment, Duration delete, int retryAfterSeconds) {

  public static ArmTimings fast() {
    return new ArmTimings(Duration.ofMillis(1500), Duration.ofMillis(300), 1);
  }
}
