package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;
import org.xml.sax.InputSource;

/**
 * What Jenkins finds only when it renders a page: every view ({@code config.jelly}, {@code global.jelly},
 * {@code index.jelly}) and help page of the plugin, checked against the real taglibs of Jenkins 2.541.3 (the tags and
 * attributes in {@code jelly-taglibs.tsv}, with their sources) and against the plugin's own classes: each
 * {@code field=} is a property the form can bind and show, with a control that can carry its type and, for a
 * drop-down, the descriptor's {@code doFill<Field>Items}; each {@code help-<field>.html} belongs to such a property;
 * each included page exists on the object it is included from. The first checks are those of maven-hpi-plugin's
 * InjectedTest (jenkins-test-harness 2578: {@code <?jelly escape-by-default='true'?>}, no inline JavaScript).
 */
@DisplayName("Jelly views and help pages: what Jenkins 2.541.3 needs to render them")
class JellyViewsTest {
  static final Path RESOURCES = Path.of("..", "plugin", "src", "main", "resources");
  private static final String STAPLER = "jelly:stapler";
  private static final Pattern IT_PROPERTY = Pattern.compile("\\b(it|instance|descriptor)\\.([A-Za-z_]\\w*)");

  record Tag(String namespace, String name, Set<String> attributes, boolean rendersBody, String source) {
  }

  static List<Path> views() throws IOException {
    try (Stream<Path> files = Files.walk(RESOURCES)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jelly")).sorted().toList();
    }
  }

  static List<Path> helpPages() throws IOException {
    try (Stream<Path> files = Files.walk(RESOURCES)) {
      return files.filter(p -> p.getFileName().toString().matches("help-.+\\.html")).sorted().toList();
    }
  }

