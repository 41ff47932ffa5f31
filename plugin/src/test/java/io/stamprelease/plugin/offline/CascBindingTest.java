package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import hudson.Extension;
import hudson.util.Secret;
import io.stamprelease.core.input.Problem;
import io.stamprelease.plugin.hubs.GslbEntry;
import io.stamprelease.plugin.hubs.HubEntry;
import io.stamprelease.plugin.hubs.StampReleaseHubs;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The {@code stampReleaseHubs} YAML the docs show, read through the binding rules of Configuration as Code
 * (configuration-as-code 2053.vb_0da_47381a_25, the BOM's): {@code unclassified:} holds the global configurations by
 * their {@code @Symbol} (DescriptorConfigurator); a descriptor's attributes are its public setters that have a getter
 * (BaseConfigurator.describe); a list element whose class has a {@code @DataBoundConstructor} is built by
 * DataBoundConfigurator — constructor parameters by the names Stapler recorded, then the setters — and a key that is
 * neither is refused (handleUnknown, "Invalid configuration elements for type"); export reads every constructor
 * parameter back through its getter. Secrets are never values here: credentials are named by id.
 */
@DisplayName("Configuration as Code: the stampReleaseHubs YAML of the docs binds as CasC binds it")
class CascBindingTest {
  private static final Path REPO = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```ya?ml\\s*$(.*?)^```\\s*$");

  /** Every YAML example that configures the hubs: fenced blocks of the docs and READMEs, and the -Pjenkins test's file. */
  static List<Example> examples() throws IOException {
    List<Example> out = new ArrayList<>();
    List<Path> pages;
    try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
      pages = new ArrayList<>(docs.filter(p -> p.toString().endsWith(".md")).sorted().toList());
    }
    pages.add(REPO.resolve("README.md"));
    pages.add(REPO.resolve("plugin/README.md"));
    for (Path page : pages) {
      Matcher m = YAML_BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
      int n = 0;
      while (m.find()) {
        n++;
        if (m.group(1).contains("stampReleaseHubs")) {
          out.add(new Example(REPO.relativize(page) + " (yaml block " + n + ")", m.group(1)));
        }
      }
    }
    Path test = REPO.resolve("plugin/src/test/resources/io/stamprelease/plugin/jenkins/hubs-casc.yaml");
    out.add(new Example(REPO.relativize(test).toString(), Files.readString(test, StandardCharsets.UTF_8)));
    return out;
  }

  record Example(String where, String yaml) {
    @Override
    public String toString() {
      return where;
    }
  }

  @Test
  @DisplayName("the docs show the CasC shape in a YAML block (the step pages point at it)")
  void docsShowTheShape() throws IOException {
    // Given / When
    List<Example> examples = examples();
    // Then: an example moved out of a yaml block would otherwise go unchecked
    assertThat(examples).extracting(Example::where).anyMatch(w -> w.startsWith("docs/steps/akseDeploy.md"))
        .anyMatch(w -> w.startsWith("docs/steps/trafficShift.md")).anyMatch(w -> w.endsWith("hubs-casc.yaml"));
    assertThat(Files.readString(REPO.resolve("docs/steps/akseDeploy.md"))).as("a list of hubs is a list of mappings, not of 'hub:' entries")
        .doesNotContain("- hub:");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("binds every key to a constructor parameter or setter, and reads each value back through its getter")
  void binds(Example example) throws Exception {
    // Given
    JsonNode root = YAML.readTree(example.yaml());
    // When
    Bound hubs = new CascRules().unclassified(root).get("stampReleaseHubs");
    // Then
    assertThat(hubs).as("unclassified.stampReleaseHubs").isNotNull();
    for (Object entry : hubs.lists().values().stream().flatMap(List::stream).toList()) {
      List<String> problems = (entry instanceof HubEntry h ? h.problems() : ((GslbEntry) entry).problems()).stream()
          .map(Problem::toString).toList();
      boolean elidedCertificate = example.yaml().contains("-----BEGIN CERTIFICATE-----\n") && example.yaml().contains("…");
      assertThat(problems).as(entry + ": core's validation of the example").allMatch(p -> elidedCertificate && p.startsWith("caCertificate: "));
    }
  }

  @Test
  @DisplayName("refuses 'hubs: - hub: …': a list of a concrete Describable is a list of its fields, not of its symbol")
  void refusesTheSymbolShape() throws Exception {
    // Given
    JsonNode root = YAML.readTree("""
        unclassified:
          stampReleaseHubs:
            hubs:
              - hub:
                  name: seattle
                  armEndpoint: "https://management.seattle.contoso.local/"
        """);
    // When / Then: CasC's own message (BaseConfigurator.handleUnknown)
    assertThatThrownBy(() -> new CascRules().unclassified(root)).hasMessageStartingWith(
        "Invalid configuration elements for type: class io.stamprelease.plugin.hubs.HubEntry : hub.");
  }

  @Test
  @DisplayName("names the global configuration by its @Symbol and exports every constructor parameter through a getter, with credentials as ids")
  void exportable() {
    // Given / When / Then
    assertThat(StampReleaseHubs.class.getAnnotation(Symbol.class).value()).containsExactly("stampReleaseHubs");
    assertThat(StampReleaseHubs.class.isAnnotationPresent(Extension.class)).isTrue();
    for (Class<?> type : List.of(HubEntry.class, GslbEntry.class)) {
      List<String> parameters = JellyViewsTest.constructorParameters(type);
      assertThat(parameters).as(type.getSimpleName() + "'s constructor parameters (from its .stapler file)").isNotEmpty();
      assertThat(parameters).as(type.getSimpleName() + ": every constructor parameter has a getter (CasC's export reads it)")
          .allMatch(p -> getter(type, p).isPresent());
      for (Method setter : CascRules.setters(type).values()) {
        Class<?> value = setter.getParameterTypes()[0];
        assertThat(value).as(type.getSimpleName() + "." + setter.getName() + ": no secret or credential objects in the configuration")
            .isNotEqualTo(Secret.class).matches(c -> !c.getName().startsWith("com.cloudbees.plugins.credentials."));
      }
      assertThat(getter(type, "credentialsId")).as(type.getSimpleName() + ".credentialsId").hasValueSatisfying(g -> assertThat(g.getReturnType()).isEqualTo(String.class));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** What a descriptor's attributes were given: the list attributes' elements, built as CasC builds them. */
  record Bound(Map<String, List<Object>> lists) {
  }

  /** The subset of CasC's rules this plugin's configuration goes through, as configuration-as-code 2053 applies them. */
  static final class CascRules {
    /** The {@code unclassified:} root (GlobalConfigurationCategoryConfigurator): one entry per global configuration, by symbol. */
    Map<String, Bound> unclassified(JsonNode root) throws CascException {
      Map<String, Bound> out = new LinkedHashMap<>();
      JsonNode category = field(root, "unclassified");
      if (category == null) {
        throw new CascException("no 'unclassified:' root element");
      }
      for (Map.Entry<String, JsonNode> e : category.properties()) {
        Class<?> descriptor = globalConfigurations().stream().filter(c -> names(c).stream().anyMatch(n -> n.equalsIgnoreCase(e.getKey())))
            .findFirst().orElseThrow(() -> new CascException("no global configuration of this plugin named '" + e.getKey() + "'"));
        out.put(names(descriptor).get(0), descriptor(descriptor, e.getValue()));
      }
      return out;
    }

    /** A descriptor is configured in place (DescriptorConfigurator): only its attributes, no constructor. */
    private Bound descriptor(Class<?> type, JsonNode mapping) throws CascException {
      Map<String, List<Object>> lists = new LinkedHashMap<>();
      Map<String, Method> attributes = setters(type);
      for (Map.Entry<String, JsonNode> e : mapping.properties()) {
        Method setter = attribute(attributes, e.getKey()).orElseThrow(() -> unknown(type, e.getKey(), attributes.keySet()));
        Type value = setter.getGenericParameterTypes()[0];
        if (!Collection.class.isAssignableFrom(setter.getParameterTypes()[0])) {
          throw new CascException(type.getSimpleName() + "." + e.getKey() + ": only list attributes are modelled here");
        }
        List<Object> elements = new ArrayList<>();
        for (JsonNode element : sequence(e.getValue(), e.getKey())) {
          elements.add(dataBound(elementType(value), element));
        }
        lists.put(e.getKey(), elements);
      }
      return new Bound(lists);
    }

    /** DataBoundConfigurator: the constructor's parameters by name, then the setters; any other key is refused. */
    Object dataBound(Class<?> type, JsonNode node) throws CascException {
      Constructor<?> constructor = Arrays.stream(type.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst()
          .orElseThrow(() -> new CascException(type + " has no @DataBoundConstructor: CasC would need a HeteroDescribableConfigurator"));
      if (!node.isObject()) {
        throw new CascException(type.getSimpleName() + ": a mapping is expected, got " + node.getNodeType());
      }
      Map<String, JsonNode> config = new LinkedHashMap<>();
      node.properties().forEach(e -> config.put(e.getKey(), e.getValue()));
      List<String> names = JellyViewsTest.constructorParameters(type);
      Object[] args = new Object[names.size()];
      for (int i = 0; i < args.length; i++) {
        JsonNode value = config.remove(names.get(i)); // Mapping.get: the exact name
        args[i] = value == null ? primitiveDefault(constructor.getParameterTypes()[i]) : scalar(constructor.getParameterTypes()[i], value, names.get(i));
      }
      Object instance;
      try {
        instance = constructor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new CascException("Failed to construct instance of " + type + ": " + e.getCause());
      }
      Map<String, Method> attributes = setters(type);
      for (Map.Entry<String, Method> a : attributes.entrySet()) {
        Optional<String> key = config.keySet().stream().filter(k -> k.equalsIgnoreCase(a.getKey())).findFirst(); // removeIgnoreCase
        if (key.isPresent()) {
          try {
            a.getValue().invoke(instance, scalar(a.getValue().getParameterTypes()[0], config.remove(key.get()), a.getKey()));
          } catch (ReflectiveOperationException e) {
            throw new CascException("Failed to set attribute '" + a.getKey() + "': " + e.getCause());
          }
        }
      }
      if (!config.isEmpty()) {
        List<String> valid = new ArrayList<>(names);
        valid.addAll(attributes.keySet());
        throw unknown(type, String.join(",", config.keySet()), valid);
      }
      for (Map.Entry<String, JsonNode> given : fields(node).entrySet()) {
        Object read = getter(type, given.getKey()).map(g -> invoke(g, instance)).orElse(null);
        if (!String.valueOf(read).trim().equals(given.getValue().asText().trim())) {
          throw new CascException(type.getSimpleName() + "." + given.getKey() + ": set to '" + given.getValue().asText() + "' but exported as '" + read + "'");
        }
      }
      return instance;
    }

    /** BaseConfigurator.describe: every public one-argument {@code setX} that has a {@code getX}/{@code isX}; Maps are not supported. */
    static Map<String, Method> setters(Class<?> type) {
      Map<String, Method> out = new LinkedHashMap<>();
      for (Method m : type.getMethods()) {
        if (m.getParameterCount() != 1 || !m.getName().startsWith("set") || m.getName().length() == 3 || Modifier.isStatic(m.getModifiers())) {
          continue;
        }
        String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
        if (getter(type, name).isPresent() && !Map.class.isAssignableFrom(m.getParameterTypes()[0])) {
          out.put(name, m);
        }
      }
      return out;
    }

    /** PrimitiveConfigurator: a scalar converted to the target type. */
    private static Object scalar(Class<?> type, JsonNode value, String name) throws CascException {
      if (!value.isValueNode()) {
        throw new CascException(name + ": Item isn't a Scalar");
      }
      String text = value.asText();
      if (type == String.class) {
        return text;
      }
      if (type == int.class || type == Integer.class) {
        return Integer.valueOf(text);
      }
      if (type == boolean.class || type == Boolean.class) {
        return Boolean.valueOf(text);
      }
      throw new CascException(name + ": " + type + " is not modelled here");
    }

    private static Object primitiveDefault(Class<?> type) {
      return type == int.class ? 0 : type == boolean.class ? Boolean.FALSE : null;
    }

    private static List<JsonNode> sequence(JsonNode node, String name) throws CascException {
      if (!node.isArray()) {
        throw new CascException(name + ": Item isn't a Sequence");
      }
      List<JsonNode> out = new ArrayList<>();
      node.forEach(out::add);
      return out;
    }

    private static CascException unknown(Class<?> type, String invalid, Collection<String> valid) {
      return new CascException("Invalid configuration elements for type: " + type + " : " + invalid + ".\nAvailable attributes : " + String.join(", ", valid));
    }

    private static Optional<Method> attribute(Map<String, Method> attributes, String key) {
      return attributes.entrySet().stream().filter(a -> a.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst();
    }

    /** This plugin's global configurations (category unclassified, the default). */
    private static List<Class<?>> globalConfigurations() {
      return List.<Class<?>>of(StampReleaseHubs.class).stream().filter(GlobalConfiguration.class::isAssignableFrom).toList();
    }

    /** DescriptorConfigurator.resolvePossibleNames: the @Symbol values, else the class's simple name in camel case. */
    private static List<String> names(Class<?> descriptor) {
      Symbol symbol = descriptor.getAnnotation(Symbol.class);
      if (symbol != null) {
        return List.of(symbol.value());
      }
      return List.of(Character.toLowerCase(descriptor.getSimpleName().charAt(0)) + descriptor.getSimpleName().substring(1));
    }

    private static JsonNode field(JsonNode mapping, String name) {
      for (Map.Entry<String, JsonNode> e : mapping.properties()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    private static Map<String, JsonNode> fields(JsonNode mapping) {
      Map<String, JsonNode> out = new LinkedHashMap<>();
      mapping.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }

    private static Class<?> elementType(Type type) {
      Type arg = ((ParameterizedType) type).getActualTypeArguments()[0];
      return arg instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) arg).getRawType();
    }

    private static Object invoke(Method m, Object target) {
      try {
        return m.invoke(target);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Optional<Method> getter(Class<?> type, String name) {
    String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    return Arrays.stream(type.getMethods()).filter(m -> m.getParameterCount() == 0 && (m.getName().equals("get" + cap) || m.getName().equals("is" + cap)))
        .findFirst();
  }

  /** CasC's ConfiguratorException, as far as these tests need it: the message. */
  static final class CascException extends Exception {
    private static final long serialVersionUID = 1L;

    CascException(String message) {
      super(message);
    }
  }
}
