package io.stamprelease.plugin.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.CollectResult;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;
import org.eclipse.aether.util.graph.manager.DependencyManagerUtils;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code -Pjenkins} build's dependencies, resolved here by Maven's own resolver (maven-resolver-provider 3.9.9,
 * the artifact-descriptor reading and conflict resolution Maven runs) from {@code plugin/pom.xml} as it is: the
 * project's core and testkit from this checkout, every artifact of Maven Central from the local repository (or Central),
 * and the Jenkins-only POMs — plugin-pom 6.2221, Jenkins 2.541.3's BOM, BOM 6166 and the plugins it reaches — from
 * models written from their real sources ({@code jenkins-model/}, each file names its source). On that graph it runs
 * what the build runs first: plugin-pom's {@code requireUpperBoundDeps} (maven-enforcer's algorithm on the verbose
 * graph without test and provided scopes, jsr305 and asm excluded as plugin-pom excludes them), and maven-hpi-plugin's
 * rule for {@code WEB-INF/lib} (runtime jars that are neither plugins nor reached through a plugin or through
 * jenkins-core), which must list exactly the jars of plugin/README.md.
 *
 * <p>It lives in plugin-offline's own sources, not in plugin/src/test/java: it tests the build, not the plugin's code,
 * and needs Maven's resolver, which the real-API check's classpath for plugin/src/test/java does not have.
 */
@DisplayName("-Pjenkins dependencies: the enforcer's upper bounds hold and the .hpi bundles exactly what the README lists")
class PluginDependenciesTest {
  static final Path REPO = Path.of("..");
  static final Path PLUGIN_POM = REPO.resolve("plugin/pom.xml");
  static final Path MODEL = Path.of("src", "test", "resources", "io", "stamprelease", "plugin", "offline", "jenkins-model");
  /** plugin-pom 6.2221's requireUpperBoundDeps excludes. */
  static final Set<String> UPPER_BOUND_EXCLUDES = Set.of("com.google.code.findbugs:jsr305", "org.ow2.asm:asm");

  static Resolver resolver;
  static Graph graph;

  @BeforeAll
  static void resolve() throws Exception {
    resolver = new Resolver();
    graph = resolver.resolve(PLUGIN_POM);
  }

  @Test
  @DisplayName("requireUpperBoundDeps: no dependency resolves below a version something in the tree asks for")
  void upperBounds() {
    // Given / When
    List<String> conflicts = graph.upperBoundConflicts();
    // Then
    assertThat(conflicts).isEmpty();
    assertThat(graph.resolvedVersion("com.fasterxml.jackson.core:jackson-databind")).as("Jackson from jackson2-api").isEqualTo("2.21.1");
  }

  @Test
  @DisplayName("a convergence break is caught: without the slf4j-api exclusion, fabric8's 2.0.18 is above the 2.0.17 Jenkins' BOM pins")
  void catchesABreak(@TempDir Path tmp) throws Exception {
    // Given plugin/pom.xml as it was before (SLF4J not left to Jenkins core)
    String pom = Files.readString(PLUGIN_POM, StandardCharsets.UTF_8);
    String withoutExclusion = pom.replace("<exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></exclusion>", "");
    assertThat(withoutExclusion).isNotEqualTo(pom);
    Path variant = Files.writeString(Files.createDirectories(tmp.resolve("plugin")).resolve("pom.xml"), withoutExclusion);
    // When
    List<String> conflicts = resolver.resolve(variant).upperBoundConflicts();
    // Then: the message the enforcer gives, managed version and the path to the higher request
    assertThat(conflicts).singleElement().asString().startsWith("Require upper bound dependencies error for org.slf4j:slf4j-api:2.0.17")
        .contains("org.slf4j:slf4j-api:2.0.17 (managed) <-- org.slf4j:slf4j-api:2.0.18");
  }

  @Test
  @DisplayName("the .hpi's WEB-INF/lib holds exactly the jars plugin/README.md lists")
  void bundledJars() throws IOException {
    // Given
    List<String> listed = readmeJars();
    // When
    List<String> bundled = graph.bundledJars();
    // Then
    assertThat(bundled).as("computed from the resolved graph").containsExactlyElementsOf(listed);
    assertThat(bundled).hasSizeGreaterThan(30).contains("io.stamprelease:stamp-release-core:0.1.0-SNAPSHOT", "io.fabric8:kubernetes-client:7.8.0",
        "com.azure:azure-core:1.61.0", "net.java.dev.jna:jna-platform:5.18.1", "com.marcnuri.helm-java:linux-amd64:0.0.21");
  }

