package io.stamprelease.cli;

import io.stamprelease.cli.support.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every example of docs/commands/*.md: each {@code $ stamp ...} line of a {@code ```console} block is
 * executed in-process and must exit with the block's {@code exit=N} (default 0). Paths under
 * {@code /tmp/stamp-sim} are redirected to a temporary directory.
 */
@DisplayName("Every documented `stamp` example runs as written")
class DocsExamplesTest {
  private static final Pattern BLOCK = Pattern.compile("```console(?: exit=(\\d+))?\\n(.*?)```", Pattern.DOTALL);

  record Example(Path page, String command, int expectedExit) {
  }

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> documentedExamples() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (Stream<Path> pages = Files.list(Path.of("..", "docs", "commands"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = BLOCK.matcher(Files.readString(page));
        while (m.find()) {
          int exit = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
          m.group(2).lines().filter(l -> l.startsWith("$ stamp ")).forEach(l -> examples.add(new Example(page, l.substring(8), exit)));
        }
      }
    }
    assertThat(examples).as("documented examples").isNotEmpty();
    return examples.stream().map(e -> DynamicTest.dynamicTest(e.page().getFileName() + ": stamp " + e.command(), () -> {
      String[] args = e.command().replace("/tmp/stamp-sim", work.resolve("sim").toString()).split("\\s+");
      CliRunner r = CliRunner.run(args);
      assertThat(r.exitCode()).as("exit code of `stamp %s`%nstdout: %s%nstderr: %s", e.command(), r.out(), r.err())
          .isEqualTo(e.expectedExit());
    }));
  }
}
