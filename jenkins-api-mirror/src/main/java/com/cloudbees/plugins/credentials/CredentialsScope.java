package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/**
 * The constants. Each has a body, as in the real enum (which makes it {@code sealed}, not {@code final}); the real
 * bodies implement two abstract methods (getDisplayName, isVisible) that no code here calls and no class here can
 * implement (an enum cannot be extended), so they are left out.
 */
public enum CredentialsScope implements Serializable {
  SYSTEM {
  },
  GLOBAL {
  },
  USER {
  }
}
