package io.stamprelease.plugin.offline;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a docs example's Pipeline script calls: {@code node(label) { … }}, {@code echo}, {@code error}, and the
 * stamp-release steps, each run for real against the simulated stamp by a {@link StepRunner}.
 */
final class DocPipeline extends GroovyObjectSupport {
  /** Runs one step from its named arguments; returns its result or throws its failure, as Pipeline does. */
  interface StepRunner {
    Object run(Map<?, ?> arguments) throws Exception;
  }

  private final Map<String, StepRunner> steps;
  private final List<String> echoed = new ArrayList<>();

  DocPipeline(Map<String, StepRunner> steps) {
    this.steps = steps;
  }

  public Object node(String label, Closure<?> body) {
    return body.call();
  }

  public void echo(Object message) {
    echoed.add(String.valueOf(message));
  }

  public void error(Object message) throws hudson.AbortException {
    throw new hudson.AbortException(String.valueOf(message));
  }

  @Override
  public Object invokeMethod(String name, Object args) {
    StepRunner runner = steps.get(name);
    Object[] a = args instanceof Object[] array ? array : new Object[] {args};
    if (runner == null) {
      return getMetaClass().invokeMethod(this, name, args);
    }
    if (a.length != 1 || !(a[0] instanceof Map<?, ?> named)) {
      throw new MissingMethodException(name, DocPipeline.class, a);
    }
    try {
      return runner.run(named);
    } catch (Exception e) {
      throw DocPipeline.<RuntimeException>sneaky(e); // the step's AbortException reaches the script's catch as in Pipeline
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  List<String> echoed() {
    return echoed;
  }
}
