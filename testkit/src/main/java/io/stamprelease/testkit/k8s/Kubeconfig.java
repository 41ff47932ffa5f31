package io.stamprelease.testkit.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Renders a single-context kubeconfig for a simulated cluster. */
final class Kubeconfig {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  /** Any token works: the simulated API server does not authenticate. */
  static final String TOKEN = "simulated-token";

  static String render(String clusterName, String serverUrl, String caPem, String namespace) {
    Map<String, Object> config = Map.of(
        "apiVersion", "v1",
        "kind", "Config",
        "clusters", List.of(Map.of("name", clusterName, "cluster", Map.of(
            "server", serverUrl,
            "certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))))),
        "users", List.of(Map.of("name", clusterName + "-user", "user", Map.of("token", TOKEN))),
        "contexts", List.of(Map.of("name", clusterName, "context", Map.of(
            "cluster", clusterName, "user", clusterName + "-user", "namespace", namespace))),
        "current-context", clusterName);
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Kubeconfig() {
  }
}
