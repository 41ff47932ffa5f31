package io.stamprelease.core.engine;

/** A problem worth retrying (throttling, 5xx, a dropped connection): the engine backs off and calls again. */
public class TransientException extends RuntimeException {
  public TransientException(String message) {
    super(message);
  }

  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
