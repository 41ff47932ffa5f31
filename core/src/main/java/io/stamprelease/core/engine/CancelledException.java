package io.stamprelease.core.engine;

/** The step was asked to stop and stopped. */
public class CancelledException extends RuntimeException {
  public CancelledException(String message) {
    super(message);
  }
}
