package io.stamprelease.core.report;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The one version string")
class ToolVersionTest {
  @Test
  @DisplayName("Given a Maven build, when a front end names itself, then it carries the project's version (no development placeholder)")
  void stampedByMaven() {
    assertThat(ToolVersion.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(ToolVersion.of("stamp")).isEqualTo("stamp " + ToolVersion.version());
  }
}
