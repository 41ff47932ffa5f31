package org.jenkinsci.remoting;

/** Named by {@link RoleChecker#check}. */
public final class Role {
  public Role(String name) {
  }

  public Role(Class<?> name) {
  }
}
