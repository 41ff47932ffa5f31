package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

public interface AccessControlled {
  default void checkPermission(@NonNull Permission permission) {
    throw new UnsupportedOperationException("signature mirror");
  }

  default boolean hasPermission(@NonNull Permission permission) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
