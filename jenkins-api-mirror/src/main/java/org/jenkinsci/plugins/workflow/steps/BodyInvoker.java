package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Named by {@link StepContext#newBodyInvoker()}, so a StepContext implementation must declare that method. */
public abstract class BodyInvoker {
  public abstract BodyInvoker withContext(Object override);

  public abstract BodyInvoker withDisplayName(@NonNull String name);

  public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

  public abstract BodyExecution start();
}
