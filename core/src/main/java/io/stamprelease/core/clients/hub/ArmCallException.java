package io.stamprelease.core.clients.hub;

import io.stamprelease.core.engine.TerminalException;

/** An ARM error answer (4xx) with its unlocalized code, e.g. {@code ResourceGroupNotFound}, {@code InvalidTemplate}. */
public class ArmCallException extends TerminalException {
  private final int status;
  private final String code;

  public ArmCallException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean notFound() {
    return status == 404;
  }
}
