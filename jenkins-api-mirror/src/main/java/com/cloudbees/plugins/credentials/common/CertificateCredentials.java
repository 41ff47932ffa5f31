package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.security.KeyStore;

public interface CertificateCredentials extends Credentials {
  @NonNull
  KeyStore getKeyStore();

  @NonNull
  Secret getPassword();
}
