package io.stamprelease.plugin.agent;

import hudson.AbortException;
import hudson.model.Run;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * One step execution's place in the controller's {@link OneWriter} registry, persisted with the execution: who it is,
 * its {@code concurrent:} mode, the key it holds (taken again when the step resumes after a restart) and the holder it
 * last waited for (left to take its key again first after a restart, while that holder's build still runs).
 */
public final class WriterSlot implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where {@link #admit} leaves the step: it holds its target's key, or it waits for it. */
  public enum Admission {
    ADMITTED, WAITING
  }

  private final String owner = UUID.randomUUID().toString();
  private final OneWriter.Mode mode;
  private OneWriter.Holder holding;
  private OneWriter.Holder waitingFor;
  private transient volatile boolean resumed;

  public WriterSlot(OneWriter.Mode mode) {
    this.mode = mode == null ? OneWriter.Mode.WAIT : mode;
  }

  /**
   * Takes {@code target}'s key for {@code run}'s step, or finds it held by another step: then, with {@code wait}, one
   * line goes to {@code log} per new holder and {@code save} is called (the holder is persisted); with {@code fail},
   * the {@link AbortException} naming the holder is thrown. {@code save} is also called once the key is taken.
   */
  public synchronized Admission admit(OneWriter.Target target, Run<?, ?> run, PrintStream log, Runnable save) throws AbortException {
    if (holding != null) {
      return Admission.ADMITTED;
    }
    OneWriter.Decision d = OneWriter.CONTROLLER.take(target, OneWriter.Holder.of(owner, run, Instant.now()), run::isBuilding, resumed ? waitingFor : null);
    if (d.live()) {
      resumed = false;
    }
    if (d.taken()) {
      holding = OneWriter.CONTROLLER.holder(target).orElseThrow();
      waitingFor = null;
      save.run();
      return Admission.ADMITTED;
    }
    OneWriter.Holder other = d.other().orElseThrow();
    if (mode == OneWriter.Mode.FAIL) {
      throw OneWriter.refusal(target, other);
    }
    if (!other.equals(waitingFor)) {
      waitingFor = other;
      log.println(OneWriter.waitingLine(target, other));
      save.run();
    }
    return Admission.WAITING;
  }

  /**
   * The step resumes after a controller restart: a key it held is its own again (a step that took it meanwhile is
   * named in {@code log}); a step that was waiting defers to the holder it saw while that one's build still runs.
   */
  public synchronized void resumed(OneWriter.Target target, Run<?, ?> run, PrintStream log) {
    if (holding == null) {
      resumed = waitingFor != null;
      return;
    }
    OneWriter.CONTROLLER.reclaim(target, holding, run::isBuilding).ifPresent(other -> log.println("[" + target.step() + "] " + other.describe()
        + " took the key of " + target.subject() + " on " + target.stamp() + " while this build was resuming; both now write to it"));
  }

  /** Gives the key back (the step has ended, failed or been stopped). */
  public synchronized void release(OneWriter.Target target) {
    if (holding != null) {
      OneWriter.CONTROLLER.release(target, owner);
      holding = null;
    }
  }

  /** The build this step waits for, for the status; null when it holds its key or has not asked yet. */
  public synchronized String waitingFor() {
    return holding == null && waitingFor != null ? waitingFor.name() : null;
  }

  public OneWriter.Mode mode() {
    return mode;
  }
}
