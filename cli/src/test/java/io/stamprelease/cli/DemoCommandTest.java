package io.stamprelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("stamp demo (first step: hubs and the plan)")
class DemoCommandTest {
  @Test
  @DisplayName("starts 3 hubs with Ready clusters and prints the release it will walk through")
  void startsThreeHubs() {
    CliRunner r = CliRunner.run("demo", "--auto-approve");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("seattle", "denver", "austin").contains("6 nodes Ready").contains("(auto-approved)");
    assertThat(r.err()).contains("3 simulated hubs with AKS Engine clusters ready in");
  }
}
