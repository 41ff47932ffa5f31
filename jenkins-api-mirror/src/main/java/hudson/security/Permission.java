package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

/** The constants (Jenkins.ADMINISTER, Item.READ, ...) are null here; plugin code only passes them to permission checks. */
public final class Permission {
  private Permission(@NonNull PermissionGroup group, @NonNull String name) {
  }
}
