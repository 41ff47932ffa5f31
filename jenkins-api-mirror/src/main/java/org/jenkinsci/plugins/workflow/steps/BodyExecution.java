package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;

public abstract class BodyExecution implements Future<Object>, Serializable {
  private static final long serialVersionUID = 1L;

  public abstract Collection<StepExecution> getCurrentExecutions();

  @Deprecated
  @Override
  public boolean cancel(boolean b) {
    throw new UnsupportedOperationException("signature mirror");
  }
}