  @Test
  @DisplayName("the plugin has the views and help pages these checks walk")
  void thereAreViews() throws IOException {
    // Given / When
    List<String> names = views().stream().map(p -> RESOURCES.relativize(p).toString()).toList();
    // Then: a moved resource folder would otherwise make every check below pass on nothing
    assertThat(names).contains("index.jelly").anyMatch(n -> n.endsWith("/StampReleaseHubs/config.jelly"))
        .anyMatch(n -> n.endsWith("/HubEntry/config.jelly")).anyMatch(n -> n.endsWith("/StampGateAction/index.jelly"));
    assertThat(helpPages()).hasSizeGreaterThan(50);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  @DisplayName("is well-formed XML that escapes by default and has no inline JavaScript")
  void wellFormedAndEscaped(Path view) throws Exception {
    // Given / When
    Document dom = parse(view);
    // Then
    assertThat(processingInstruction(dom, "jelly")).as("<?jelly escape-by-default='true'?> in " + view)
        .hasValueSatisfying(pi -> assertThat(pi).matches(".*escape-by-default=['\"]true['\"].*"));
    List<String> inline = new ArrayList<>();
    forEachElement(dom.getDocumentElement(), e -> {
      for (int i = 0; i < e.getAttributes().getLength(); i++) {
        String attribute = e.getAttributes().item(i).getNodeName();
        if (attribute.toLowerCase().startsWith("on")) {
          inline.add("<" + e.getTagName() + " " + attribute + "=…>");
        }
      }
      if ("script".equals(e.getLocalName()) && e.getAttribute("src").isEmpty() && !"application/json".equalsIgnoreCase(e.getAttribute("type"))) {
        inline.add("inline <script>");
      }
    });
    assertThat(inline).as("inline JavaScript (Jenkins' Content-Security-Policy refuses it)").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  @DisplayName("uses only real taglib tags, with the attributes they declare, and nests nothing in a tag that ignores its body")
  void realTagsOnly(Path view) throws Exception {
    // Given
    Map<String, Tag> taglibs = taglibs();
    Document dom = parse(view);
    List<String> problems = new ArrayList<>();
    // When
    forEachElement(dom.getDocumentElement(), e -> {
      String ns = e.getNamespaceURI();
      if (ns == null) {
        return; // literal HTML
      }
      Tag tag = taglibs.get(ns + " " + e.getLocalName());
      if (tag == null) {
        problems.add("<" + e.getTagName() + "> (" + ns + ") is not a tag of jelly-taglibs.tsv");
        return;
      }
      for (int i = 0; i < e.getAttributes().getLength(); i++) {
        Node a = e.getAttributes().item(i);
        if (a.getNodeName().startsWith("xmlns")) {
          continue;
        }
        if (!tag.attributes().contains(a.getNodeName())) {
          problems.add("<" + e.getTagName() + " " + a.getNodeName() + "=…>: " + tag.name() + " declares only " + tag.attributes() + " (" + tag.source() + ")");
        }
      }
      if (!tag.rendersBody() && hasContent(e)) {
        problems.add("<" + e.getTagName() + "> ignores what is nested in it (" + tag.source() + " renders no body)");
      }
    });
    // Then
    assertThat(problems).as(view.toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  @DisplayName("binds each field to a property of its class, with a control that carries the property's type")
  void fieldsAreProperties(Path view) throws Exception {
    // Given
    Optional<Class<?>> owner = ownerOf(view);
    Document dom = parse(view);
    List<String> problems = new ArrayList<>();
    // When
    forEachElement(dom.getDocumentElement(), e -> {
      String field = e.getAttribute("field");
      if (field.isEmpty() || e.getNamespaceURI() == null) {
        return;
      }
      if (owner.isEmpty()) {
        problems.add("field '" + field + "' in a view that belongs to no class");
        return;
      }
      Optional<Property> property = Property.of(owner.get(), field);
      if (property.isEmpty()) {
        problems.add("field '" + field + "': " + owner.get().getSimpleName() + " has no such bound property (constructor parameter or @DataBoundSetter, with a getter)");
      }
    });
    problems.addAll(controlProblems(view, owner, dom));
    // Then
    List<String> known = knownDefects(view);
    assertThat(problems).as(view.toString()).filteredOn(p -> known.stream().noneMatch(p::startsWith)).isEmpty();
  }

  @Test
  @DisplayName("every known defect that waits for a Java change is still there (remove its row from jelly-known-defects.tsv once fixed)")
  void knownDefectsAreStillThere() throws Exception {
    for (String line : resourceLines("jelly-known-defects.tsv")) {
      // Given
      String[] row = line.split("\t", -1);
      Path view = RESOURCES.resolve(row[0]);
      // When
      List<String> problems = controlProblems(view, ownerOf(view), parse(view));
      // Then
      assertThat(problems).as(row[0] + " (" + row[2] + ")").anyMatch(p -> p.startsWith(row[1]));
    }
  }

  private static List<String> controlProblems(Path view, Optional<Class<?>> owner, Document dom) {
    List<String> problems = new ArrayList<>();
    forEachControl(dom.getDocumentElement(), null, (control, field) -> {
      if (owner.isEmpty() || field == null) {
        return;
      }
      Property.of(owner.get(), field).ifPresent(p -> problems.addAll(p.controlProblems(control)));
    });
    return problems;
  }

  private static List<String> knownDefects(Path view) throws IOException {
    String relative = RESOURCES.relativize(view).toString().replace('\\', '/');
    return resourceLines("jelly-known-defects.tsv").stream().map(l -> l.split("\t", -1)).filter(r -> r[0].equals(relative)).map(r -> r[1]).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  @DisplayName("reads only properties its objects have, and includes only pages that exist")
  void expressionsAndIncludesResolve(Path view) throws Exception {
    // Given
    Optional<Class<?>> owner = ownerOf(view);
    Document dom = parse(view);
    List<String> problems = new ArrayList<>();
    // When
    forEachElement(dom.getDocumentElement(), e -> {
      for (String text : texts(e)) {
        Matcher m = IT_PROPERTY.matcher(text);
        while (m.find()) {
          Class<?> target = "descriptor".equals(m.group(1)) ? owner.flatMap(JellyViewsTest::descriptorOf).orElse(null) : owner.orElse(null);
          if (target == null || readable(target, m.group(2)).isEmpty()) {
            problems.add("${" + m.group(1) + "." + m.group(2) + "}: " + (target == null ? "no class" : target.getSimpleName() + " has no getter, method or field '" + m.group(2) + "'"));
          }
        }
      }
      if (STAPLER.equals(e.getNamespaceURI()) && "include".equals(e.getLocalName())) {
        problems.addAll(includeProblems(owner.orElse(null), e));
      }
    });
    // Then
    assertThat(problems).as(view.toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("helpPages")
  @DisplayName("is the help of a bound property of its class, and is a well-formed HTML fragment")
  void helpBelongsToAField(Path help) throws Exception {
    // Given
    String name = help.getFileName().toString();
    String field = name.substring("help-".length(), name.length() - ".html".length());
    Optional<Class<?>> owner = ownerOf(help);
    // Then
    assertThat(owner).as("the class of " + help).isPresent();
    assertThat(Property.of(owner.get(), field)).as(help + ": " + owner.get().getSimpleName() + " has no bound property '" + field + "'").isPresent();
    String html = Files.readString(help, StandardCharsets.UTF_8);
    assertThat(html).as(help + " is empty").isNotBlank();
    parse("<help>" + html + "</help>", help.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("views")
  @DisplayName("has a help page for every field it shows")
  void everyFieldHasHelp(Path view) throws Exception {
    // Given
    Document dom = parse(view);
    List<String> missing = new ArrayList<>();
    // When
    forEachElement(dom.getDocumentElement(), e -> {
      String field = e.getAttribute("field");
      if ("entry".equals(e.getLocalName()) && !field.isEmpty() && !Files.isRegularFile(view.resolveSibling("help-" + field + ".html"))) {
        missing.add("help-" + field + ".html");
      }
    });
    // Then
    assertThat(missing).as(view.toString()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** A property the form can show and bind: read by a getter (or public field), written by the constructor or a setter. */
  record Property(Class<?> owner, String name, Type type, Class<?> raw) {
    static Optional<Property> of(Class<?> owner, String name) {
      Optional<Type> read = readable(owner, name).filter(m -> m instanceof Method || m instanceof Field).map(m -> m instanceof Method method
          ? method.getGenericReturnType() : ((Field) m).getGenericType());
      if (read.isEmpty()) {
        return Optional.empty();
      }
      boolean constructor = constructorParameters(owner).contains(name);
      boolean setter = Arrays.stream(owner.getMethods()).anyMatch(m -> m.getName().equals("set" + capitalized(name)) && m.getParameterCount() == 1
          && m.isAnnotationPresent(DataBoundSetter.class))
          || Arrays.stream(owner.getFields()).anyMatch(f -> f.getName().equals(name) && f.isAnnotationPresent(DataBoundSetter.class));
      if (!constructor && !setter) {
        return Optional.empty();
      }
      return Optional.of(new Property(owner, name, read.get(), erasure(read.get())));
    }

    /** What is wrong with showing this property in this control (a tag of /lib/form or /lib/credentials). */
    List<String> controlProblems(Element tag) {
      String control = tag.getLocalName();
      String namespace = tag.getNamespaceURI();
      List<String> problems = new ArrayList<>();
      String what = owner.getSimpleName() + "." + name + " (" + type.getTypeName() + ")";
      switch (control) {
        case "textbox", "textarea" -> {
          if ("textarea".equals(control) && elementType(type) == String.class && List.class.isAssignableFrom(raw)) {
            problems.addAll(linesProblems(tag.getAttribute("value"), what));
          } else if (!scalar(raw)) {
            problems.add("<" + control + "> for " + what + ": a text field submits one string; a list needs a repeatable control or a "
                + "multi-line text setter, else the form (and the Snippet Generator) cannot round-trip it");
          }
        }
        case "checkbox" -> {
          if (raw != boolean.class && raw != Boolean.class) {
            problems.add("<checkbox> for " + what + ": a checkbox carries a boolean");
          }
        }
        case "number" -> {
          if (!(raw.isPrimitive() && raw != boolean.class) && !Number.class.isAssignableFrom(raw) && raw != String.class) {
            problems.add("<number> for " + what + ": a number field carries a number");
          }
        }
        case "select" -> {
          if (!scalar(raw)) {
            problems.add("<select> for " + what + ": a drop-down carries one value");
          }
          Optional<Class<?>> descriptor = descriptorOf(owner);
          String fill = "doFill" + capitalized(name) + "Items";
          if (descriptor.isEmpty() || Arrays.stream(descriptor.get().getMethods()).noneMatch(m -> m.getName().equals(fill))) {
            problems.add("<" + ("/lib/credentials".equals(namespace) ? "c:" : "f:") + "select> for " + what + ": the descriptor "
                + descriptor.map(Class::getSimpleName).orElse("(none)") + " has no " + fill + " (Descriptor.calcFillSettings throws on every "
                + "render without it, and the drop-down stays empty)");
          }
        }
        case "repeatableProperty" -> {
          Class<?> element = elementType(type);
          if (!Collection.class.isAssignableFrom(raw) || element == null || !Describable.class.isAssignableFrom(element)) {
            problems.add("<repeatableProperty> for " + what + ": needs a list of Describables");
          } else {
            if (!Files.isRegularFile(viewFolder(element).resolve("config.jelly"))) {
              problems.add("<repeatableProperty> for " + what + ": " + element.getSimpleName() + " has no config.jelly");
            }
            if (descriptorOf(element).filter(d -> d.isAnnotationPresent(Extension.class)).isEmpty()) {
              problems.add("<repeatableProperty> for " + what + ": " + element.getSimpleName() + " has no @Extension descriptor");
            }
          }
        }
        default -> {
        }
      }
      return problems;
    }

    /**
     * A list of strings in a text area, one entry per line (the withEnv way; Jenkins has no list control for strings):
     * the view must show the entries joined ({@code value="${instance.<getter of a String>}"}, else {@code f:textarea}
     * falls back to the list's {@code toString()}, "[a, b]"), and the descriptor must split the submitted text in its
     * own {@code newInstance(StaplerRequest2, JSONObject)}, else Stapler binds the whole text as one entry.
     */
    private List<String> linesProblems(String value, String what) {
      List<String> problems = new ArrayList<>();
      Matcher shown = Pattern.compile("\\$\\{instance\\.(\\w+)}").matcher(value);
      Optional<Object> getter = shown.matches() ? readable(owner, shown.group(1)) : Optional.empty();
      if (getter.isEmpty() || !(getter.get() instanceof Method m) || m.getReturnType() != String.class) {
        problems.add("<textarea> for " + what + ": value=\"" + value + "\" is not ${instance.<a getter of the entries as lines>} (a String), so "
            + "the form shows the list's toString(), \"[a, b]\", and saves it back as one entry");
      }
      Optional<Class<?>> descriptor = descriptorOf(owner);
      boolean splits = descriptor.isPresent() && Arrays.stream(descriptor.get().getDeclaredMethods()).anyMatch(m -> m.getName().equals("newInstance")
          && Arrays.equals(m.getParameterTypes(), new Class<?>[] {org.kohsuke.stapler.StaplerRequest2.class, net.sf.json.JSONObject.class}));
      if (!splits) {
        problems.add("<textarea> for " + what + ": the descriptor " + descriptor.map(Class::getSimpleName).orElse("(none)") + " does not "
            + "override newInstance(StaplerRequest2, JSONObject) to split the text into lines, so the whole text binds as one entry");
      }
      return problems;
    }

    private static boolean scalar(Class<?> type) {
      return type == String.class || type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class || type.isEnum();
    }
  }

  /** The controls of a form and the field each one binds: its own {@code field=} or that of the entry around it. */
  private static void forEachControl(Element e, String entryField, java.util.function.BiConsumer<Element, String> action) {
    String field = entryField;
    if ("entry".equals(e.getLocalName()) && "/lib/form".equals(e.getNamespaceURI())) {
      field = e.getAttribute("field").isEmpty() ? null : e.getAttribute("field");
    } else if (e.getNamespaceURI() != null && Set.of("/lib/form", "/lib/credentials").contains(e.getNamespaceURI())
        && Set.of("textbox", "textarea", "checkbox", "number", "select", "repeatableProperty").contains(e.getLocalName())
        && e.getAttribute("name").isEmpty()) {
      action.accept(e, e.getAttribute("field").isEmpty() ? entryField : e.getAttribute("field"));
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        forEachControl(child, field, action);
      }
    }
  }

  private static List<String> includeProblems(Class<?> owner, Element include) {
    String page = include.getAttribute("page");
    String it = include.getAttribute("it");
    boolean optional = "true".equals(include.getAttribute("optional"));
    Class<?> target;
    String label;
    if (it.isEmpty() || it.equals("${it}")) {
      target = owner;
      label = owner == null ? "(no class)" : owner.getSimpleName();
    } else {
      Matcher m = Pattern.compile("\\$\\{it\\.([A-Za-z_]\\w*)}").matcher(it);
      if (!m.matches() || owner == null) {
        return List.of("<st:include it=\"" + it + "\">: only ${it} and ${it.<property>} are checked here");
      }
      Optional<Type> type = readable(owner, m.group(1)).filter(x -> x instanceof Method).map(x -> ((Method) x).getGenericReturnType());
      if (type.isEmpty()) {
        return List.of("<st:include it=\"" + it + "\">: " + owner.getSimpleName() + " has no getter " + m.group(1));
      }
      target = erasure(type.get());
      label = owner.getSimpleName() + "." + m.group(1) + " (" + target.getName() + ")";
    }
    if (target != null && (hasPage(target, page) || jenkinsViews().getOrDefault(target.getName(), Set.of()).contains(page))) {
      return List.of();
    }
    return List.of("<st:include page=\"" + page + "\" it=\"" + (it.isEmpty() ? "${it}" : it) + "\">: " + label + " has no " + page
        + (optional ? ", so optional=\"true\" renders nothing there" : ", so the page fails to render"));
  }

  /** The page in this plugin's resources for the class or one of its superclasses. */
  private static boolean hasPage(Class<?> type, String page) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getName().startsWith("io.stamprelease.") && Files.isRegularFile(viewFolder(c).resolve(page))) {
        return true;
      }
    }
    return false;
  }

  /** The class whose view or help page this is: {@code io/stamprelease/plugin/hubs/HubEntry/config.jelly} → HubEntry. */
  static Optional<Class<?>> ownerOf(Path resource) {
    Path folder = RESOURCES.relativize(resource).getParent();
    if (folder == null) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    folder.forEach(p -> parts.add(p.toString()));
    for (int split = parts.size() - 1; split > 0; split--) {
      String name = String.join(".", parts.subList(0, split + 1));
      String nested = String.join(".", parts.subList(0, split)) + "$" + String.join("$", parts.subList(split, parts.size()));
      for (String candidate : List.of(name, nested)) {
        try {
          return Optional.of(Class.forName(candidate));
        } catch (ClassNotFoundException e) {
          // try the next reading
        }
      }
    }
    return Optional.empty();
  }

  static Path viewFolder(Class<?> type) {
    return RESOURCES.resolve(type.getName().replace('.', '/').replace('$', '/'));
  }

  /** The class's descriptor: itself for a descriptor (a GlobalConfiguration), else its nested Descriptor subclass. */
  static Optional<Class<?>> descriptorOf(Class<?> type) {
    if (Descriptor.class.isAssignableFrom(type)) {
      return Optional.of(type);
    }
    return Arrays.stream(type.getDeclaredClasses()).filter(Descriptor.class::isAssignableFrom).findFirst();
  }

  /** A getter ({@code getX}/{@code isX}), a method named {@code x} or a public field {@code x}. */
  static Optional<Object> readable(Class<?> type, String name) {
    for (Method m : type.getMethods()) {
      if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
          && (m.getName().equals("get" + capitalized(name)) || m.getName().equals("is" + capitalized(name)) || m.getName().equals(name))) {
        return Optional.of(m);
      }
    }
    return Arrays.stream(type.getFields()).filter(f -> f.getName().equals(name)).findFirst().map(f -> f);
  }

  /** The names Stapler's annotation processor recorded for the {@code @DataBoundConstructor} ({@code <Class>.stapler}). */
  static List<String> constructorParameters(Class<?> type) {
    String resource = "/" + type.getName().replace('.', '/').replace('$', '/') + ".stapler";
    try (InputStream in = type.getResourceAsStream(resource)) {
      if (in == null) {
        return List.of();
      }
      Properties p = new Properties();
      p.load(in);
      String names = p.getProperty("constructor", "");
      return names.isEmpty() ? List.of() : List.of(names.split(","));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<String, Tag> taglibs() throws IOException {
    Map<String, Tag> tags = new LinkedHashMap<>();
    for (String line : resourceLines("jelly-taglibs.tsv")) {
      String[] f = line.split("\t", -1);
      Set<String> attributes = f[2].isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(f[2].split(",")));
      tags.put(f[0] + " " + f[1], new Tag(f[0], f[1], attributes, "yes".equals(f[3]), f[4]));
    }
    return tags;
  }

  static Map<String, Set<String>> jenkinsViews() {
    Map<String, Set<String>> views = new LinkedHashMap<>();
    try {
      for (String line : resourceLines("jenkins-views.tsv")) {
        String[] f = line.split("\t", -1);
        views.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1]);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return views;
  }

  static List<String> resourceLines(String name) throws IOException {
    try (InputStream in = JellyViewsTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test data " + name + " missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  static Document parse(Path file) throws Exception {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  static Document parse(String xml, String systemId) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    InputSource in = new InputSource(new StringReader(xml));
    in.setSystemId(systemId);
    return f.newDocumentBuilder().parse(in);
  }

  static Optional<String> processingInstruction(Document dom, String target) {
    for (Node n = dom.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof ProcessingInstruction pi && pi.getTarget().equals(target)) {
        return Optional.of(pi.getData());
      }
    }
    return Optional.empty();
  }

  static void forEachElement(Element e, java.util.function.Consumer<Element> action) {
    action.accept(e);
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        forEachElement(child, action);
      }
    }
  }

  private static boolean hasContent(Element e) {
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element || (c.getNodeType() == Node.TEXT_NODE && !c.getTextContent().isBlank())) {
        return true;
      }
    }
    return false;
  }

  /** The element's attribute values and its own text. */
  private static List<String> texts(Element e) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < e.getAttributes().getLength(); i++) {
      out.add(e.getAttributes().item(i).getNodeValue());
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.TEXT_NODE) {
        out.add(c.getTextContent());
      }
    }
    return out;
  }

  static Class<?> erasure(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  static Class<?> elementType(Type type) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof java.lang.reflect.WildcardType w) {
        arg = w.getUpperBounds()[0];
      }
      return erasure(arg);
    }
    return null;
  }

  static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
