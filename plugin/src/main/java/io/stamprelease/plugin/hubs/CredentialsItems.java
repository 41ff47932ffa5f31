package io.stamprelease.plugin.hubs;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;

/** The credentials drop-down of a global configuration entry (a hub, a GSLB). */
final class CredentialsItems {
  private CredentialsItems() {
  }

  /** Only administrators may list the system's credentials; anyone else sees just the current value. */
  static ListBoxModel forAdministrators(String current, CredentialsMatcher matcher) {
    StandardListBoxModel model = new StandardListBoxModel();
    String value = current == null ? "" : current;
    if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
      model.includeCurrentValue(value);
      return model;
    }
    model.includeEmptyValue();
    model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher);
    model.includeCurrentValue(value);
    return model;
  }
}
