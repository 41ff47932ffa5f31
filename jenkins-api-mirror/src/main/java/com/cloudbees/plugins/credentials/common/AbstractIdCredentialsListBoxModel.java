package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials> extends ListBoxModel {
  /** How an item is shown; StandardListBoxModel implements it. */
  @NonNull
  protected abstract String describe(@NonNull C c);

  @NonNull
  public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(@NonNull Authentication authentication, @NonNull ItemGroup context,
      @NonNull Class<? extends C> type, @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(@NonNull Authentication authentication, @NonNull hudson.model.Item context,
      @NonNull Class<? extends C> type, @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) {
    throw new UnsupportedOperationException("signature mirror");
  }

  public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
