package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Run;
import java.util.List;

public abstract class CredentialsProvider implements ExtensionPoint {
  public static final hudson.security.Permission USE_ITEM = null;

  /** The overload plugin code binds to (credentials 1491.v6d6145e96e1c, "@since TODO"): not deprecated. */
  @CheckForNull
  public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type, @NonNull Run<?, ?> run) {
    throw new UnsupportedOperationException("signature mirror");
  }

  /** Deprecated in favour of the List overload; a three-argument call binds to the overload above, not to this one. */
  @Deprecated
  public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type, @NonNull Run<?, ?> run,
      com.cloudbees.plugins.credentials.domains.DomainRequirement... domainRequirements) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type, @NonNull Run<?, ?> run,
      @Nullable List<com.cloudbees.plugins.credentials.domains.DomainRequirement> domainRequirements) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
