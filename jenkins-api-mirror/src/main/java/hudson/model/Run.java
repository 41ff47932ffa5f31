package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;

@SuppressWarnings("rawtypes")
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable implements AccessControlled {
  protected Run() {
  }

  @NonNull
  public String getExternalizableId() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public static Run<?, ?> fromExternalizableId(String id) {
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
  public void checkPermission(@NonNull Permission permission) {
    throw new UnsupportedOperationException("signature mirror");
  }

  @Override
  public boolean hasPermission(@NonNull Permission permission) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
