package io.stamprelease.core.clients.arm;

import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads an ARM long-running operation once (never waits): the {@code Azure-AsyncOperation} URL answers
 * 200 with {@code status}; a {@code Location} URL answers 202 while running and 200/204 when done (ARM RPC
 * async-api-reference). The caller — a task — returns RUNNING with the {@code Retry-After} it got.
 */
public final class LroPoller {
  /** RPC default when the service sends no Retry-After. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

  private LroPoller() {
  }

  /** The monitoring URL of a 201/202 answer: Azure-AsyncOperation first, then Location. */
  public static Optional<String> monitorUrl(ArmResponse started) {
    return started.header("Azure-AsyncOperation").or(() -> started.header("Location"));
  }

  public static LroStatus poll(ArmClient arm, String monitorUrl, Duration defaultRetryAfter) {
    ArmResponse response = arm.getAbsolute(monitorUrl);
    Duration retryAfter = response.retryAfter().orElse(defaultRetryAfter);
    if (response.status() == 202) {
      return new LroStatus(LroStatus.State.IN_PROGRESS, retryAfter, null);
    }
    if (response.body() == null || !response.body().has("status")) {
      return new LroStatus(LroStatus.State.SUCCEEDED, Duration.ZERO, null); // Location style: 200/204 means done
    }
    LroStatus.State state = LroStatus.parse(response.body().path("status").asText());
    return new LroStatus(state, state.terminal() ? Duration.ZERO : retryAfter, response.body().get("error"));
  }
}
