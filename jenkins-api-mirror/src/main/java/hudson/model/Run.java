package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.ACL;
import org.springframework.security.access.AccessDeniedException;

@SuppressWarnings("rawtypes")
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable implements AccessControlled {
  /** The real constructor that only records the job and the time (the others also load or number the build). */
  protected Run(@NonNull JobT job, long timestamp) {
  }

  @NonNull
  public String getExternalizableId() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public <T extends Cause> T getCause(Class<T> type) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public java.util.List<Cause> getCauses() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public Result getResult() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public boolean isBuilding() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public final long getStartTimeInMillis() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public long getDuration() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public String getFullDisplayName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @NonNull
  public JobT getParent() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public synchronized void save() throws java.io.IOException {
    throw new UnsupportedOperationException("signature mirror");
  }

  public String getUrl() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public String getDisplayName() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  @NonNull
  public final String getSearchUrl() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  @NonNull
  public ACL getACL() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
