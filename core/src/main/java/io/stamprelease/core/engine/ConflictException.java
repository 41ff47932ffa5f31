package io.stamprelease.core.engine;

/** Someone else changed the resource (412, 409): re-read and try again, a bounded number of times. */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
