package io.stamprelease.core.steps.aksescale;

import io.stamprelease.core.clients.arm.LroOperation;
import io.stamprelease.core.clients.arm.LroPoller;
import io.stamprelease.core.clients.arm.LroStatus;
import io.stamprelease.core.clients.hub.ArmCallException;
import io.stamprelease.core.clients.hub.ArmClient;
import io.stamprelease.core.clients.hub.ArmResponse;
import io.stamprelease.core.engine.TerminalException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A resource delete as two non-blocking halves: send it (keep its LRO), then look at it through {@link LroPoller}. */
final class ArmDeletes {
  /** Refusals that only mean "the VM has not let go yet": ask again later. */
  private static final Set<String> STILL_ATTACHED = Set.of("NicInUse", "OperationNotAllowed");

  sealed interface Started {
    record Done() implements Started {
    }

    record InFlight(LroOperation operation) implements Started {
    }

    record NotYet(String reason) implements Started {
    }
  }

  private ArmDeletes() {
  }

  static Started start(ArmClient arm, String id, String type, Instant now) {
    try {
      ArmResponse response = arm.delete(id, type);
      if (response.status() == 202 || response.status() == 201) {
        Optional<LroOperation> op = LroPoller.started(response, null, type, now);
        return op.<Started>map(Started.InFlight::new).orElseGet(Started.Done::new);
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

  /** One look at the delete; throws with ARM's root cause when it failed. A failed status read is only reported. */
  static LroStatus poll(ArmClient arm, LroOperation op, String what, Instant now, Duration pollInterval) {
    LroStatus status = LroPoller.poll(arm, op, now, pollInterval);
    if (status.state() == LroStatus.State.FAILED || status.state() == LroStatus.State.CANCELED) {
      throw new TerminalException("deleting " + what + " ended " + (status.state() == LroStatus.State.FAILED ? "Failed" : "Canceled")
          + (status.error() == null ? "" : ": " + status.errorText()));
    }
    return status;
  }
}
