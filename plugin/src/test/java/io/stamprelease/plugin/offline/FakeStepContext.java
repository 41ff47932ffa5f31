package io.stamprelease.plugin.offline;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.TaskListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context without Jenkins: hands out a {@link RecordingListener}, records how the step completed, and
 * counts saveState calls. Serializable like the real one (the listener is re-created after deserialization).
 */
final class FakeStepContext extends StepContext {
  private static final long serialVersionUID = 1L;

  private transient RecordingListener listener = new RecordingListener();
  private transient AtomicInteger saves = new AtomicInteger();
  private Object result;
  private Throwable failure;
  private boolean completed;

  @Override
  public <T> T get(Class<T> key) {
    if (key == TaskListener.class) {
      return key.cast(listener());
    }
    return null;
  }

  RecordingListener listener() {
    if (listener == null) {
      listener = new RecordingListener();
    }
    return listener;
  }

  @Override
  public void onSuccess(Object value) {
    completed = true;
    result = value;
  }

  @Override
  public void onFailure(Throwable t) {
    completed = true;
    failure = t;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public ListenableFuture<Void> saveState() {
    if (saves == null) {
      saves = new AtomicInteger();
    }
    saves.incrementAndGet();
    return Futures.immediateVoidFuture();
  }

  boolean completed() {
    return completed;
  }

  Object result() {
    return result;
  }

  Throwable failure() {
    return failure;
  }

  int saves() {
    return saves == null ? 0 : saves.get();
  }
}
