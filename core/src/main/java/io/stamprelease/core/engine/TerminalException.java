package io.stamprelease.core.engine;

/** Stop: a message for the user, no stack trace needed (the Jenkins adapter turns it into AbortException). */
public class TerminalException extends RuntimeException {
  public TerminalException(String message) {
    super(message);
  }

  public TerminalException(String message, Throwable cause) {
    super(message, cause);
  }
}
