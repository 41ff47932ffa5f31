package io.stamprelease.core.clients.hub;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import io.stamprelease.core.engine.Deadline;
import java.time.Duration;
import java.util.Optional;

/**
 * azure-core's exponential backoff (a few short retries inside one call; the engine's backoff handles longer outages),
 * except that a retry whose wait would outlive the running task's {@link Deadline} is not made: the call answers with
 * what it has, and the engine ends the step "timed out" instead of sleeping past {@code --timeout}. The wait is the one
 * azure-core's {@code RetryPolicy} will take: the answer's {@code Retry-After} (or {@code retry-after-ms}), else the
 * backoff's delay.
 */
final class DeadlineRetryStrategy implements RetryStrategy {
  private final ExponentialBackoff backoff;

  DeadlineRetryStrategy(int maxRetries, Duration base, Duration max) {
    this.backoff = new ExponentialBackoff(new ExponentialBackoffOptions().setMaxRetries(maxRetries).setBaseDelay(base).setMaxDelay(max));
  }

  @Override
  public int getMaxRetries() {
    return backoff.getMaxRetries();
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    return backoff.calculateRetryDelay(retryAttempts);
  }

  @Override
  public boolean shouldRetry(HttpResponse response) {
    return backoff.shouldRetry(response);
  }

  @Override
  public boolean shouldRetryException(Throwable throwable) {
    return backoff.shouldRetryException(throwable);
  }

  @Override
  public boolean shouldRetryCondition(RequestRetryCondition condition) {
    boolean retry = condition.getResponse() != null ? shouldRetry(condition.getResponse()) : shouldRetryException(condition.getThrowable());
    if (!retry) {
      return false;
    }
    Optional<Deadline> deadline = Deadline.current();
    if (deadline.isEmpty()) {
      return true;
    }
    Duration wait = serverDelay(condition.getResponse()).orElseGet(() -> calculateRetryDelay(condition.getTryCount()));
    return wait.compareTo(deadline.get().left()) < 0;
  }

  /** The wait an answer asks for: {@code retry-after-ms}, {@code x-ms-retry-after-ms} or {@code Retry-After} in seconds. */
  static Optional<Duration> serverDelay(HttpResponse response) {
    if (response == null) {
      return Optional.empty();
    }
    for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
      Optional<Duration> ms = number(response.getHeaderValue(HttpHeaderName.fromString(name))).map(Duration::ofMillis);
      if (ms.isPresent()) {
        return ms;
      }
    }
    return number(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)).map(Duration::ofSeconds);
  }

  private static Optional<Long> number(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
