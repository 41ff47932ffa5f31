package org.jvnet.hudson.reactor;

/** task-reactor 1.9 (Jenkins 2.541.3's BOM): only named by the constructor of {@code Jenkins}. */
public class ReactorException extends Exception {
  ReactorException(Throwable cause) {
    super(cause);
  }
}
