package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import org.jvnet.hudson.reactor.ReactorException;
import org.springframework.security.core.Authentication;

/** A concrete class, as the real one: no subclass is needed to name it, and none can be made without a real constructor. */
public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
  public static final Permission ADMINISTER = null;

  protected Jenkins(File root, ServletContext context) throws IOException, InterruptedException, ReactorException {
  }

  /** The one body here that answers: no Jenkins runs in an offline test, which is what the real method says then. */
  @CheckForNull
  public static Jenkins getInstanceOrNull() {
    return null;
  }

  @NonNull
  public static Jenkins get() throws IllegalStateException {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public static Authentication getAuthentication2() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getFullName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  @NonNull
  public ACL getACL() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
