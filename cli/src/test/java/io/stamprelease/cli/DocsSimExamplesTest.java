package io.stamprelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stamprelease.cli.sim.SimCommand;
import io.stamprelease.cli.support.CliRunner;
import io.stamprelease.core.clients.helm.HelmProcessEnvironment;
import io.stamprelease.testkit.HubSettings;
import io.stamprelease.testkit.SimulatedCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example of docs/commands/*.md written against a running simulation: each {@code $ stamp ...} line of a
 * {@code ```console sim=bare} block (optionally {@code exit=N}, default 0), in the page's order, against one
 * simulation per page started as {@code stamp sim --bare --hubs 3} starts it. {@code /tmp/stamp-sim} is that
 * simulation's folder, {@code samples/} the repository's.
 */
@DisplayName("Every documented `stamp` example against `stamp sim --bare` runs as written")
class DocsSimExamplesTest {
  private static final Pattern BLOCK = Pattern.compile("```console sim=bare(?: exit=(\\d+))?\\n(.*?)```", Pattern.DOTALL);
  private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

  record Example(String command, int expectedExit) {
  }

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicNode> documentedExamples() throws IOException {
    List<DynamicNode> pages = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("..", "docs", "commands"))) {
      for (Path page : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<Example> examples = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(page));
        while (m.find()) {
          int exit = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
          m.group(2).lines().filter(l -> l.startsWith("$ stamp ")).forEach(l -> examples.add(new Example(l.substring(8), exit)));
        }
        if (!examples.isEmpty()) {
          pages.add(DynamicContainer.dynamicContainer(page.getFileName().toString(), Stream.of(DynamicTest.dynamicTest(
              examples.size() + " example(s) in order", () -> runAll(page, examples)))));
        }
      }
    }
    assertThat(pages).as("pages with examples against stamp sim --bare").isNotEmpty();
    return pages.stream();
  }

  private void runAll(Path page, List<Example> examples) {
    Path sim = work.resolve(page.getFileName().toString().replace(".md", ""));
    try (SimulatedCloud cloud = SimCommand.start(3, HubSettings.fast(), true, s -> { })) {
      cloud.writeConfig(sim);
      HelmProcessEnvironment.prepare();
      for (Example e : examples) {
        String[] args = e.command().replace("/tmp/stamp-sim", sim.toString()).replace("samples/", SAMPLES + "/").split("\\s+");
        CliRunner r = CliRunner.run(args);
        assertThat(r.exitCode()).as("exit code of `stamp %s`%nstdout: %s%nstderr: %s", e.command(), r.out(), r.err())
            .isEqualTo(e.expectedExit());
      }
    }
  }
}
