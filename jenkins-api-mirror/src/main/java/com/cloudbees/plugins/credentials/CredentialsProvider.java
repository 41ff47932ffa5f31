package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Run;

public abstract class CredentialsProvider implements ExtensionPoint {
  public static final hudson.security.Permission USE_ITEM = null;

  protected CredentialsProvider() {
  }

  @CheckForNull
  public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type, @NonNull Run<?, ?> run,
      com.cloudbees.plugins.credentials.domains.DomainRequirement... domainRequirements) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
