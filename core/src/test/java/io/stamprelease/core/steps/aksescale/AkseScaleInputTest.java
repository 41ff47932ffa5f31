package io.stamprelease.core.steps.aksescale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.core.input.InvalidInputException;
import io.stamprelease.testkit.arm.AksEngineTemplates;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("akseScale's input: the scale-out's template and parameters judged as akseDeploy judges them, and ARM's names")
class AkseScaleInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Cluster CLUSTER = Cluster.of("akse-input", "12345678", 1, Map.of("agentpool1", 3));

  @TempDir
  Path dir;

  /** The input of a scale-out with the cluster's files, the template and parameters changed by the given edits. */
  AkseScaleInput input(Consumer<ObjectNode> templateEdit, Consumer<ObjectNode> parametersEdit) throws Exception {
    ObjectNode template = AksEngineTemplates.template(CLUSTER).deepCopy();
    ObjectNode parameters = AksEngineTemplates.parametersFile(CLUSTER).deepCopy();
    templateEdit.accept(template);
    parametersEdit.accept((ObjectNode) parameters.get("parameters"));
    Path t = Files.writeString(dir.resolve("azuredeploy.json"), JSON.writeValueAsString(template));
    Path p = Files.writeString(dir.resolve("azuredeploy.parameters.json"), JSON.writeValueAsString(parameters));
    return new AkseScaleInput().hub("seattle").resourceGroup("rg-stamp").pool("agentpool1").count(4).template(t).parameters(p)
        .kubeconfigContents("apiVersion: v1\nclusters: [{name: c}]\n");
  }

  static Stream<Arguments> refused() {
    return Stream.<Arguments>of(
        Arguments.of("an undeclared parameter", (Consumer<ObjectNode>) t -> { }, (Consumer<ObjectNode>) p -> p.putObject("surprise").put("value", 1),
            "parameters.surprise: is not declared by the template"),
        Arguments.of("a missing required parameter", (Consumer<ObjectNode>) t -> ((ObjectNode) t.get("parameters")).putObject("sshKey")
            .put("type", "string"), (Consumer<ObjectNode>) p -> { }, "parameters.sshKey: is required by the template"),
        Arguments.of("a mistyped parameter", (Consumer<ObjectNode>) t -> { }, (Consumer<ObjectNode>) p -> p.putObject("agentpool1Count")
            .put("value", "three"), "parameters.agentpool1Count: must be of type int as the template declares (was string)"),
        Arguments.of("a template without resources", (Consumer<ObjectNode>) t -> t.remove("resources"), (Consumer<ObjectNode>) p -> { },
            "template: must be an ARM deployment template with a 'parameters' object and a 'resources' array"),
        Arguments.of("a nameSuffix Kubernetes cannot name Nodes with", (Consumer<ObjectNode>) t -> { },
            (Consumer<ObjectNode>) p -> p.putObject("nameSuffix").put("value", "abc_1"), "parameters.nameSuffix: must be 1-63 lower-case letters"),
        Arguments.of("a nameSuffix with a path separator", (Consumer<ObjectNode>) t -> { },
            (Consumer<ObjectNode>) p -> p.putObject("nameSuffix").put("value", "12/../34"), "parameters.nameSuffix: contains a path separator"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  @DisplayName("is refused, naming where")
  void refusedNamingWhere(String name, Consumer<ObjectNode> templateEdit, Consumer<ObjectNode> parametersEdit, String message) throws Exception {
    // Given
    AkseScaleInput input = input(templateEdit, parametersEdit);
    // When / Then
    assertThatThrownBy(input::validate).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
  }

  @Test
  @DisplayName("the cluster's own files are taken")
  void ownFilesTaken() throws Exception {
    assertThat(input(t -> { }, p -> { }).validate().nameSuffix()).isEqualTo("12345678");
  }

  @Test
  @DisplayName("resource groups ARM cannot hold are refused: control characters, path separators, '..', a trailing period")
  void resourceGroups() throws Exception {
    for (String group : new String[] {"rg\u0007x", "rg/../other", "rg..x", "rg.", "a".repeat(91)}) {
      AkseScaleInput input = input(t -> { }, p -> { }).resourceGroup(group);
      assertThatThrownBy(input::validate).as(group).isInstanceOf(InvalidInputException.class).hasMessageContaining("resourceGroup: ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0007"));
    }
  }

  @Test
  @DisplayName("a template file above ARM's 4 MB request limit is refused by its size, naming the limit")
  void oversizedTemplate() throws Exception {
    // Given a 5 MB file
    AkseScaleInput input = input(t -> { }, p -> { });
    Path big = dir.resolve("big.json");
    Files.writeString(big, "{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}");
    // When / Then
    assertThatThrownBy(() -> input.template(big).validate()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template: '" + big + "' is 5.0 MB; ARM refuses a deployment request above 4 MB (413 RequestContentTooLarge)");
  }
}
