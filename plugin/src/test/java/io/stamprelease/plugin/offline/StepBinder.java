package io.stamprelease.plugin.offline;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Binds a Pipeline call's named arguments to a step the way Pipeline's DescribableModel does: the
 * {@code @DataBoundConstructor}'s parameters by the names Stapler's annotation processor recorded, then one
 * {@code @DataBoundSetter} per remaining argument. An argument the step does not have is an error, as in Jenkins.
 */
final class StepBinder {
  private StepBinder() {
  }

  static <T extends Step> T bind(Class<T> type, Map<?, ?> arguments) throws Exception {
    Map<String, Object> args = new LinkedHashMap<>();
    arguments.forEach((k, v) -> args.put(String.valueOf(k), v));
    Constructor<?> constructor = Arrays.stream(type.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst()
        .orElseThrow(() -> new IllegalStateException(type + " has no @DataBoundConstructor"));
    String[] names = constructorParameterNames(type);
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = convert(args.remove(names[i]), constructor.getGenericParameterTypes()[i]);
    }
    T step = type.cast(constructor.newInstance(values));
    for (Map.Entry<String, Object> e : args.entrySet()) {
      String setter = "set" + Character.toUpperCase(e.getKey().charAt(0)) + e.getKey().substring(1);
      Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(setter) && x.isAnnotationPresent(DataBoundSetter.class))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("WorkflowScript: " + type.getSimpleName() + " has no argument '" + e.getKey() + "'"));
      m.invoke(step, convert(e.getValue(), m.getGenericParameterTypes()[0]));
    }
    return step;
  }

  /** The names Stapler's annotation processor wrote to {@code <Class>.stapler}, the file DescribableModel reads. */
  private static String[] constructorParameterNames(Class<?> type) throws java.io.IOException {
    String resource = "/" + type.getName().replace('.', '/').replace('$', '/') + ".stapler";
    try (java.io.InputStream in = type.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + ": is Stapler's annotation processor on the compile path?");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      String names = p.getProperty("constructor", "");
      return names.isEmpty() ? new String[0] : names.split(",");
    }
  }

  /** GStrings become Strings (anything else for a String is refused, as in Pipeline), Groovy numbers the primitive the parameter wants, lists lists of Strings. */
  private static Object convert(Object value, Type type) {
    if (value == null) {
      return type == int.class ? 0 : type == boolean.class ? Boolean.FALSE : null;
    }
    if (type == String.class) {
      if (!(value instanceof CharSequence)) {
        // Pipeline's message for the same mistake
        throw new ClassCastException("expects class java.lang.String but received " + value.getClass());
      }
      return value.toString();
    }
    if (type == int.class || type == Integer.class) {
      return ((Number) value).intValue();
    }
    if (type == boolean.class || type == Boolean.class) {
      return value;
    }
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return ((List<?>) value).stream().map(String::valueOf).toList();
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), v instanceof CharSequence s ? s.toString() : v));
      return out;
    }
    return value;
  }
}