  @Test
  @DisplayName("no second copies: SLF4J and JNA come from core, Jackson and SnakeYAML from API plugins, one jna-platform, nothing a plugin dependency also bundles")
  void noSecondCopies() {
    // Given
    Set<String> bundled = graph.bundledJars().stream().map(PluginDependenciesTest::ga).collect(Collectors.toCollection(TreeSet::new));
    // When
    Set<String> fromPlugins = graph.librariesOfPlugins();
    // Then
    assertThat(bundled).noneMatch(ga -> ga.startsWith("org.slf4j:") || ga.equals("net.java.dev.jna:jna") || ga.equals("net.java.dev.jna:jna-jpms")
        || ga.startsWith("com.fasterxml.jackson") || ga.startsWith("org.yaml:") || ga.startsWith("org.snakeyaml:"));
    assertThat(bundled).filteredOn(ga -> ga.startsWith("net.java.dev.jna:jna-platform")).containsExactly("net.java.dev.jna:jna-platform");
    assertThat(bundled).as("bundled here and by a plugin this one depends on").doesNotContainAnyElementsOf(fromPlugins);
    assertThat(graph.plugins()).as("plugins whose copies of fabric8, Netty or the Azure SDK would be visible to this plugin's class loader")
        .doesNotContain("org.jenkins-ci.plugins:kubernetes-client-api", "io.jenkins.plugins:netty-api", "io.jenkins.plugins:azure-sdk")
        .contains("org.jenkins-ci.plugins:jackson2-api", "io.jenkins.plugins:snakeyaml-engine-api");
  }

