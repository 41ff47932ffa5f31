package io.stamprelease.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The samples users copy (samples/Jenkinsfile, samples/vars/*.groovy) are compiled by plain Groovy up to the
 * CONVERSION phase: a syntax error fails the build. Jenkins' steps (trafficShift, helmRollout, stampGate, readYaml…)
 * are unknown to plain Groovy, which is why it stops before semantic analysis and type checking.
 */
@DisplayName("Groovy samples")
class SamplesGroovyTest {
  static Stream<Path> samples() throws Exception {
    Path samples = Path.of("..", "samples");
    try (Stream<Path> vars = Files.list(samples.resolve("vars"))) {
      return Stream.concat(Stream.of(samples.resolve("Jenkinsfile")), vars.filter(p -> p.toString().endsWith(".groovy")).sorted().toList().stream());
    }
  }

  static void compileToConversion(String name, String source) {
    CompilationUnit unit = new CompilationUnit();
    unit.addSource(name, source);
    unit.compile(Phases.CONVERSION);
  }

  @ParameterizedTest(name = "{0} compiles to the CONVERSION phase")
  @MethodSource("samples")
  @DisplayName("each sample parses")
  void parses(Path file) throws Exception {
    // Given
    String source = Files.readString(file);
    // When / Then
    compileToConversion(file.getFileName().toString(), source);
    assertThat(source).contains("trafficShift", "helmRollout");
  }

  @Test
  @DisplayName("a syntax error would fail the build (the check is not vacuous)")
  void syntaxErrorFails() {
    // Given
    String broken = "node('hub-seattle') { helmRollout release: 'demo' ";
    // When / Then
    assertThatThrownBy(() -> compileToConversion("Broken.groovy", broken)).isInstanceOf(CompilationFailedException.class);
  }
}
