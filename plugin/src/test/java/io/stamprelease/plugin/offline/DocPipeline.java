package io.stamprelease.plugin.offline;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a docs example's or a sample's Pipeline script calls: {@code node}, {@code stage}, {@code parallel},
 * {@code checkout}, {@code readYaml}, {@code fileExists}, {@code withCredentials} with {@code file(…)} bindings,
 * {@code env}, {@code echo}, {@code error}, and the stamp-release steps, each handed to a {@link StepRunner}.
 */
final class DocPipeline extends GroovyObjectSupport {
  /** Runs one step from its named arguments; returns its result or throws its failure, as Pipeline does. */
  interface StepRunner {
    Object run(Map<?, ?> arguments) throws Exception;
  }

  private final Map<String, StepRunner> steps;
  private final List<String> echoed = new ArrayList<>();
  private final List<String> stages = new ArrayList<>();
  private final java.nio.file.Path root;
  private final Map<String, String> env = new java.util.LinkedHashMap<>(Map.of("BUILD_TAG", "jenkins-release-1", "JOB_NAME", "release",
      "BUILD_NUMBER", "1"));
  private final List<String> credentials = new ArrayList<>();

  DocPipeline(Map<String, StepRunner> steps) {
    this(steps, java.nio.file.Path.of(".."));
  }

  /** {@code root}: where {@code readYaml} finds files (the repository root). */
  DocPipeline(Map<String, StepRunner> steps, java.nio.file.Path root) {
    this.steps = steps;
    this.root = root;
  }

  public Object node(String label, Closure<?> body) {
    return body.call();
  }

  public Object stage(String name, Closure<?> body) {
    stages.add(name);
    return body.call();
  }

  /** Runs the branches one after the other (their order does not matter to these scripts); {@code failFast} is an option. */
  public void parallel(Map<?, ?> branches) {
    branches.forEach((name, branch) -> {
      if (branch instanceof Closure<?> c) {
        c.call();
      }
    });
  }

  public void checkout(Object scm) {
  }

  /** {@code readYaml(file: …)} of the pipeline-utility-steps plugin, relative to the repository root. */
  public Object readYaml(Map<?, ?> args) throws java.io.IOException {
    return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(root.resolve(String.valueOf(args.get("file"))).toFile(), Map.class);
  }

  public Map<String, String> getEnv() {
    return env;
  }

  /** {@code fileExists} of Pipeline, relative to the repository root (the workspace after {@code checkout scm}). */
  public boolean fileExists(Object file) {
    return java.nio.file.Files.exists(root.resolve(String.valueOf(file)));
  }

  /** The credentials binding plugin's {@code file(credentialsId:, variable:)}: a binding {@link #withCredentials} applies. */
  public Map<String, Object> file(Map<?, ?> args) {
    return Map.of("credentialsId", String.valueOf(args.get("credentialsId")), "variable", String.valueOf(args.get("variable")));
  }

  /**
   * {@code withCredentials([file(…)]) { … }}: each file binding's variable names a private file (as Jenkins writes the secret
   * file to a temporary path outside the workspace) for the body only; the credential ids used are recorded.
   */
  public Object withCredentials(List<?> bindings, Closure<?> body) {
    List<String> variables = new ArrayList<>();
    for (Object b : bindings) {
      Map<?, ?> binding = (Map<?, ?>) b;
      String variable = String.valueOf(binding.get("variable"));
      credentials.add(String.valueOf(binding.get("credentialsId")));
      env.put(variable, "/var/jenkins/workspace/release@tmp/secretFiles/" + binding.get("credentialsId"));
      variables.add(variable);
    }
    try {
      return body.call();
    } finally {
      variables.forEach(env::remove);
    }
  }

  List<String> credentials() {
    return credentials;
  }

  public String getScm() {
    return "scm";
  }

  List<String> stages() {
    return stages;
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
