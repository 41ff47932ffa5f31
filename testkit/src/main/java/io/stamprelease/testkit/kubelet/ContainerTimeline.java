package io.stamprelease.testkit.kubelet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one simulated container looks like at a given time after its pod was bound to a node. A pure function of
 * (behaviour, settings, elapsed), so the kubelet can recompute it at any moment and always converge on the same
 * status; {@link Snapshot#nextChange()} says when to look again.
 */
final class ContainerTimeline {

  /** Status of the container; offsets are durations since the pod was bound. */
  sealed interface State permits Waiting, Running, Terminated {
  }

  record Waiting(String reason, String message) implements State {
  }

  record Running(Duration startedAt) implements State {
  }

  record Terminated(int exitCode, String reason, String message, Duration startedAt, Duration finishedAt) implements State {
  }

  enum Outcome { SUCCEEDED, FAILED }

  /** An event that has happened; {@code key} is unique per occurrence so the kubelet reports it once. */
  record Happened(String key, String type, String reason, String message) {
  }

  record Snapshot(State state, Terminated lastState, int restartCount, boolean started, boolean ready, Outcome outcome,
                  Duration nextChange, List<Happened> events) {
  }

  static final String PANIC = "panic: runtime error: invalid memory address or nil pointer dereference\n"
      + "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2f1c]";

  private final PodBehavior behavior;
  private final SimulatorSettings settings;
  private final boolean runsToCompletion;
  private final String container;
  private final String image;
  private final String podRef;          // "<pod>_<ns>(<uid>)" as the kubelet prints it
  private final String missingConfig;   // e.g. secret "db" not found

  ContainerTimeline(PodBehavior behavior, SimulatorSettings settings, boolean runsToCompletion, String container,
                    String image, String podRef, String missingConfig) {
    this.behavior = behavior;
    this.settings = settings;
    this.runsToCompletion = runsToCompletion;
    this.container = container;
    this.image = image;
    this.podRef = podRef;
    this.missingConfig = missingConfig;
  }

  Snapshot at(Duration elapsed) {
    return switch (behavior.kind()) {
      case HEALTHY, SLOW, NEVER_READY -> healthy(elapsed);
      case UNHEALTHY_AFTER -> unhealthyAfter(elapsed);
      case CRASHLOOP -> crashLoop(elapsed);
      case IMAGE_PULL_ERROR -> imagePullError(elapsed);
      case CONFIG_ERROR -> configError(elapsed);
      case INVALID_IMAGE_NAME -> invalidImageName();
    };
  }

  private Duration start() {
    return settings.podStartDelay();
  }

  private Duration readyAfter() {
    return behavior.kind() == PodBehavior.Kind.SLOW ? behavior.duration() : settings.readinessDelay();
  }

  private Snapshot creating(Duration elapsed, List<Happened> events) {
    return new Snapshot(new Waiting("ContainerCreating", null), null, 0, false, false, null, start().minus(elapsed), events);
  }

  private void pulledAndStarted(List<Happened> events, int restart) {
    String pulled = restart == 0 ? "Successfully pulled image \"" + image + "\" in " + PodBehavior.goDuration(start())
        : "Container image \"" + image + "\" already present on machine";
    events.add(new Happened("Pulled#" + restart, "Normal", "Pulled", pulled));
    events.add(new Happened("Created#" + restart, "Normal", "Created", "Created container " + container));
    events.add(new Happened("Started#" + restart, "Normal", "Started", "Started container " + container));
  }

  private List<Happened> pulling() {
    List<Happened> events = new ArrayList<>();
    events.add(new Happened("Pulling#0", "Normal", "Pulling", "Pulling image \"" + image + "\""));
    return events;
  }

  private Snapshot healthy(Duration e) {
    List<Happened> events = pulling();
    if (e.compareTo(start()) < 0) {
      return creating(e, events);
    }
    pulledAndStarted(events, 0);
    Duration readyAt = start().plus(readyAfter());
    if (runsToCompletion) {
      if (e.compareTo(readyAt) < 0) {
        return new Snapshot(new Running(start()), null, 0, true, true, null, readyAt.minus(e), events);
      }
      return new Snapshot(new Terminated(0, "Completed", null, start(), readyAt), null, 0, false, false,
          Outcome.SUCCEEDED, null, events);
    }
    boolean neverReady = behavior.kind() == PodBehavior.Kind.NEVER_READY;
    boolean ready = !neverReady && e.compareTo(readyAt) >= 0;
    Duration next = neverReady || ready ? null : readyAt.minus(e);
    return new Snapshot(new Running(start()), null, 0, true, ready, null, next, events);
  }

  /** Cycle: running not ready (readinessDelay) → Ready (duration) → probe failing (readinessDelay) → restart. */
  private Snapshot unhealthyAfter(Duration e) {
    List<Happened> events = pulling();
    if (e.compareTo(start()) < 0) {
      return creating(e, events);
    }
    Duration r = settings.readinessDelay();
    Duration d = behavior.duration();
    long cycleMs = Math.max(1, r.plus(d).plus(r).toMillis());
    long sinceStart = e.minus(start()).toMillis();
    int k = (int) (sinceStart / cycleMs);
    long offset = sinceStart - (long) k * cycleMs;
    for (int i = 0; i <= k; i++) {
      pulledAndStarted(events, i);
      if (i < k || offset >= r.plus(d).toMillis()) {
        events.add(new Happened("Unhealthy#" + i, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500"));
      }
      if (i < k) {
        events.add(new Happened("Killing#" + i, "Normal", "Killing",
            "Container " + container + " failed liveness probe, will be restarted"));
      }
    }
    Duration cycleStartAt = start().plusMillis((long) k * cycleMs);
    Terminated last = k == 0 ? null : new Terminated(137, "Error", null,
        start().plusMillis((long) (k - 1) * cycleMs), cycleStartAt);
    boolean ready = offset >= r.toMillis() && offset < r.plus(d).toMillis();
    long nextOffset = offset < r.toMillis() ? r.toMillis() : offset < r.plus(d).toMillis() ? r.plus(d).toMillis() : cycleMs;
    return new Snapshot(new Running(cycleStartAt), last, k, true, ready, null, Duration.ofMillis(nextOffset - offset), events);
  }

  private Duration backoff(int k) {
    long base = settings.crashBackoffBase().toMillis();
    return Duration.ofMillis(Math.min(base << Math.min(k, 20), base * 30));
  }

  /** Cycle k: runs for readinessDelay, exits 1, waits backoff(k) in CrashLoopBackOff, restarts. */
  private Snapshot crashLoop(Duration e) {
    List<Happened> events = pulling();
    if (e.compareTo(start()) < 0) {
      return creating(e, events);
    }
    Duration run = settings.readinessDelay();
    if (runsToCompletion) {
      pulledAndStarted(events, 0);
      Duration crashAt = start().plus(run);
      if (e.compareTo(crashAt) < 0) {
        return new Snapshot(new Running(start()), null, 0, true, false, null, crashAt.minus(e), events);
      }
      return new Snapshot(new Terminated(1, "Error", PANIC, start(), crashAt), null, 0, false, false,
          Outcome.FAILED, null, events);
    }
    Duration cycleStart = start();
    Terminated last = null;
    for (int k = 0; ; k++) {
      pulledAndStarted(events, k);
      Duration crashAt = cycleStart.plus(run);
      if (e.compareTo(crashAt) < 0) {
        return new Snapshot(new Running(cycleStart), last, k, true, false, null, crashAt.minus(e), events);
      }
      last = new Terminated(1, "Error", PANIC, cycleStart, crashAt);
      events.add(new Happened("BackOff#" + k, "Warning", "BackOff",
          "Back-off restarting failed container " + container + " in pod " + podRef));
      Duration restartAt = crashAt.plus(backoff(k));
      if (e.compareTo(restartAt) < 0) {
        String msg = "back-off " + PodBehavior.goDuration(backoff(k)) + " restarting failed container=" + container
            + " pod=" + podRef;
        return new Snapshot(new Waiting("CrashLoopBackOff", msg), last, k, false, false, null, restartAt.minus(e), events);
      }
      cycleStart = restartAt;
    }
  }

  /** Cycle k: ErrImagePull for podStartDelay, then ImagePullBackOff for backoff(k); the pod stays Pending. */
  private Snapshot imagePullError(Duration e) {
    List<Happened> events = pulling();
    if (e.compareTo(start()) < 0) {
      return creating(e, events);
    }
    String pullError = "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image
        + "\": failed to resolve reference \"" + image + "\": " + image + ": not found";
    Duration cycleStart = start();
    for (int k = 0; ; k++) {
      if (k > 0) {
        events.add(new Happened("Pulling#" + k, "Normal", "Pulling", "Pulling image \"" + image + "\""));
      }
      events.add(new Happened("Failed#" + k, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + pullError));
      events.add(new Happened("ErrImagePull#" + k, "Warning", "Failed", "Error: ErrImagePull"));
      Duration backOffAt = cycleStart.plus(start());
      if (e.compareTo(backOffAt) < 0) {
        return new Snapshot(new Waiting("ErrImagePull", pullError), null, 0, false, false, null, backOffAt.minus(e), events);
      }
      events.add(new Happened("BackOff#" + k, "Normal", "BackOff", "Back-off pulling image \"" + image + "\""));
      events.add(new Happened("ImagePullBackOff#" + k, "Warning", "Failed", "Error: ImagePullBackOff"));
      Duration retryAt = backOffAt.plus(backoff(k));
      if (e.compareTo(retryAt) < 0) {
        return new Snapshot(new Waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), null, 0,
            false, false, null, retryAt.minus(e), events);
      }
      cycleStart = retryAt;
    }
  }

  private Snapshot configError(Duration e) {
    List<Happened> events = pulling();
    if (e.compareTo(start()) < 0) {
      return creating(e, events);
    }
    events.add(new Happened("Pulled#0", "Normal", "Pulled",
        "Successfully pulled image \"" + image + "\" in " + PodBehavior.goDuration(start())));
    events.add(new Happened("Failed#0", "Warning", "Failed", "Error: " + missingConfig));
    return new Snapshot(new Waiting("CreateContainerConfigError", missingConfig), null, 0, false, false, null, null, events);
  }

  private Snapshot invalidImageName() {
    String msg = "Failed to apply default image tag \"" + image + "\": couldn't parse image reference \"" + image
        + "\": invalid reference format";
    List<Happened> events = new ArrayList<>();
    events.add(new Happened("InspectFailed#0", "Warning", "InspectFailed", msg));
    events.add(new Happened("Failed#0", "Warning", "Failed", "Error: InvalidImageName"));
    return new Snapshot(new Waiting("InvalidImageName", msg), null, 0, false, false, null, null, events);
  }
}
