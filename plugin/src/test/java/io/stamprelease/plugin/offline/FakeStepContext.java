package io.stamprelease.plugin.offline;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step context without Jenkins: hands out a {@link RecordingListener}, records how the step completed, and
 * counts saveState calls. Serializable like the real one (the listener is re-created after deserialization). It
 * implements every abstract member of the real {@code StepContext} (workflow-step-api 710.v3e456cc85233): equality
 * is by an id that survives serialization, as a persisted context stays equal to itself; no step of this plugin
 * takes a body, so {@link #newBodyInvoker()} refuses as the real one does when there is no body. A context made with a
 * build hands it out as {@code Run} (not persisted: the real context finds its build again after a restart).
 */
final class FakeStepContext extends StepContext {
  private static final long serialVersionUID = 1L;

  private transient RecordingListener listener = new RecordingListener();
  private transient AtomicInteger saves = new AtomicInteger();
  private final String id = UUID.randomUUID().toString();
  private Object result;
  private Result buildResult;
  private Throwable failure;
  private boolean completed;
  private transient Run<?, ?> run;

  FakeStepContext() {
  }

  /** The context of a step of {@code run}. */
  FakeStepContext(Run<?, ?> run) {
    this.run = run;
  }

  @Override
  public <T> T get(Class<T> key) {
    if (key == TaskListener.class) {
      return key.cast(listener());
    }
    if (key == Run.class) {
      return key.cast(run);
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

  @Override
  public void setResult(Result r) {
    buildResult = r;
  }

  @Override
  public BodyInvoker newBodyInvoker() {
    throw new IllegalStateException("this step was not called with a body");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FakeStepContext other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** The build result a step set (null: none). */
  Result buildResult() {
    return buildResult;
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
