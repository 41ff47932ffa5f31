package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/** Every abstract member of the real class (workflow-step-api 710.v3e456cc85233), so a fake context must declare them all. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
  private static final long serialVersionUID = 1L;

  @CheckForNull
  public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

  @Override
  public abstract void onSuccess(@Nullable Object result);

  public abstract boolean isReady();

  public abstract ListenableFuture<Void> saveState();

  public abstract void setResult(Result r);

  public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

  @Override
  public abstract boolean equals(Object o);

  @Override
  public abstract int hashCode();
}