  @Test
  @DisplayName("-Pjenkins compiles and runs exactly the **/jenkins/** tests (and maven-hpi-plugin's InjectedTest)")
  void jenkinsTestsOnly() throws Exception {
    // Given
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(PLUGIN_POM.toFile());
    // When
    List<String> compiled = texts(pom, "testInclude");
    List<String> run = texts(pom, "include");
    // Then
    assertThat(compiled).containsExactly("**/jenkins/**", "InjectedTest.java");
    assertThat(run).containsExactly("**/jenkins/**/*Test.java", "InjectedTest.java");
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The jars of the README's "WEB-INF/lib" block. */
  static List<String> readmeJars() throws IOException {
    String readme = Files.readString(REPO.resolve("plugin/README.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?s)<!-- bundled-jars -->\\s*```text\\n(.*?)```").matcher(readme);
    assertThat(m.find()).as("plugin/README.md has the <!-- bundled-jars --> block").isTrue();
    return m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  static String ga(String gav) {
    String[] p = gav.split(":");
    return p[0] + ":" + p[1];
  }

  private static List<String> texts(Document dom, String tag) {
    List<String> out = new ArrayList<>();
    NodeList nodes = dom.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().strip());
    }
    return out;
  }

  /** The project's modules from this checkout, the Jenkins-only POMs from the model, everything else from Maven Central. */
  static final class Resolver {
    private final RepositorySystem system = new RepositorySystemSupplier().get();
    private final RemoteRepository central = new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();
    private final Map<String, Path> model = new LinkedHashMap<>();
    private final Set<String> pluginPackaging = new TreeSet<>();

    Resolver() throws Exception {
      try (Stream<Path> files = Files.walk(MODEL)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".pom")).toList()) {
          Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile()).getDocumentElement();
          String gav = child(project, "groupId") + ":" + child(project, "artifactId") + ":" + child(project, "version");
          model.put(gav, f);
          if ("hpi".equals(child(project, "packaging"))) {
            pluginPackaging.add(ga(gav));
          }
        }
      }
      model.put("io.stamprelease:stamp-release-parent:0.1.0-SNAPSHOT", REPO.resolve("pom.xml"));
      model.put("io.stamprelease:stamp-release-core:0.1.0-SNAPSHOT", REPO.resolve("core/pom.xml"));
      model.put("io.stamprelease:stamp-release-testkit:0.1.0-SNAPSHOT", REPO.resolve("testkit/pom.xml"));
    }

    Graph resolve(Path pluginPom) throws Exception {
      Map<String, Path> files = new LinkedHashMap<>(model);
      files.put("io.stamprelease:stamp-release:0.1.0-SNAPSHOT", pluginPom);
      DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
      String local = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
      session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local)));
      session.setWorkspaceReader(new Workspace(files));
      session.setConfigProperty("aether.connector.connectTimeout", "10000");
      session.setSystemProperties(System.getProperties()); // profiles activated by the JDK, as in a Maven run
      // a POM that cannot be read is an error here (Maven's default session ignores it and drops the subtree)
      session.setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(false, false));
      Artifact plugin = new DefaultArtifact("io.stamprelease", "stamp-release", "pom", "0.1.0-SNAPSHOT");
      ArtifactDescriptorResult descriptor = system.readArtifactDescriptor(session, new ArtifactDescriptorRequest(plugin, List.of(central), null));
      assertThat(descriptor.getExceptions()).as("reading plugin/pom.xml").isEmpty();
      // the enforcer (ResolverUtil.resolveTransitiveDependenciesVerbose) leaves out test and provided scopes at every level
      List<Dependency> direct = descriptor.getDependencies().stream().filter(d -> !Set.of("test", "provided").contains(d.getScope())).toList();
      // verbose: losers kept, and the version each node asked for before management (what requireUpperBoundDeps compares)
      DefaultRepositorySystemSession verbose = new DefaultRepositorySystemSession(session);
      verbose.setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, true);
      verbose.setConfigProperty(DependencyManagerUtils.CONFIG_PROP_VERBOSE, true);
      CollectResult verboseResult = system.collectDependencies(verbose, new CollectRequest(direct, descriptor.getManagedDependencies(), List.of(central)));
      CollectResult result = system.collectDependencies(session, new CollectRequest(direct, descriptor.getManagedDependencies(), List.of(central)));
      assertThat(verboseResult.getExceptions()).as("collecting the -Pjenkins graph").isEmpty();
      assertThat(result.getExceptions()).as("collecting the -Pjenkins graph").isEmpty();
      DependencyNode verboseRoot = verboseResult.getRoot();
      DependencyNode root = result.getRoot();
      return new Graph(verboseRoot, root, pluginPackaging);
    }

    private static String child(Element e, String tag) {
      NodeList n = e.getElementsByTagName(tag);
      for (int i = 0; i < n.getLength(); i++) {
        if (n.item(i).getParentNode() == e) {
          return n.item(i).getTextContent().strip();
        }
      }
      return null;
    }
  }

  /** Serves POMs of the checkout and of the model to the resolver, as Maven's reactor serves a build's modules. */
  record Workspace(Map<String, Path> poms) implements WorkspaceReader {
    @Override
    public WorkspaceRepository getRepository() {
      return new WorkspaceRepository("stamp-release-checkout-and-jenkins-model");
    }

    @Override
    public File findArtifact(Artifact artifact) {
      Path pom = poms.get(artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getVersion());
      return pom != null && "pom".equals(artifact.getExtension()) ? pom.toFile() : null;
    }

    @Override
    public List<String> findVersions(Artifact artifact) {
      String prefix = artifact.getGroupId() + ":" + artifact.getArtifactId() + ":";
      return poms.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }
  }

  /** The resolved graphs: verbose (for the enforcer) and as Maven builds the project's artifacts (for the .hpi). */
  record Graph(DependencyNode verbose, DependencyNode resolved, Set<String> pluginPackaging) {

    /** maven-enforcer's RequireUpperBoundDeps: per groupId:artifactId, the nearest node's version against every node's requested one. */
    List<String> upperBoundConflicts() {
      Map<String, List<List<DependencyNode>>> byKey = new LinkedHashMap<>();
      walk(verbose, new ArrayList<>(), (node, path) -> {
        Artifact a = node.getArtifact();
        byKey.computeIfAbsent(a.getGroupId() + ":" + a.getArtifactId(), k -> new ArrayList<>()).add(List.copyOf(path));
      });
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, List<List<DependencyNode>>> e : byKey.entrySet()) {
        if (UPPER_BOUND_EXCLUDES.contains(e.getKey())) {
          continue;
        }
        List<List<DependencyNode>> paths = new ArrayList<>(e.getValue());
        paths.sort((x, y) -> Integer.compare(x.size(), y.size())); // hop count, stable
        DependencyNode nearest = paths.get(0).get(paths.get(0).size() - 1);
        DefaultArtifactVersion resolvedVersion = new DefaultArtifactVersion(nearest.getArtifact().getBaseVersion());
        boolean conflict = paths.stream().map(p -> p.get(p.size() - 1)).anyMatch(n -> resolvedVersion.compareTo(new DefaultArtifactVersion(requested(n))) < 0);
        if (conflict) {
          StringBuilder message = new StringBuilder("Require upper bound dependencies error for " + name(nearest, false) + ". Paths to dependency are:\n");
          for (int i = 0; i < paths.size(); i++) {
            if (i > 0) {
              message.append("and\n");
            }
            List<DependencyNode> p = paths.get(i);
            for (int depth = 0; depth < p.size(); depth++) {
              DependencyNode n = p.get(depth);
              message.append("  ".repeat(depth)).append("+-").append(name(n, false));
              if (DependencyManagerUtils.getPremanagedVersion(n) != null) {
                message.append(" (managed) <-- ").append(name(n, true));
              }
              message.append('\n');
            }
          }
          out.add(message.toString());
        }
      }
      return out;
    }

    /** maven-hpi-plugin's WEB-INF/lib: runtime jars, not optional, not plugins, not reached through a plugin or jenkins-core. */
    List<String> bundledJars() {
      List<String> out = new ArrayList<>();
      out.add("io.stamprelease:stamp-release:0.1.0-SNAPSHOT (the plugin's own classes)");
      Set<DependencyNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      walk(resolved, new ArrayList<>(), (node, path) -> {
        Artifact a = node.getArtifact();
        String scope = node.getDependency().getScope();
        boolean throughPlugin = plugin(path.get(0)) || path.stream().anyMatch(n -> n.getArtifact().getArtifactId().equals("jenkins-core"));
        if (seen.add(node) && !plugin(node) && !throughPlugin && !node.getDependency().isOptional() && Set.of("compile", "runtime").contains(scope)
            && "jar".equals(a.getExtension())) {
          out.add(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getBaseVersion() + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier()));
        }
      });
      List<String> sorted = new ArrayList<>(out.subList(1, out.size()));
      Collections.sort(sorted);
      sorted.add(0, out.get(0));
      return sorted;
    }

    /** The plugins in the runtime graph. */
    Set<String> plugins() {
      Set<String> out = new TreeSet<>();
      walk(resolved, new ArrayList<>(), (node, path) -> {
        if (plugin(node)) {
          out.add(ga(node.getArtifact().getGroupId() + ":" + node.getArtifact().getArtifactId()));
        }
      });
      return out;
    }

    /** The libraries that the plugins this one depends on bundle (jars below a plugin that are not plugins themselves). */
    Set<String> librariesOfPlugins() {
      Set<String> out = new TreeSet<>();
      walk(resolved, new ArrayList<>(), (node, path) -> {
        if (!plugin(node) && path.stream().limit(path.size() - 1).anyMatch(this::plugin)) {
          out.add(node.getArtifact().getGroupId() + ":" + node.getArtifact().getArtifactId());
        }
      });
      return out;
    }

    String resolvedVersion(String ga) {
      List<String> versions = new ArrayList<>();
      walk(resolved, new ArrayList<>(), (node, path) -> {
        if (ga.equals(node.getArtifact().getGroupId() + ":" + node.getArtifact().getArtifactId())) {
          versions.add(node.getArtifact().getBaseVersion());
        }
      });
      return versions.isEmpty() ? null : versions.get(0);
    }

    private boolean plugin(DependencyNode node) {
      return pluginPackaging.contains(node.getArtifact().getGroupId() + ":" + node.getArtifact().getArtifactId());
    }

    private static String requested(DependencyNode node) {
      String premanaged = DependencyManagerUtils.getPremanagedVersion(node);
      return premanaged != null ? premanaged : node.getArtifact().getBaseVersion();
    }

    private static String name(DependencyNode node, boolean premanaged) {
      Artifact a = node.getArtifact();
      String version = premanaged ? DependencyManagerUtils.getPremanagedVersion(node) : a.getBaseVersion();
      String scope = node.getDependency().getScope();
      return a.getGroupId() + ":" + a.getArtifactId() + ":" + version + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier())
          + (scope == null || scope.isEmpty() || "compile".equals(scope) ? "" : " [" + scope + "]");
    }

    /** Depth-first over the nodes below the (artifact-less) root; {@code path} runs from the direct dependency to the node. */
    private static void walk(DependencyNode node, List<DependencyNode> path, java.util.function.BiConsumer<DependencyNode, List<DependencyNode>> visit) {
      for (DependencyNode child : node.getChildren()) {
        path.add(child);
        visit.accept(child, path);
        walk(child, path, visit);
        path.remove(path.size() - 1);
      }
    }
  }
}
