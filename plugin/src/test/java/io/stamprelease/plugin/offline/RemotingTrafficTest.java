package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.stamprelease.core.engine.Checkpoint;
import io.stamprelease.core.engine.Outcome;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.core.input.Problem;
import io.stamprelease.core.steps.aksedeploy.AkseDeployInput;
import io.stamprelease.core.steps.aksescale.AkseScaleResult;
import io.stamprelease.plugin.agent.AgentResult;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What crosses the Remoting channel between the controller and the hub's agent. Every agent call of the offline tests
 * goes through {@link RemotingChannel} (the callable, its result or its exception serialized and read back through the
 * controller's JEP-200 filter), so their scenarios prove the traffic they produce; this class adds what they cannot:
 * a walk over the declared types of every callable the plugin has — its fields, the state types its generic parameters
 * name, its result — so that a field nobody's scenario fills is checked too, and the filter model's own cases.
 */
@DisplayName("Remoting: what crosses the channel is Serializable and passes Jenkins' JEP-200 filter")
class RemotingTrafficTest {
  private static final Path PLUGIN_CLASSES = Path.of("target", "classes");
  private static final Set<String> WALKED = new LinkedHashSet<>();

  /** Every concrete class of the plugin that is sent to an agent (a FileCallable or a Remoting Callable). */
  static List<Class<?>> callables() throws IOException {
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(PLUGIN_CLASSES.resolve("io/stamprelease/plugin"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = PLUGIN_CLASSES.relativize(f).toString().replace(File.separatorChar, '.').replaceFirst("\\.class$", "");
        Class<?> c;
        try {
          c = Class.forName(name, false, RemotingTrafficTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        if (!Modifier.isAbstract(c.getModifiers()) && !c.isInterface()
            && (FilePath.FileCallable.class.isAssignableFrom(c) || hudson.remoting.Callable.class.isAssignableFrom(c))) {
          out.add(c);
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("finds the plugin's agent calls: akseDeploy, akseScale, trafficShift, helmRollout and the cancels")
  void findsTheCallables() throws IOException {
    // Given / When
    List<String> names = callables().stream().map(Class::getSimpleName).toList();
    // Then: the walk below must not pass on an empty list
    assertThat(names).contains("AkseDeployCallable", "AkseDeployCancel", "AkseScaleCallable", "TrafficShiftCallable", "HelmRolloutCallable", "Cancel");
  }

  @Test
  @DisplayName("every field a callable carries, every state its type parameters name and every result type is Serializable, "
      + "stamp-release-core's classes among them listed in the plugin's ClassFilter")
  void declaredTypesAreSerializable() throws IOException {
    // Given
    WALKED.clear();
    List<String> problems = new ArrayList<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    // When
    for (Class<?> callable : callables()) {
      walk(callable, Map.of(), callable.getSimpleName(), seen, problems);
      Type result = resolve(FilePath.FileCallable.class.getTypeParameters()[0], callable);
      if (result == null) {
        result = resolve(hudson.remoting.Callable.class.getTypeParameters()[0], callable);
      }
      walkType(result, bindings(callable), callable.getSimpleName() + " result", seen, problems);
    }
    // Then
    assertThat(problems).isEmpty();
    assertThat(seen).as("the walk reached the states and results").extracting(Class::getSimpleName)
        .contains("AgentHub", "AgentGslb", "Checkpoint", "AkseDeployState", "ScaleState", "TrafficShiftState", "HelmRolloutState", "AgentResult");
  }

  @Test
  @DisplayName("the channel refuses a bundled library's class that the plugin's ClassFilter does not list, as Jenkins does")
  void refusesUnlistedLibraryClasses() {
    // Given a Serializable Jackson node (jackson-databind is a library jar, not a plugin; the node crosses as NodeSerialization)
    TextNode value = new TextNode("x");
    // When / Then
    assertThatThrownBy(() -> RemotingChannel.cross(value, "agent to controller")).isInstanceOf(SecurityException.class)
        .hasMessageStartingWith("Rejected: com.fasterxml.jackson.databind.node.").hasMessageContaining("hudson.remoting.ClassFilter");
  }

  @Test
  @DisplayName("the channel refuses a JDK class that core's JEP-200 whitelist does not have")
  void refusesUnlistedJdkClasses() {
    assertThatThrownBy(() -> RemotingChannel.cross(new AtomicInteger(1), "agent to controller")).isInstanceOf(SecurityException.class)
        .hasMessageStartingWith("Rejected: java.util.concurrent.atomic.AtomicInteger").hasMessageContaining("whitelisted-classes.txt");
  }

  @Test
  @DisplayName("core's listed classes, plain values and any exception cross; a listener crosses as the controller's own listener")
  void passesWhatJenkinsPasses() throws Exception {
    // Given
    AkseScaleResult scaled = new AkseScaleResult("seattle", "rg", "agentpool1", 3, 2, 3, List.of("k8s-agentpool1-1-2"), List.of(),
        Map.of("k8s-agentpool1-1-0", 1500L), Map.of(), List.of());
    AgentResult<HashMap<String, String>> result = AgentResult.done(null, Outcome.Status.SUCCEEDED, "succeeded", scaled);
    Map<String, Object> outputs = result.outputs();
    RecordingListener listener = new RecordingListener();
    // When
    AgentResult<?> copy = RemotingChannel.cross(result, "agent to controller");
    InvalidInputException invalid = RemotingChannel.cross(new InvalidInputException("akseDeploy",
        List.of(Problem.of(AkseDeployInput.Field.RESOURCE_GROUP, "is required"))), "agent to controller");
    TaskListener remote = RemotingChannel.cross(listener, "controller to agent");
    remote.getLogger().println("[akseDeploy] from the agent");
    // Then
    assertThat(copy.outputs()).isEqualTo(outputs);
    assertThat(invalid.messages()).containsExactly("resourceGroup: is required");
    assertThat(copy.result()).isEqualTo(scaled);
    assertThat(RemotingChannel.rejection(Checkpoint.class)).as("listed in META-INF/hudson.remoting.ClassFilter").isEmpty();
    assertThat(RemotingChannel.rejection(Duration.ofSeconds(1).getClass())).as("Duration is written as java.time.Ser").isPresent();
    assertThat(RemotingChannel.classesIn(Instant.EPOCH)).extracting(Class::getName).containsExactly("java.time.Ser");
    assertThat(remote).isSameAs(listener);
    assertThat(listener.text()).contains("[akseDeploy] from the agent");
  }

  @Test
  @DisplayName("an agent's AbortException reaches the controller with its class and message")
  void exceptionsCross() {
    // Given
    FilePath.FileCallable<String> failing = new FailingCallable();
    // When / Then
    assertThatThrownBy(() -> RemotingChannel.call(failing, new File("."))).isExactlyInstanceOf(AbortException.class)
        .hasMessage("[akseDeploy] invalid input: resourceGroup: is required");
  }

  /** An agent call that fails as core's validation does. */
  static final class FailingCallable extends jenkins.MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(File f, hudson.remoting.VirtualChannel channel) throws IOException {
      throw new AbortException("[akseDeploy] invalid input: resourceGroup: is required");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The instance fields Java serialization writes (non-static, non-transient), up to the first non-Serializable superclass. */
  private static void walk(Class<?> type, Map<TypeVariable<?>, Type> outer, String path, Set<Class<?>> seen, List<String> problems) {
    // a generic class is walked once per binding of its own type variables (Checkpoint<AkseDeployState>, Checkpoint<ScaleState>…)
    String key = type.getName() + Stream.of(type.getTypeParameters()).map(v -> String.valueOf(outer.get(v))).toList();
    seen.add(type);
    if (!WALKED.add(key)) {
      return;
    }
    if (!Serializable.class.isAssignableFrom(type)) {
      problems.add(path + ": " + type.getName() + " is not Serializable");
      return;
    }
    RemotingChannel.rejection(type).filter(r -> type.getName().startsWith("io.stamprelease.core.")).ifPresent(r -> problems.add(path + ": " + r));
    Map<TypeVariable<?>, Type> bindings = new HashMap<>(outer);
    bindings.putAll(bindings(type));
    for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
          continue;
        }
        walkType(f.getGenericType(), bindings, path + "." + f.getName(), seen, problems);
      }
    }
  }

  private static void walkType(Type t, Map<TypeVariable<?>, Type> bindings, String path, Set<Class<?>> seen, List<String> problems) {
    if (t instanceof TypeVariable<?> v) {
      Type bound = bindings.get(v);
      if (bound == null) {
        problems.add(path + ": type variable " + v + " is not bound by the callable's class");
        return;
      }
      walkType(bound, bindings, path, seen, problems);
      return;
    }
    if (t instanceof WildcardType w) {
      walkType(w.getUpperBounds()[0], bindings, path, seen, problems);
      return;
    }
    if (t instanceof GenericArrayType g) {
      walkType(g.getGenericComponentType(), bindings, path + "[]", seen, problems);
      return;
    }
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
        for (Type arg : p.getActualTypeArguments()) {
          walkType(arg, bindings, path + "<>", seen, problems);
        }
        if (!raw.isInterface()) {
          walk(raw, bindings, path, seen, problems);
        }
        return;
      }
      Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
      TypeVariable<?>[] vars = raw.getTypeParameters();
      for (int i = 0; i < vars.length; i++) {
        Type arg = p.getActualTypeArguments()[i];
        inner.put(vars[i], arg instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : arg);
      }
      walk(raw, inner, path, seen, problems);
      return;
    }
    Class<?> c = (Class<?>) t;
    if (c.isPrimitive() || c.isEnum() || c == String.class) {
      return;
    }
    if (c.isArray()) {
      walkType(c.getComponentType(), bindings, path + "[]", seen, problems);
      return;
    }
    if (TaskListener.class.isAssignableFrom(c)) {
      // crosses as a proxy of the controller's listener: only over a channel, as SerializableOnlyOverRemoting says
      if (!SerializableOnlyOverRemoting.class.isAssignableFrom(c)) {
        problems.add(path + ": a TaskListener that is not SerializableOnlyOverRemoting");
      }
      return;
    }
    if (c == Object.class || c == Serializable.class || c == Number.class) {
      return; // open: what fills it is checked where the offline scenarios send it
    }
    if (c.getName().startsWith("java.")) {
      if (!Serializable.class.isAssignableFrom(c)) {
        problems.add(path + ": " + c.getName() + " is not Serializable");
      }
      return; // JDK value types (Duration, Instant, URI, Path?) are checked by the JDK whitelist where they are sent
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      if (!Serializable.class.isAssignableFrom(c)) {
        problems.add(path + ": " + c.getName() + " is an interface or abstract class that is not Serializable: what fills it may not cross");
      }
      return;
    }
    walk(c, bindings, path, seen, problems);
  }

  /** The type arguments a class gives its generic superclasses and interfaces, transitively. */
  private static Map<TypeVariable<?>, Type> bindings(Class<?> type) {
    Map<TypeVariable<?>, Type> out = new HashMap<>();
    collect(type, out);
    return out;
  }

  private static void collect(Class<?> type, Map<TypeVariable<?>, Type> out) {
    List<Type> supers = new ArrayList<>();
    if (type.getGenericSuperclass() != null) {
      supers.add(type.getGenericSuperclass());
    }
    supers.addAll(List.of(type.getGenericInterfaces()));
    for (Type s : supers) {
      if (s instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        TypeVariable<?>[] vars = raw.getTypeParameters();
        for (int i = 0; i < vars.length; i++) {
          Type arg = p.getActualTypeArguments()[i];
          out.put(vars[i], arg instanceof TypeVariable<?> v && out.containsKey(v) ? out.get(v) : arg);
        }
        collect(raw, out);
      } else if (s instanceof Class<?> c) {
        collect(c, out);
      }
    }
  }

  /** What {@code variable} is bound to, seen from {@code type}. */
  private static Type resolve(TypeVariable<?> variable, Class<?> type) {
    Map<TypeVariable<?>, Type> b = bindings(type);
    Type t = b.get(variable);
    while (t instanceof TypeVariable<?> v && b.containsKey(v)) {
      t = b.get(v);
    }
    return t;
  }
}
