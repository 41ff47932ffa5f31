package io.stamprelease.testkit.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stamprelease.testkit.arm.AksEngineTemplates.Cluster;
import io.stamprelease.testkit.arm.ArmContract.LroKind;
import io.stamprelease.testkit.arm.ArmContract.LroStyle;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Deployment shape: hubs with or without templateHash and tags; DeploymentActive for a running scale-out")
class ArmDeploymentShapeTest {
  static final String RG = "rg-shape";
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

  @AfterEach
  void reset() {
    hub.arm.contract().reset();
    hub.arm.faults().clear();
    hub.arm.timings(new ArmTimings(Duration.ofMillis(600), Duration.ofMillis(150), 1));
  }

  static String url(String name) {
    return RawArm.deployment(RG, name) + "?api-version=2019-10-01";
  }

  static String taggedBody(String hash) {
    ObjectNode body = Json.object();
    body.putObject("tags").put("stamprelease.io/input-hash", hash);
    body.putObject("properties").put("mode", "Incremental").putObject("template").putArray("resources");
    return body.toString();
  }

  @Test
  @DisplayName("a hub that does not echo templateHash (as the first 2019-10-01 shape defines none) leaves it out of PUT, GET, list "
      + "and validate, and shows everything else")
  void noTemplateHash() {
    // Given
    hub.arm.contract().echoTemplateHash(false);
    // When
    RawArm.Answer created = hub.send("PUT", url("no-hash"), taggedBody("h1"));
    hub.awaitDeployment(RG, "no-hash", "Succeeded");
    JsonNode got = hub.get(url("no-hash")).body();
    JsonNode listed = hub.get(RawArm.rg(RG) + "/providers/Microsoft.Resources/deployments?api-version=2019-10-01").body();
    JsonNode validated = hub.send("POST", RawArm.deployment(RG, "no-hash") + "/validate?api-version=2019-10-01", taggedBody("h1")).body();
    // Then
    assertThat(created.body().at("/properties").has("templateHash")).isFalse();
    assertThat(got.at("/properties").has("templateHash")).isFalse();
    assertThat(got.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(got.at("/properties/mode").asText()).isEqualTo("Incremental");
    assertThat(listed.findValues("templateHash")).isEmpty();
    assertThat(validated.at("/properties").has("templateHash")).isFalse();
    assertThat(validated.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
  }

  @Test
  @DisplayName("by default a hub echoes templateHash, the same for the same template")
  void templateHashByDefault() {
    // Given / When
    hub.send("PUT", url("with-hash"), taggedBody("h2"));
    hub.awaitDeployment(RG, "with-hash", "Succeeded");
    String got = hub.get(url("with-hash")).body().at("/properties/templateHash").asText();
    String validated = hub.send("POST", RawArm.deployment(RG, "with-hash") + "/validate?api-version=2019-10-01", taggedBody("h2"))
        .body().at("/properties/templateHash").asText();
    // Then
    assertThat(got).isNotBlank().isEqualTo(validated);
  }

  @Test
  @DisplayName("a deployment keeps the tags of its PUT (so a product can store its own input hash there) and shows them in GET and list")
  void tagsKept() {
    // Given / When
    hub.send("PUT", url("tagged"), taggedBody("sha256:abc"));
    hub.awaitDeployment(RG, "tagged", "Succeeded");
    JsonNode got = hub.get(url("tagged")).body();
    JsonNode listed = hub.get(RawArm.rg(RG) + "/providers/Microsoft.Resources/deployments?api-version=2019-10-01").body();
    // Then
    assertThat(got.at("/tags/stamprelease.io~1input-hash").asText()).isEqualTo("sha256:abc");
    assertThat(listed.path("value").findValuesAsText("stamprelease.io/input-hash")).contains("sha256:abc");
  }

  @Test
  @DisplayName("a hub of the first 2019-10-01 shape, which defines no deployment tags, drops them")
  void tagsDropped() {
    // Given
    hub.arm.contract().keepDeploymentTags(false);
    // When
    hub.send("PUT", url("untagged"), taggedBody("sha256:def"));
    hub.awaitDeployment(RG, "untagged", "Succeeded");
    // Then
    assertThat(hub.get(url("untagged")).body().has("tags")).isFalse();
  }

  @Test
  @DisplayName("a scale-out PUT of a deployment name whose deployment still runs is refused with 409 DeploymentActive, in either LRO style")
  void scaleOutDeploymentActive() {
    // Given a cluster, and a scale-out of its pool from 2 to 4 nodes that is running (slow deployments)
    Cluster cluster = Cluster.of("shape", "16180339", 1, Map.of("agentpool1", 2));
    hub.deployCluster(RG, "shape-cluster", cluster);
    hub.arm.timings(new ArmTimings(Duration.ofSeconds(5), Duration.ofMillis(150), 1));
    String scale = AksEngineTemplates.deploymentBody(AksEngineTemplates.template(cluster),
        AksEngineTemplates.scaleParameters(cluster, "agentpool1", 4, 2), "Incremental").toString();
    RawArm.Answer first = hub.send("PUT", url("shape-scale"), scale);
    // When the same scale-out is sent again, and again in the Location style
    RawArm.Answer again = hub.send("PUT", url("shape-scale"), scale);
    hub.arm.contract().lroStyle(LroKind.DEPLOYMENT, LroStyle.LOCATION);
    RawArm.Answer againLocation = hub.send("PUT", url("shape-scale"), scale);
    // Then
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("DeploymentActive");
    assertThat(again.body().at("/error/message").asText()).contains("'shape-scale'").contains("is still active");
    assertThat(againLocation.status()).isEqualTo(409);
    assertThat(againLocation.errorCode()).isEqualTo("DeploymentActive");
    // and once it ended, the same name may be PUT again (ARM re-runs it)
    hub.awaitDeployment(RG, "shape-scale", "Succeeded");
    hub.arm.contract().reset();
    assertThat(hub.send("PUT", url("shape-scale"), scale).status()).isEqualTo(200);
  }
}
