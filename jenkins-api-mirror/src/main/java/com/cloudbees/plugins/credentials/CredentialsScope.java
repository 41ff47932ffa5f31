package com.cloudbees.plugins.credentials;

import hudson.model.ModelObject;
import java.io.Serializable;

/** The real constants carry their own bodies of the two abstract methods. */
public enum CredentialsScope implements Serializable {
  SYSTEM {
    @Override
    public String getDisplayName() {
      throw new UnsupportedOperationException("signature mirror");
    }

    @Override
    public boolean isVisible(ModelObject context) {
      throw new UnsupportedOperationException("signature mirror");
    }
  },
  GLOBAL {
    @Override
    public String getDisplayName() {
      throw new UnsupportedOperationException("signature mirror");
    }

    @Override
    public boolean isVisible(ModelObject context) {
      throw new UnsupportedOperationException("signature mirror");
    }
  },
  USER {
    @Override
    public String getDisplayName() {
      throw new UnsupportedOperationException("signature mirror");
    }

    @Override
    public boolean isVisible(ModelObject context) {
      throw new UnsupportedOperationException("signature mirror");
    }
  };

  public abstract String getDisplayName();

  public abstract boolean isVisible(ModelObject context);
}
