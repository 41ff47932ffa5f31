package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public abstract class StepExecution implements Serializable {
  private static final long serialVersionUID = 1L;

  // Mirrors the real field and accessor: subclasses reach their context only through getContext().
  private StepContext context;

  protected StepExecution(@NonNull StepContext context) {
    this.context = context;
  }

  @NonNull
  public StepContext getContext() {
    return context;
  }

  public abstract boolean start() throws Exception;

  public void stop(@NonNull Throwable cause) throws Exception {
    throw new UnsupportedOperationException("signature mirror");
  }

  public void onResume() {
    throw new UnsupportedOperationException("signature mirror");
  }

  @CheckForNull
  public String getStatus() {
    throw new UnsupportedOperationException("signature mirror");
  }

  public boolean blocksRestart() {
    throw new UnsupportedOperationException("signature mirror");
  }
}
