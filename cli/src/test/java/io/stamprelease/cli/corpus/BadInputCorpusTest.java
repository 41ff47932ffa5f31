package io.stamprelease.cli.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.cli.support.ExitCode;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import io.stamprelease.testkit.SimulatedHub;
import io.stamprelease.testkit.arm.RequestJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus (issue 13): every input of {@code stamp deploy}, {@code scale}, {@code rollout}, {@code shift} and
 * {@code release} given a value ARM, Kubernetes, Helm or the plan cannot take. Each must end with exit 2, name the field
 * and what it allows, and leave the world as it was: no write in any ARM journal (the hubs', public Azure's) or on the
 * BIG-IP, no Helm release Secret created or changed, no namespace, cordon or Deployment change, nothing in the directory
 * the command journals its state to. One simulated cloud serves the whole corpus; the rows are in {@code *BadInputs}.
 */
@DisplayName("the bad-input corpus: exit 2, the field and what it allows named, nothing written")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize();

  SimulatedCloud cloud;
  Corpus corpus;

  @BeforeAll
  void start(@TempDir Path simDir) throws Exception {
    cloud = SimulatedCloud.startWithClusters(2, HubSettings.fast(), s -> { });
    SimConfigFiles sim = cloud.writeConfig(simDir);
    ObjectNode hubs = (ObjectNode) YAML.readTree(Files.readString(sim.hubsYaml()));
    hubs.remove("gslb");
    Path noGslb = Files.writeString(simDir.resolve("hubs-without-gslb.yaml"), YAML.writeValueAsString(hubs));
    corpus = new Corpus(sim.hubsYaml(), noGslb, SimulatedCloud.clusterOf(cloud.hub("seattle")), CHART,
        Files.createDirectories(simDir.resolve("inputs")), Files.createDirectories(simDir.resolve("journal")));
    HelmProcessEnvironment.prepare();
    // a release of the app already on seattle: a row that wrote to it would change its Secret or its Deployment
    CliRunner installed = CliRunner.run("rollout", "--config", sim.hubsYaml().toString(), "--hub", "seattle", "--release", "demo", "-n", "demo",
        "--create-namespace", "--chart", CHART.toString(), "--timeout", "2m");
    assertThat(installed.exitCode()).as(installed.err()).isEqualTo(ExitCode.OK);
    assertThat(kubernetes()).as("the installed release is what the rows must leave alone")
        .containsKey("seattle secret demo/sh.helm.release.v1.demo.v1").containsKey("seattle namespace demo");
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  Stream<BadInput> corpus() {
    return Stream.of(DeployBadInputs.of(corpus), ScaleBadInputs.of(corpus), RolloutBadInputs.of(corpus), ShiftBadInputs.of(corpus),
        ReleaseBadInputs.of(corpus)).flatMap(List::stream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @DisplayName("is refused with exit 2, naming the field and what it allows, before anything is written")
  void refused(BadInput row) throws IOException {
    // Given
    long writesBefore = writes();
    Map<String, String> kubeBefore = kubernetes();
    // When
    CliRunner r = CliRunner.run(row.args().toArray(String[]::new));
    // Then
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.err()).as("the field is named").contains(row.label());
    assertThat(r.err().substring(r.err().indexOf(row.label()))).as("what the field allows follows its name").contains(row.allowed());
    assertThat(r.err()).as("a message, not a stack trace").doesNotContain("\tat ", "unexpected error")
        .doesNotContainPattern("\\w+(Exception|Error): ");
    assertThat(writes()).as("ARM and BIG-IP writes").isEqualTo(writesBefore);
    assertThat(kubernetes()).as("Helm release Secrets, namespaces, cordons and Deployments").isEqualTo(kubeBefore);
    try (Stream<Path> journaled = Files.list(corpus.journal())) {
      assertThat(journaled).as("state files and reports").isEmpty();
    }
  }

  /** Writes on every ARM endpoint and the BIG-IP; token requests and the BIG-IP's login (which change nothing) left out. */
  long writes() {
    List<RequestJournal> arm = new ArrayList<>(cloud.hubs().stream().map(h -> h.arm().journal()).toList());
    arm.add(cloud.publicRegion().arm().journal());
    return arm.stream().mapToLong(j -> j.writes().size()).sum()
        + cloud.gslb().journal().writes().stream().filter(w -> !w.path().equals("/mgmt/shared/authn/login")).count();
  }

  /**
   * What a step's write would change on a stamp's cluster: every Helm release Secret (by its resourceVersion), every
   * namespace, every Node's cordon and every Deployment's generation (a spec change).
   */
  Map<String, String> kubernetes() {
    Map<String, String> out = new TreeMap<>();
    for (SimulatedHub hub : cloud.hubs()) {
      KubernetesClient k = hub.cluster().client();
      k.secrets().inAnyNamespace().withLabel("owner", "helm").list().getItems()
          .forEach(s -> out.put(key(hub, "secret", s), s.getMetadata().getResourceVersion()));
      k.namespaces().list().getItems().forEach(n -> out.put(key(hub, "namespace", n), "exists"));
      for (Node n : k.nodes().list().getItems()) {
        out.put(key(hub, "node", n), "unschedulable=" + Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
      }
      k.apps().deployments().inAnyNamespace().list().getItems()
          .forEach(d -> out.put(key(hub, "deployment", d), "generation=" + d.getMetadata().getGeneration()));
    }
    return out;
  }

  private static String key(SimulatedHub hub, String kind, HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return hub.name() + " " + kind + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }
}
