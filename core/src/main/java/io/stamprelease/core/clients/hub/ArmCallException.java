package io.stamprelease.core.clients.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.stamprelease.core.engine.TerminalException;

/** An ARM error answer (4xx) with its unlocalized code, e.g. {@code ResourceGroupNotFound}, {@code InvalidTemplate}. */
public class ArmCallException extends TerminalException {
  private final int status;
  private final String code;
  private final transient JsonNode error;

  public ArmCallException(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** @param error the answer's {@code error} object ({@code code}, {@code message}, {@code details}), or null */
  public ArmCallException(int status, String code, String message, JsonNode error) {
    super(message);
    this.status = status;
    this.code = code;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The answer's {@code error} object with its nested {@code details}, or null when it had none. */
  public JsonNode error() {
    return error;
  }

  public boolean notFound() {
    return status == 404;
  }
}
