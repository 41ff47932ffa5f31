package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Limits and names: what ARM refuses before it runs anything, with ARM's codes, and nothing created")
class ArmLimitsAndNamesTest {
  static final String RG = "rg-limits";
  static RawArm hub;

  @BeforeAll
  static void start() {
    hub = RawArm.start();
    hub.putResourceGroup(RG);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static String url(String name) {
    return RawArm.deployment(RG, name) + "?api-version=2019-10-01";
  }

  static String validate(String name) {
    return RawArm.deployment(RG, name) + "/validate?api-version=2019-10-01";
  }

  static String body(ObjectNode template) {
    ObjectNode body = Json.object();
    body.putObject("properties").put("mode", "Incremental").set("template", template);
    return body.toString();
  }

  static ObjectNode template() {
    ObjectNode t = Json.object().put("contentVersion", "1.0.0.0");
    t.putArray("resources");
    return t;
  }

  @Test
  @DisplayName("a request above 4 MB is refused with 413 RequestContentTooLarge; nothing is created and the journal keeps the attempt "
      + "without its body")
  void requestAbove4MB() {
    // Given a template whose one variable makes the request 4 MiB + 1 KiB
    ObjectNode t = template();
    t.putObject("variables").put("blob", "x".repeat(4 * 1024 * 1024 + 1024));
    // When
    RawArm.Answer a = hub.send("PUT", url("huge"), body(t));
    // Then
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.errorCode()).isEqualTo("RequestContentTooLarge");
    assertThat(a.body().at("/error/message").asText()).isEqualTo("The request content size exceeds the maximum size of 4 MB.");
    assertThat(hub.get(url("huge")).status()).isEqualTo(404);
    assertThat(hub.arm.journal().writes()).filteredOn(e -> e.path().endsWith("/deployments/huge"))
        .singleElement().satisfies(e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.body()).startsWith("[body of ").doesNotContain("xxxx");
        });
  }

  @Test
  @DisplayName("a 3 MB template is accepted: the refusal is ARM's 4 MB, not a smaller limit of ours")
  void threeMegabytesAccepted() {
    ObjectNode t = template();
    t.putObject("variables").put("blob", "x".repeat(3 * 1024 * 1024));
    assertThat(hub.send("POST", validate("three-mb"), body(t)).status()).isEqualTo(200);
  }

  static Stream<Arguments> limits() {
    IntFunction<ObjectNode> parameters = n -> {
      ObjectNode t = template();
      ObjectNode p = t.putObject("parameters");
      for (int i = 0; i < n; i++) {
        p.putObject("p" + i).put("type", "int").put("defaultValue", i);
      }
      return t;
    };
    IntFunction<ObjectNode> variables = n -> {
      ObjectNode t = template();
      ObjectNode v = t.putObject("variables");
      for (int i = 0; i < n; i++) {
        v.put("v" + i, i);
      }
      return t;
    };
    IntFunction<ObjectNode> outputs = n -> {
      ObjectNode t = template();
      ObjectNode o = t.putObject("outputs");
      for (int i = 0; i < n; i++) {
        o.putObject("o" + i).put("type", "int").put("value", i);
      }
      return t;
    };
    IntFunction<ObjectNode> resources = n -> {
      ObjectNode t = template();
      t.withArray("resources").addObject().put("type", "Microsoft.Network/networkInterfaces").put("apiVersion", "2018-11-01")
          .put("name", "[concat('nic-', copyIndex())]").putObject("copy").put("name", "nics").put("count", n);
      return t;
    };
    return Stream.of(
        Arguments.of("parameters", 256, parameters),
        Arguments.of("variables", 256, variables),
        Arguments.of("outputs", 64, outputs),
        Arguments.of("resources", 800, resources));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("limits")
  @DisplayName("a template at ARM's limit is accepted; one more is refused with 400 InvalidTemplate naming the limit and the count")
  void templateLimits(String what, int limit, IntFunction<ObjectNode> template) {
    // Given / When
    RawArm.Answer atLimit = hub.send("POST", validate("at-" + what), body(template.apply(limit)));
    RawArm.Answer over = hub.send("PUT", url("over-" + what), body(template.apply(limit + 1)));
    // Then
    assertThat(atLimit.status()).isEqualTo(200);
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.errorCode()).isEqualTo("InvalidTemplate");
    assertThat(over.body().at("/error/message").asText())
        .contains("The number of template " + what + " limit exceeded. Limit: '" + limit + "' and actual: '" + (limit + 1) + "'.");
    assertThat(hub.get(url("over-" + what)).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("an AKS Engine deployment whose copy loops would declare more than 800 resources is refused; 800 are accepted")
  void aksEngineResourceCount() {
    // Given 1 master (availability set, NIC, VM) and a pool of n nodes (availability set + NIC and VM per node)
    Cluster fits = Cluster.of("big", "14142135", 1, Map.of("agentpool1", 398));
    Cluster tooBig = Cluster.of("big", "14142135", 1, Map.of("agentpool1", 400));
    // When
    RawArm.Answer accepted = hub.send("POST", validate("big"), RawArm.clusterBody(fits));
    RawArm.Answer refused = hub.send("PUT", url("big"), RawArm.clusterBody(tooBig));
    // Then
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().at("/error/message").asText()).contains("Limit: '800' and actual: '804'");
    assertThat(hub.get(RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01").body().path("value"))
        .isEmpty();
  }

  static Stream<Arguments> badGroupNames() {
    return Stream.of(
        Arguments.of("ends with a period", "stamp-seattle."),
        Arguments.of("91 characters", "g".repeat(91)),
        Arguments.of("a space", "stamp%20seattle"),
        Arguments.of("a control character", "stamp%07seattle"),
        Arguments.of("'..'", ".."),
        Arguments.of("a star", "stamp*"),
        Arguments.of("a semicolon", "stamp%3Bseattle"),
        Arguments.of("a backslash", "stamp%5Cseattle"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badGroupNames")
  @DisplayName("a resource group name ARM cannot hold is refused with 400 InvalidResourceGroup, and no group exists")
  void badResourceGroupNames(String what, String encoded) {
    // When
    RawArm.Answer a = hub.send("PUT", RawArm.rg(encoded) + "?api-version=2019-10-01", "{\"location\":\"local\"}");
    // Then
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("InvalidResourceGroup");
    assertThat(a.text()).doesNotContain("\u0007");
    assertThat(hub.get(RawArm.rg(encoded) + "?api-version=2019-10-01").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("resource group names with parentheses, underscores, inner periods, Unicode letters and 90 characters are accepted")
  void unusualGoodGroupNames() {
    for (String encoded : new String[] {"rg_(1).ok", "gr%C3%BCppe", "g".repeat(90)}) {
      assertThat(hub.send("PUT", RawArm.rg(encoded) + "?api-version=2019-10-01", "{\"location\":\"local\"}").status())
          .as(encoded).isEqualTo(201);
    }
  }

  static Stream<Arguments> badDeploymentNames() {
    return Stream.of(
        Arguments.of("65 characters", "d".repeat(65), "DeploymentNameLengthLimitExceeded"),
        Arguments.of("a space", "deploy%20me", "DeploymentNameInvalidCharacters"),
        Arguments.of("a colon", "deploy%3Ame", "DeploymentNameInvalidCharacters"),
        Arguments.of("a control character", "deploy%01me", "DeploymentNameInvalidCharacters"),
        Arguments.of("a plus", "deploy%2Bme", "DeploymentNameInvalidCharacters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDeploymentNames")
  @DisplayName("a deployment name ARM cannot hold is refused with ARM's code, on PUT and validate, and no deployment exists")
  void badDeploymentNames(String what, String encoded, String code) {
    // When
    RawArm.Answer put = hub.send("PUT", url(encoded), body(template()));
    RawArm.Answer validated = hub.send("POST", validate(encoded), body(template()));
    // Then
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo(code);
    assertThat(validated.errorCode()).isEqualTo(code);
    assertThat(hub.get(url(encoded)).status()).isEqualTo(404);
  }

  static Stream<Arguments> badSuffixes() {
    return Stream.of(
        Arguments.of("a path separator", "bad/suffix"),
        Arguments.of("a control character", "bell\u0007"),
        Arguments.of("a space", "has space"),
        Arguments.of("a plus", "plus+x"),
        Arguments.of("a colon", "a:b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSuffixes")
  @DisplayName("a name suffix that makes VM, NIC or availability-set names ARM refuses fails ARM's pre-flight: 400 "
      + "InvalidTemplateDeployment with inner InvalidResourceName; no deployment, no VM")
  void badResourceNames(String what, String suffix) {
    // Given
    Cluster cluster = Cluster.of("names", suffix, 1, Map.of("agentpool1", 1));
    // When
    RawArm.Answer a = hub.send("PUT", url("names"), RawArm.clusterBody(cluster));
    // Then
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("InvalidTemplateDeployment");
    assertThat(a.body().at("/error/message").asText()).contains("The template deployment 'names' is not valid according to the validation procedure");
    assertThat(a.body().at("/error/details/0/code").asText()).isEqualTo("InvalidResourceName");
    assertThat(a.body().at("/error/details/0/target").asText()).contains(suffix);
    assertThat(a.text()).doesNotContain("\u0007");
    assertThat(hub.get(url("names")).status()).isEqualTo(404);
    assertThat(hub.get(RawArm.rg(RG) + "/providers/Microsoft.Compute/virtualMachines?api-version=2020-06-01").body().path("value"))
        .isEmpty();
  }

  @Test
  @DisplayName("a name suffix ARM accepts but Kubernetes cannot hold as a Node name (an underscore) passes ARM's pre-flight")
  void underscoreSuffixPassesArm() {
    Cluster cluster = Cluster.of("names", "with_underscore", 1, Map.of("agentpool1", 1));
    assertThat(hub.send("POST", validate("underscore"), RawArm.clusterBody(cluster)).status()).isEqualTo(200);
  }
}
