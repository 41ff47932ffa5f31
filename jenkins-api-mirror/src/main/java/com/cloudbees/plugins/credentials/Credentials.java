package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** credentials 1491.v6d6145e96e1c: both methods are abstract, so every implementation (an offline fake too) declares them. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
  @CheckForNull
  CredentialsScope getScope();

  @NonNull
  @Override
  CredentialsDescriptor getDescriptor();
}
