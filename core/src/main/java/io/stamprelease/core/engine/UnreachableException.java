package io.stamprelease.core.engine;

/** A hub cannot be reached or authenticated to (CLI exit code 3); the message names the hub and endpoint. */
public class UnreachableException extends TerminalException {
  public UnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
