package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/**
 * The constants only: the real enum's two abstract methods (getDisplayName, isVisible) have per-constant bodies there,
 * no code here calls them, and an enum cannot be extended, so leaving them out lets nothing compile that would not.
 */
public enum CredentialsScope implements Serializable {
  SYSTEM, GLOBAL, USER
}
