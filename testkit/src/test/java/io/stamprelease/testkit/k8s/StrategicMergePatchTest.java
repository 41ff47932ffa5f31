package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Strategic merge patch")
class StrategicMergePatchTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("merges like the API server for the well-known fields")
  @CsvSource(delimiter = '|', textBlock = """
      maps merge and null deletes | {"a":1,"b":{"c":2,"d":3}} | {"b":{"c":null,"e":4}} | {"a":1,"b":{"d":3,"e":4}}
      containers merge by name | {"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]} | {"containers":[{"name":"b","image":"b:2"}]} | {"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]}
      new container is appended | {"containers":[{"name":"a","image":"a:1"}]} | {"containers":[{"name":"c","image":"c:1"}]} | {"containers":[{"name":"a","image":"a:1"},{"name":"c","image":"c:1"}]}
      initContainers env volumes imagePullSecrets by name | {"initContainers":[{"name":"i","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]}],"volumes":[{"name":"v","emptyDir":{}}],"imagePullSecrets":[{"name":"s"}]} | {"initContainers":[{"name":"i","env":[{"name":"X","value":"9"}]}],"volumes":[{"name":"w","emptyDir":{}}],"imagePullSecrets":[{"name":"t"}]} | {"initContainers":[{"name":"i","env":[{"name":"X","value":"9"},{"name":"Y","value":"2"}]}],"volumes":[{"name":"v","emptyDir":{}},{"name":"w","emptyDir":{}}],"imagePullSecrets":[{"name":"s"},{"name":"t"}]}
      volumeMounts by mountPath | {"volumeMounts":[{"name":"a","mountPath":"/a"}]} | {"volumeMounts":[{"name":"b","mountPath":"/a","readOnly":true}]} | {"volumeMounts":[{"name":"b","mountPath":"/a","readOnly":true}]}
      container ports by containerPort | {"ports":[{"containerPort":80,"name":"http"}]} | {"ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}]} | {"ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443}]}
      service ports by port | {"ports":[{"port":80,"targetPort":8080}]} | {"ports":[{"port":80,"targetPort":9090}]} | {"ports":[{"port":80,"targetPort":9090}]}
      conditions by type | {"conditions":[{"type":"Ready","status":"False"},{"type":"Available","status":"True"}]} | {"conditions":[{"type":"Ready","status":"True"}]} | {"conditions":[{"type":"Ready","status":"True"},{"type":"Available","status":"True"}]}
      hostAliases by ip | {"hostAliases":[{"ip":"10.0.0.1","hostnames":["a"]}]} | {"hostAliases":[{"ip":"10.0.0.1","hostnames":["b"]}]} | {"hostAliases":[{"ip":"10.0.0.1","hostnames":["b"]}]}
      other lists are replaced | {"args":["a","b"],"finalizers":["x"]} | {"args":["c"]} | {"args":["c"],"finalizers":["x"]}
      $patch delete removes a list element | {"containers":[{"name":"a"},{"name":"b"}]} | {"containers":[{"name":"a","$patch":"delete"}]} | {"containers":[{"name":"b"}]}
      $patch delete removes a map | {"a":{"b":1},"c":2} | {"a":{"$patch":"delete"}} | {"c":2}
      $patch replace replaces a map | {"sel":{"a":"1","b":"2"}} | {"sel":{"$patch":"replace","c":"3"}} | {"sel":{"c":"3"}}
      $deleteFromPrimitiveList removes values | {"finalizers":["a","b","c"]} | {"$deleteFromPrimitiveList/finalizers":["b"]} | {"finalizers":["a","c"]}
      $setElementOrder and $retainKeys are ignored | {"containers":[{"name":"a"}],"s":{"x":1}} | {"$setElementOrder/containers":[{"name":"a"}],"s":{"$retainKeys":["x"],"y":2}} | {"containers":[{"name":"a"}],"s":{"x":1,"y":2}}
      """)
  void merges(String description, String target, String patch, String expected) throws Exception {
    // Given
    JsonNode current = json(target);

    // When
    JsonNode merged = StrategicMergePatch.apply(current, json(patch));

    // Then
    assertThat(merged).as(description).isEqualTo(json(expected));
    assertThat(current).as("target untouched").isEqualTo(json(target));
  }

  @Test
  @DisplayName("a Helm-style Deployment patch changes replicas and one container image, keeping the rest")
  void helmUpgradePatch() throws Exception {
    // Given
    JsonNode deployment = json("""
        {"spec":{"replicas":1,"template":{"spec":{"containers":[
          {"name":"demo","image":"nginx:1.16.0","ports":[{"containerPort":80,"name":"http"}]}]}}},
         "status":{"replicas":1}}""");
    JsonNode patch = json("""
        {"spec":{"replicas":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"demo"}],
          "containers":[{"image":"nginx:1.27.3","name":"demo"}]}}}}""");

    // When
    JsonNode merged = StrategicMergePatch.apply(deployment, patch);

    // Then
    assertThat(merged).isEqualTo(json("""
        {"spec":{"replicas":3,"template":{"spec":{"containers":[
          {"name":"demo","image":"nginx:1.27.3","ports":[{"containerPort":80,"name":"http"}]}]}}},
         "status":{"replicas":1}}"""));
  }

  private static JsonNode json(String text) throws Exception {
    return KubeStatus.JSON.readTree(text);
  }
}
