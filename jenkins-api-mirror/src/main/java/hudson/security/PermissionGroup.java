package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.jvnet.localizer.Localizable;

/** Named only by the (private) constructor of {@link Permission}. */
public final class PermissionGroup {
  public PermissionGroup(@NonNull Class owner, Localizable title) throws IllegalStateException {
  }
}
