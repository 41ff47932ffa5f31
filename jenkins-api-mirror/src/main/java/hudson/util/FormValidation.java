package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
  private FormValidation(Kind kind) {
  }

  public enum Kind {
    OK, WARNING, ERROR
  }

  public abstract String renderHtml();

  public static FormValidation ok() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation error(String message) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation warning(String message) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation validateRequired(String value) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation validateIntegerInRange(String value, int lower, int upper) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation validateNonNegativeInteger(String value) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public static FormValidation validatePositiveInteger(String value) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
