package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;

public class CredentialsMatchers {
  private CredentialsMatchers() {
  }

  @NonNull
  public static CredentialsMatcher instanceOf(@NonNull Class clazz) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
