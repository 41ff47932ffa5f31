package io.stamprelease.core.engine;

/** What a task's execution says about its work (Spinnaker Orca's task statuses, narrowed). */
public enum TaskStatus {
  /** Not done yet: call again after the result's {@code retryAfter}. */
  RUNNING,
  /** Done; the engine moves to the next task. */
  SUCCEEDED,
  /** The operation failed (e.g. the deployment ended Failed, the rollout was rolled back). */
  FAILED,
  /** Cannot go on: the world is not in a state this step can handle; the message says why. */
  TERMINAL;

  public boolean finished() {
    return this != RUNNING;
  }
}
