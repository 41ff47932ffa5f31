package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import org.springframework.security.core.Authentication;

public abstract class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
  public static final Permission ADMINISTER = null;

  protected Jenkins() {
  }

  @NonNull
  public static Jenkins get() throws IllegalStateException {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static Authentication getAuthentication2() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
