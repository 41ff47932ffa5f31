package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.TerminalException;
import java.time.Duration;
import java.util.Set;

/** A resource delete as two non-blocking halves: send it (remember the monitor URL), then look at it. */
final class ArmDeletes {
  /** Refusals that only mean "the VM has not let go yet": ask again later. */
  private static final Set<String> STILL_ATTACHED = Set.of("NicInUse", "OperationNotAllowed");

  sealed interface Started {
    record Done() implements Started {
    }

    record InFlight(String monitorUrl, Duration retryAfter) implements Started {
    }

    record NotYet(String reason) implements Started {
    }
  }

  private ArmDeletes() {
  }

  static Started start(ArmClient arm, String id, String type) {
    try {
      ArmResponse response = arm.delete(id, type);
      if (response.status() == 202 || response.status() == 201) {
        return LroPoller.monitorUrl(response).<Started>map(url -> new Started.InFlight(url, response.retryAfter().orElse(Duration.ofSeconds(10))))
            .orElseGet(Started.Done::new);
      }
      return new Started.Done(); // 200 or 204: gone, or never there
    } catch (ArmCallException e) {
      if (e.notFound()) {
        return new Started.Done();
      }
      if (STILL_ATTACHED.contains(e.code())) {
        return new Started.NotYet(e.getMessage());
      }
      throw e;
    }
  }

  /** True when the delete finished; throws with ARM's error when it failed. */
  static LroStatus poll(ArmClient arm, String monitorUrl, String what) {
    LroStatus status = LroPoller.poll(arm, monitorUrl, Duration.ofSeconds(10));
    if (status.state() == LroStatus.State.FAILED || status.state() == LroStatus.State.CANCELED) {
      String error = status.error() == null ? "" : ": " + status.error().path("code").asText() + ": " + status.error().path("message").asText();
      throw new TerminalException("deleting " + what + " ended " + status.state() + error);
    }
    return status;
  }
}
