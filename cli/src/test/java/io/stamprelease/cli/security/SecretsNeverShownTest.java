package io.stamprelease.cli.security;

import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.SimConfigFiles;
import io.stamprelease.testkit.SimulatedCloud;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command, on its good and its failure paths, with distinctive secret values — hub client secrets, the public
 * Azure secret, the BIG-IP password, a kubeconfig token, a chart value given with --set, a wrong secret the hub refuses
 * — then stdout, stderr and every file left in the work directory, the temporary directory and HOME are scanned.
 */
@DisplayName("No secret is shown or left behind by any command")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverShownTest {
  static final Path CHART = Path.of("..", "samples", "charts", "demo").toAbsolutePath().normalize();

  SimulatedCloud cloud;
  SimConfigFiles files;
  Path work;
  final List<String> secrets = new ArrayList<>();
  final List<CliRunner> runs = new ArrayList<>();
  /** The inputs that hold secrets on purpose (the user's own files); everything else must not. */
  final Set<Path> inputs = new java.util.HashSet<>();

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    work = dir;
    cloud = SimulatedCloud.startWithClusters(1, HubSettings.fast(), s -> { });
    files = cloud.writeConfig(dir.resolve("sim"));
    HelmProcessEnvironment.prepare();
    secrets.add(cloud.hub("seattle").clientSecret());
    secrets.add(cloud.publicRegion().clientSecret());
    secrets.add(cloud.gslbPassword());
    try (Stream<Path> all = Files.walk(files.dir())) {
      all.filter(Files::isRegularFile).forEach(inputs::add);
    }
  }

  @AfterAll
  void stop() {
    cloud.close();
  }

  Path kubeconfigWithToken(String token) throws IOException {
    Path file = work.resolve("stamp.kubeconfig");
    Files.writeString(file, cloud.hub("seattle").cluster().kubeconfig("default").replace("simulated-token", token));
    inputs.add(file);
    return file;
  }

  CliRunner run(String... args) {
    CliRunner r = CliRunner.run(args);
    runs.add(r);
    return r;
  }

  @Test
  @DisplayName("Given every command run with secrets in play, when outputs and files are scanned, then no secret value is found")
  void nothingLeaks() throws Exception {
    // Given
    String token = "kube-token-" + UUID.randomUUID();
    String chartSecret = "chart-secret-" + UUID.randomUUID();
    String wrongSecret = "wrong-secret-" + UUID.randomUUID();
    secrets.addAll(List.of(token, chartSecret, wrongSecret));
    Path kubeconfig = kubeconfigWithToken(token);
    String hubs = files.hubsYaml().toString();
    Path wrongHubs = Files.createDirectories(work.resolve("wrong"));
    Files.writeString(wrongHubs.resolve("hubs.yaml"), Files.readString(files.hubsYaml())
        .replace("secrets/", files.dir().resolve("secrets").toString() + "/").replace(files.dir().resolve("secrets").toString() + "/seattle.client-secret",
            wrongHubs.resolve("seattle.client-secret").toString()).replace("ca.pem", files.caPem().toString())
        .replace("seattle.kubeconfig", files.dir().resolve("seattle.kubeconfig").toString()));
    Files.writeString(wrongHubs.resolve("seattle.client-secret"), wrongSecret);
    inputs.add(wrongHubs.resolve("hubs.yaml"));
    inputs.add(wrongHubs.resolve("seattle.client-secret"));
    Path state = work.resolve("rollout-state.bin");
    Cluster cluster = Cluster.of("seattle", "30483991", 3, java.util.Map.of("agentpool1", 2));
    Path template = Files.writeString(work.resolve("azuredeploy.json"), AksEngineTemplates.template(cluster).toString());
    Path parameters = Files.writeString(work.resolve("azuredeploy.parameters.json"), AksEngineTemplates.parametersFile(cluster).toString());

    // When: good and failure paths of every command
    List<Integer> exits = List.of(
        run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "app", "-n", "apps", "--create-namespace", "--chart", CHART.toString(),
            "--set", "dbPassword=" + chartSecret, "--set", "replicas=1", "--timeout", "1m", "--state", state.toString()).exitCode(),
        run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "app", "-n", "apps", "--chart", CHART.toString(),
            "--set", "dbPassword=" + chartSecret, "--set", "replicas=2", "--dry-run").exitCode(),
        run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "app", "-n", "apps", "--chart", CHART.toString(),
            "--set", "dbPassword=" + chartSecret, "--set", "crash=true", "--timeout", "1m", "--output", "json").exitCode(),
        run("rollout", "--kubeconfig", kubeconfig.toString(), "--release", "app", "-n", "apps", "--chart", "/no/such/chart",
            "--set", "dbPassword=" + chartSecret).exitCode(),
        run("shift", "--config", hubs, "--provider", "azure-traffic-manager", "--drain", "seattle", "--dry-run").exitCode(),
        run("shift", "--config", hubs, "--provider", "f5-gtm", "--drain", "seattle", "--dry-run").exitCode(),
        run("deploy", "--config", wrongHubs.resolve("hubs.yaml").toString(), "--hub", "seattle", "--resource-group", "rg",
            "--template", template.toString(), "--parameters", parameters.toString(), "--what-if").exitCode(),
        run("scale", "--config", wrongHubs.resolve("hubs.yaml").toString(), "--hub", "seattle", "--resource-group", "rg", "--pool", "agentpool1",
            "--count", "3", "--template", "/no/such/template.json", "--parameters", "/no/such/parameters.json").exitCode(),
        run("release", "--plan", "/no/such/stamps.yaml", "--config", hubs, "--auto-approve").exitCode());

    // Then: the runs did what they should (so the scan covers real paths)...
    runs.forEach(r -> System.out.println("exit " + r.exitCode() + ": " + r.err().lines().filter(l -> l.startsWith("error")).toList()));
    assertThat(exits).containsExactly(0, 0, 1, 2, 2, 2, 3, 2, 2);
    // ...and no secret is in any output or any file left anywhere
    List<String> found = new ArrayList<>();
    for (CliRunner r : runs) {
      for (String s : secrets) {
        if (r.out().contains(s) || r.err().contains(s)) {
          found.add("output of a run holds " + s.substring(0, 8) + "…");
        }
      }
    }
    for (Path root : List.of(work, Path.of(System.getProperty("java.io.tmpdir")), Path.of(System.getenv().getOrDefault("HOME", work.toString())))) {
      scan(root, found);
    }
    assertThat(found).isEmpty();
    assertThat(state).as("the state file of an ended rollout").doesNotExist();
  }

  private void scan(Path root, List<String> found) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).filter(p -> !inputs.contains(p)).toList()) {
        if (Files.size(p) > 50_000_000) {
          continue; // Helm's native library
        }
        String text;
        try {
          text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException unreadable) {
          continue; // a file another test is deleting right now
        }
        for (String s : secrets) {
          if (text.contains(s)) {
            found.add(p + " holds " + s.substring(0, 8) + "…");
          }
        }
      }
    }
  }
}
